// Nothing lost: two first imports at once keep both records; an import named
// by a relative path survives the default database's mirroring of data/; a
// database of a newer jixiao or a foreign file is refused, never deleted;
// `jixiao db check` finds what is wrong; and an import killed at a random
// point leaves the database as it was before or after its transaction.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "files.h"
#include "sha256.h"
#include "store.h"
#include "store_schema.h"
#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

namespace {

void shell(const std::string& command) {
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

std::string shipped_data() { return read_file(source_dir() + "/data/liangshan-kexie-2021.yaml"); }

// The shipped department-year under another entity name.
std::string data_of(const std::string& entity, const std::string& comment = "") {
  std::string text = shipped_data();
  const std::string from = "entity: 凉山州科学技术协会\n";
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "entity: " + entity + "\n");
  return comment.empty() ? text : "# " + comment + "\n" + text;
}

// A scratch home with the shipped sets and scripts and an empty data/.
std::string make_home(const std::string& name) {
  const std::string dir = scratch_dir(name);
  shell("cp -r '" + source_dir() + "/indicator-sets' '" + source_dir() + "/scripts' '" + dir + "/' && mkdir '" + dir +
        "/data'");
  return dir;
}

// Runs `jixiao ARGS` in a child process, started when `go` is written to.
pid_t spawn(const std::vector<std::string>& args, int go) {
  std::cout.flush();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid != 0) return pid;
  char c;
  if (go >= 0 && ::read(go, &c, 1) != 1) ::_exit(98);
  std::vector<const char*> argv = {"jixiao"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  ::_exit(run_cli(static_cast<int>(argv.size()), argv.data(), out, err));
}

int exit_code(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::map<std::string, std::string> source_hashes(const std::string& db) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(d, "SELECT source, source_hash FROM records");
  std::map<std::string, std::string> out;
  while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
  return out;
}

// True while another process holds the database's write lock.
bool write_lock_held(const std::string& db) {
  SQLite::Database d(db, SQLite::OPEN_READWRITE);
  try {
    d.exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception&) {
    return true;
  }
  d.exec("ROLLBACK");
  return false;
}

}  // namespace

TEST_CASE("durability: two first imports started together both keep their record", "[durability]") {
  const std::string dir = scratch_dir("durability-two-creators");
  write_text(dir + "/a.yaml", data_of("甲单位"));
  write_text(dir + "/b.yaml", data_of("乙单位"));
  for (int round = 0; round < 20; ++round) {
    const std::string db = dir + "/round" + std::to_string(round) + ".db";
    int go[2];
    REQUIRE(::pipe(go) == 0);
    const pid_t a = spawn({"import", dir + "/a.yaml", "--home", source_dir(), "--db", db}, go[0]);
    const pid_t b = spawn({"import", dir + "/b.yaml", "--home", source_dir(), "--db", db}, go[0]);
    REQUIRE(::write(go[1], "ab", 2) == 2);  // both start now
    ::close(go[0]);
    ::close(go[1]);
    CHECK(exit_code(a) == 0);
    CHECK(exit_code(b) == 0);
    const CliRun list = run_jixiao({"list", "--home", source_dir(), "--db", db});
    INFO("round " << round << ": " << list.out << list.err);
    CHECK(list.out.find("甲单位") != std::string::npos);
    CHECK(list.out.find("乙单位") != std::string::npos);
  }
  shell("test -z \"$(ls '" + dir + "' | grep building)\"");  // no temporary file left behind
}

TEST_CASE("durability: twelve scores of the default database started together all succeed", "[durability]") {
  const std::string home = make_home("durability-twelve-scores");
  write_text(home + "/data/kexie.yaml", shipped_data());
  REQUIRE(run_jixiao({"score", "--home", home}).exit_code == 0);  // the default database exists
  write_text(home + "/data/other.yaml", data_of("乙单位"));       // and each run may want to refresh it
  int go[2];
  REQUIRE(::pipe(go) == 0);
  std::vector<pid_t> runs;
  for (int i = 0; i < 12; ++i) runs.push_back(spawn({"score", "--home", home}, go[0]));
  REQUIRE(::write(go[1], "gogogogogogo", 12) == 12);
  ::close(go[0]);
  ::close(go[1]);
  int failed = 0;
  for (pid_t pid : runs) failed += exit_code(pid) != 0;
  CHECK(failed == 0);
}

TEST_CASE("durability: what a killed first import left behind is removed by the next one", "[durability]") {
  const std::string dir = scratch_dir("durability-stale-build");
  const std::string db = dir + "/jixiao.db";
  const pid_t gone = spawn({"--help"}, -1);  // a process id that no longer runs
  exit_code(gone);
  const std::string stale = db + ".building-" + std::to_string(gone);
  for (const char* suffix : {"", "-wal", "-shm"}) write_text(stale + suffix, "half-built");
  const std::string running = db + ".building-" + std::to_string(::getppid());  // another import, still running
  write_text(running, "in progress");
  REQUIRE(run_jixiao({"import", source_dir() + "/data/liangshan-kexie-2021.yaml", "--home", source_dir(), "--db", db})
              .exit_code == 0);
  for (const char* suffix : {"", "-wal", "-shm"}) CHECK_FALSE(file_exists(stale + suffix));
  CHECK(file_exists(running));
}

TEST_CASE("durability: import data/NEW.yaml from the home folder, then score it, works the first time",
          "[durability]") {
  const std::string home = make_home("durability-relative-import");
  write_text(home + "/data/new.yaml", data_of("某县科协"));
  char cwd[4096];
  REQUIRE(::getcwd(cwd, sizeof cwd) != nullptr);
  REQUIRE(::chdir(home.c_str()) == 0);
  const CliRun import = run_jixiao({"import", "data/new.yaml", "--home", home});
  const CliRun score = run_jixiao({"score", "某县科协", "2021", "--home", home});
  const CliRun again = run_jixiao({"score", "某县科协", "2021", "--home", "."});
  REQUIRE(::chdir(cwd) == 0);
  INFO(import.err << score.err << again.err);
  CHECK(import.exit_code == 0);
  CHECK(score.exit_code == 0);
  CHECK(score.out.find("得分合计 85.00 / 90.00") != std::string::npos);
  CHECK(again.exit_code == 0);  // the same file named another way is the same source
}

TEST_CASE("durability: a default database of a newer jixiao is refused with both versions, not rebuilt",
          "[durability]") {
  const std::string home = make_home("durability-newer-default");
  write_text(home + "/data/kexie.yaml", shipped_data());
  REQUIRE(run_jixiao({"score", "--home", home}).exit_code == 0);
  const std::string db = home + "/jixiao.db";
  const std::string newer = std::to_string(store_sql::kSchemaVersion + 1);
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec("UPDATE meta SET value = '" + newer + "' WHERE key = 'schema_version'");
  }
  const CliRun run = run_jixiao({"score", "--home", home});
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK(run.err == "jixiao: " + db + ": written by a newer jixiao (database schema version " + newer +
                       "; this jixiao reads versions up to " + std::to_string(store_sql::kSchemaVersion) +
                       "): use that jixiao, or give another --db; the file is left as it is\n");
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  CHECK(d.execAndGet("SELECT value FROM meta WHERE key = 'schema_version'").getString() == newer);
  CHECK(d.execAndGet("SELECT count(*) FROM records").getInt() == 1);
}

TEST_CASE("durability: a default database that is not a jixiao database is never deleted", "[durability]") {
  const std::string home = make_home("durability-foreign-default");
  write_text(home + "/data/kexie.yaml", shipped_data());
  const std::string db = home + "/jixiao.db";
  const std::string bytes = "my notes, not a database: " + std::string(600, 'x');
  write_text(db, bytes);
  const CliRun run = run_jixiao({"score", "--home", home});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + db + ": not a jixiao database: file is not a database\n");
  CHECK(read_file(db) == bytes);
}

TEST_CASE("durability: import into a folder that does not exist names the folder", "[durability]") {
  const std::string dir = scratch_dir("durability-no-folder") + "/not/there";
  const CliRun run = run_jixiao(
      {"import", source_dir() + "/data/liangshan-kexie-2021.yaml", "--home", source_dir(), "--db", dir + "/x.db"});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + dir + ": no such folder (the database " + dir + "/x.db cannot be created in it)\n");
}

TEST_CASE("durability: a gen that cannot make its new database leaves no file behind, and keeps what was there",
          "[durability]") {
  const std::string dir = scratch_dir("durability-new-database-fails");
  const std::string db = dir + "/x.db";
  std::filesystem::create_directory(db + "-wal");  // the log cannot be made: the database cannot be prepared
  const CliRun run = run_jixiao({"gen", "--departments", "2", "--home", source_dir(), "--db", db});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::StartsWith("jixiao: " + db + ": cannot prepare the database: "));
  CHECK_FALSE(std::filesystem::exists(db));  // it was an empty file
  CHECK(std::filesystem::is_directory(db + "-wal"));  // not this command's: left as it was
  // A database that was there is never removed, whatever fails.
  std::filesystem::remove(db + "-wal");
  REQUIRE(run_jixiao({"gen", "--departments", "2", "--home", source_dir(), "--db", db}).exit_code == 0);
  std::filesystem::create_directory(db + "-wal");
  CHECK(run_jixiao({"gen", "--departments", "3", "--home", source_dir(), "--db", db}).exit_code == 1);
  CHECK(std::filesystem::is_regular_file(db));
  std::filesystem::remove(db + "-wal");
  CHECK(Store::open_read_only(db).records_to_score(0, "").size() >= 2);
}

TEST_CASE("durability: db check passes a clean database and lists every problem of a damaged one",
          "[durability]") {
  const std::string dir = scratch_dir("durability-db-check");
  const std::string db = dir + "/jixiao.db";
  write_text(dir + "/a.yaml", data_of("甲单位"));
  REQUIRE(run_jixiao({"import", dir + "/a.yaml", "--home", source_dir(), "--db", db}).exit_code == 0);
  const CliRun clean = run_jixiao({"db", "check", "--home", source_dir(), "--db", db});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out ==
        "ok    schema version\n"
        "ok    SQLite integrity_check\n"
        "ok    SQLite foreign_key_check\n"
        "ok    orphan rows\n"
        "ok    records whose set exists\n"
        "ok    results of unknown rule versions\n"
        "ok    packed inputs of records\n" +
            db + ": no problem found\n");
  std::string ghost_row;
  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);  // foreign keys off: damage it as a bug or a hand edit would
    d.exec("INSERT INTO facts VALUES (999, 'ghost', '', 'number', '1', '', '', '', '')");
    ghost_row = std::to_string(d.getLastInsertRowid());
    d.exec("UPDATE records SET set_id = 'gone-2020-dept'");
    d.exec("UPDATE record_inputs SET inputs = CAST('0:' AS BLOB)");
  }
  const CliRun damaged = run_jixiao({"db", "check", "--home", source_dir(), "--db", db});
  CHECK(damaged.exit_code == 1);
  CHECK(damaged.out ==
        std::string("ok    schema version\n") +
            "ok    SQLite integrity_check\n"
            "FAIL  SQLite foreign_key_check: 1 problem(s)\n"
        "        facts: row " +
            ghost_row +
            " refers to a missing records row\n"
        "FAIL  orphan rows: 1 problem(s)\n"
        "        facts: fact 'ghost' of record 999, which does not exist\n"
        "FAIL  records whose set exists: 1 problem(s)\n"
        "        records name the set 'gone-2020-dept', which is not in " +
            source_dir() + "/indicator-sets\n" + "ok    results of unknown rule versions\n" +
            "FAIL  packed inputs of records: 1 problem(s)\n"
            "        record 1 (甲单位 2021 filed): its packed inputs do not read back: the rows: the value ends "
            "before it\n" +
            db + ": 4 problem(s)\n");

  write_text(dir + "/garbage.db", std::string(1000, 'g'));
  const CliRun garbage = run_jixiao({"db", "check", "--home", source_dir(), "--db", dir + "/garbage.db"});
  CHECK(garbage.exit_code == 1);
  CHECK(garbage.out.find("FAIL  SQLite integrity_check: 1 problem(s)\n        not a jixiao database: file is not a "
                         "database\n") != std::string::npos);

  {
    SQLite::Database d(db, SQLite::OPEN_READWRITE);
    d.exec("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'");
  }
  const CliRun unreadable = run_jixiao({"db", "check", "--home", source_dir(), "--db", db});
  CHECK(unreadable.exit_code == 1);
  CHECK(unreadable.out.rfind("FAIL  schema version: 1 problem(s)\n"
                             "        the schema version recorded in its meta table is 'abc', not a whole number "
                             "jixiao knows (is the file damaged?)\n",
                             0) == 0);
}

// A large import killed with SIGKILL at a random point, 100 times: after
// each kill the database passes db check and holds every record as it was
// before the import or every record as after it; a re-run completes it.
TEST_CASE("durability: an import killed at a random point leaves the state before or after it", "[durability]") {
  constexpr int kRecords = 30;
  constexpr int kKills = 100;
  const std::string dir = scratch_dir("durability-kill");
  const std::string db = dir + "/jixiao.db";
  std::vector<std::string> files;
  auto write_all = [&](int generation) {
    std::vector<std::string> hashes;
    for (int i = 0; i < kRecords; ++i) {
      const std::string text = data_of("单位" + std::to_string(i), "generation " + std::to_string(generation));
      write_text(files[i], text);
      hashes.push_back(sha256_hex(text));
    }
    return hashes;
  };
  for (int i = 0; i < kRecords; ++i) files.push_back(dir + "/d" + std::to_string(i) + ".yaml");
  std::vector<std::string> import = {"import"};
  import.insert(import.end(), files.begin(), files.end());
  import.insert(import.end(), {"--home", source_dir(), "--db", db});
  auto state_is = [&](const std::vector<std::string>& hashes) {
    const auto stored = source_hashes(db);
    if (stored.size() != files.size()) return false;
    for (size_t i = 0; i < files.size(); ++i)
      if (stored.count(files[i]) == 0 || stored.at(files[i]) != hashes[i]) return false;
    return true;
  };

  std::vector<std::string> before = write_all(0);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(run_jixiao(import).exit_code == 0);
  const auto full_run = std::chrono::steady_clock::now() - start;
  // Kills fall within the time an import takes; the window follows the
  // machine's load: shorter after a kill that came too late, longer after one
  // that landed.
  int window_us = static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(full_run).count());

  const long full_run_ms = static_cast<long>(window_us / 1000);
  std::mt19937 random(20211231);
  int in_transaction = 0, finished_first = 0, left_before = 0;
  for (int kill = 1; kill <= kKills; ++kill) {
    const std::vector<std::string> after = write_all(kill);
    const pid_t child = spawn(import, -1);
    // Half the kills anywhere in the run, half in its last 40%, where the
    // write transaction is (parsing and checking the files come first).
    const int earliest = kill % 2 == 0 ? 0 : window_us * 6 / 10;
    ::usleep(std::uniform_int_distribution<int>(earliest, window_us)(random));
    const bool holding = write_lock_held(db);
    ::kill(child, SIGKILL);
    const int code = exit_code(child);
    finished_first += code == 0;
    window_us = code == 0 ? window_us * 9 / 10 : window_us * 51 / 50;
    in_transaction += holding && code != 0;

    INFO("kill " << kill << " after the child " << (code == 0 ? "finished" : "was killed"));
    const CliRun check = run_jixiao({"db", "check", "--home", source_dir(), "--db", db});
    INFO(check.out << check.err);
    REQUIRE(check.exit_code == 0);
    const bool was_before = state_is(before);
    REQUIRE((was_before || state_is(after)));
    left_before += was_before;
    REQUIRE(run_jixiao(import).exit_code == 0);  // the re-run completes it
    REQUIRE(state_is(after));
    before = after;
  }
  // How often a kill landed inside the write transaction (reported, and at
  // least once, or the test would not test what it says).
  std::cout << "kill test: " << kKills << " kills over a " << full_run_ms << " ms import: " << in_transaction
            << " inside the write transaction, " << left_before << " left the state before, " << finished_first
            << " came after the import finished\n";
  CHECK(in_transaction > 0);
  shell("test -z \"$(ls '" + dir + "' | grep building)\"");
}
