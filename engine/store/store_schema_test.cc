// The store's schema over time and its many-process behaviour: databases of
// every earlier schema migrate with their data; a newer or foreign file is
// refused and left as it is; WAL lets a reader read while another process
// writes; a writer waits for another writer, then says the database is busy.
#include "store.h"
#include "store_schema.h"
#include "store_sql.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

#include "error.h"
#include "files.h"
#include "test_support.h"

using namespace jixiao;

namespace {

std::string what_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kIo);
    return e.what();
  }
  FAIL("no Error was thrown");
  return {};
}

// A database made from the SQL of tests/fixtures/store/NAME.
std::string fixture_database(const std::string& name) {
  const std::string path = test::scratch_dir("store-schema-" + name) + "/jixiao.db";
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(read_file(test::source_dir() + "/tests/fixtures/store/" + name + ".sql"));
  return path;
}

// Every table's columns (name, type, not null, key) and indexes (name,
// unique, columns), as SQLite reports them.
std::string layout(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::string out;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    out += table + ":";
    SQLite::Statement cols(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid");
    cols.bind(1, table);
    while (cols.executeStep())
      out += " " + cols.getColumn(0).getString() + " " + cols.getColumn(1).getString() + " " +
             cols.getColumn(2).getString() + " " + cols.getColumn(3).getString() + ",";
    SQLite::Statement indexes(db, "SELECT name, \"unique\" FROM pragma_index_list(?) ORDER BY name");
    indexes.bind(1, table);
    while (indexes.executeStep()) {
      const std::string index = indexes.getColumn(0).getString();
      out += " index " + index + " " + indexes.getColumn(1).getString() + " (";
      SQLite::Statement cols(db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno");
      cols.bind(1, index);
      while (cols.executeStep()) out += " " + cols.getColumn(0).getString();
      out += " ),";
    }
    out += "\n";
  }
  return out;
}

std::string pragma(const std::string& path, const std::string& name) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA " + name).getString();
}

// A child process that opens `path`, takes the write lock, deletes every
// fact without committing, tells the parent, and holds the lock `hold_ms`.
struct Writer {
  pid_t pid = -1;
  int ready = -1;
};

Writer start_writer(const std::string& path, int hold_ms) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    try {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("BEGIN IMMEDIATE");
      db.exec("DELETE FROM facts");
      if (::write(fds[1], "x", 1) != 1) ::_exit(2);
      ::usleep(hold_ms * 1000);
      db.exec("ROLLBACK");
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  char c;
  REQUIRE(::read(fds[0], &c, 1) == 1);  // the lock is held from here
  ::close(fds[0]);
  return {pid, fds[0]};
}

void finish(const Writer& w) {
  int status = 0;
  REQUIRE(::waitpid(w.pid, &status, 0) == w.pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

Record small_record(const std::string& entity) {
  Record r;
  r.entity = entity;
  r.year = 2021;
  r.kind = "filed";
  r.set_id = "liangshan-2021-dept";
  r.source = "/data/" + entity + ".yaml";
  r.facts["annual_budget"] = test::number_fact("annual_budget", "686.54");
  return r;
}

}  // namespace

TEST_CASE("store schema: a database of every earlier version migrates with its data", "[store-schema]") {
  const std::string fresh = test::scratch_dir("store-schema-fresh") + "/jixiao.db";
  Store::open_for_write(fresh);
  for (int version = 1; version < store_sql::kSchemaVersion; ++version) {
    INFO("schema version " << version);
    const std::string path = fixture_database("schema-v" + std::to_string(version));
    const Store store = Store::open_read_only(path);  // migrates first
    CHECK(store.schema_version() == store_sql::kSchemaVersion);
    CHECK(layout(path) == layout(fresh));

    const Record r = store.load("凉山州科学技术协会", 2021);
    CHECK(r.set_id == "liangshan-2021-dept");
    CHECK(r.source == "data/kexie.yaml");
    CHECK(r.filed_total->str() == "85.5");
    CHECK(r.facts.at("annual_budget").value.display() == "686.54");
    CHECK(r.facts.at("annual_budget").provenance.quote == "总支686.54万元");
    CHECK(r.facts.at("feedback_on_time").value.display() == "false");
    REQUIRE(r.rows.size() == 1);
    const auto& rows = r.rows.at("quantity_indicators");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].cells[0].second.display() == "资助贫困生");
    CHECK(rows[0].cells[1].second.display() == "25");
    CHECK(rows[1].cells[1].first == "done");
    CHECK(rows[1].provenance.quote == "10场");
    CHECK(r.judgements.at("special_budget_mgmt").basis == "扣2分");
    CHECK(r.filed_scores.at("violations").str() == "7.5");

    if (version >= 2) {
      const Record p = store.load("凉山州科学技术协会", 2021, "projects");
      REQUIRE(p.projects.size() == 1);
      CHECK(p.projects[0].name == "资助贫困生项目");
      CHECK(p.projects[0].executed->str() == "9.5");
      CHECK(p.projects[0].weight_share.has_value() == (version >= 3));
      REQUIRE(p.projects[0].rows.size() == 2);
      CHECK(p.projects[0].rows[1].target == "≥90%");
      CHECK(p.projects[0].rows[1].line == 813);
      if (version >= 5) CHECK(p.projects[0].stated_total->str() == "92");
    }
    CHECK(store.list().size() == (version >= 2 ? 2u : 1u));
    // Migration 8 packed each record's inputs from its tables: batch scoring reads them as load() does.
    const std::vector<Record> packed = store.load_many({1}, Store::Reading::kForScoring);
    Record scoring = r;
    scoring.projects.clear();
    CHECK(test::inputs_text(packed[0]) == test::inputs_text(scoring));
    if (version >= 2) {
      Record projects = store.load("凉山州科学技术协会", 2021, "projects");
      CHECK(test::inputs_text(store.load_many({2}, Store::Reading::kProjects)[0], true) ==
            test::inputs_text(projects, true));
    }
    CHECK(store.input_problems().empty());
    CHECK(store.integrity_problems().empty());
    CHECK(store.foreign_key_problems().empty());
    CHECK(store.orphan_rows().empty());
  }
}

TEST_CASE("store schema: results of version 6, one row per leaf, read back the same from version 7's packed rows",
          "[store-schema]") {
  const std::string path = fixture_database("schema-v6");
  const Store store = Store::open_read_only(path);  // migrates first
  std::vector<std::string> got;
  for (const StoredResult& r : store.results())
    got.push_back(std::to_string(r.record_id) + "|" + r.set_id + "|" + r.set_hash + "|" + r.leaf_id + "|" + r.score +
                  "|" + r.source + "|" + r.reason);
  const std::string nul("a tab\ta quote ' \"twice\" a newline\nand a NUL \0 inside", 52);
  CHECK(got == std::vector<std::string>{
                   "1|liangshan-2021-dept|dept-hash-one|self_accuracy||not-scored|",
                   "1|liangshan-2021-dept|dept-hash-one|target_setting||uncovered|",
                   "1|liangshan-2021-dept|dept-hash-one|violations|7.50|computed|",
                   "1|liangshan-2021-dept|dept-hash-two|violations|8.00|computed|",
                   "2|project-selfeval-2021|project-hash|poor-students/1||pending|" + nul,
                   "2|project-selfeval-2021|project-hash|poor-students/2|10.00|scored|12:34 looks like a length:",
                   "2|project-selfeval-2021|project-hash|poor-students/budget|9.50|computed|执行9.5÷预算10=95%",
                   "2|project-selfeval-2021|project-hash|poor-students/total|19.50|pending|已定部分19.50分，待定20.00分",
               });
  const auto totals = store.stored_totals("dept-hash-one", {1});
  CHECK(totals[0].leaves == 3);
  CHECK(totals[0].uncovered == 1);
  CHECK(totals[0].total.str() == "7.5");
  CHECK(store.scored_records("project-hash") == std::vector<int64_t>{2});
  // One row per record and set version: 3, not 8.
  CHECK(SQLite::Database(path, SQLite::OPEN_READONLY).execAndGet("SELECT count(*) FROM results").getInt() == 3);
}

TEST_CASE("store schema: results of version 8 read back the same from version 9's packing, rows that do not read "
          "dropped",
          "[store-schema]") {
  const std::string path = fixture_database("schema-v8");
  const Store store = Store::open_read_only(path);  // migrates first
  std::vector<std::string> got;
  for (const StoredResult& r : store.results())
    got.push_back(std::to_string(r.record_id) + "|" + r.set_hash + "|" + r.leaf_id + "|" + r.score + "|" + r.source +
                  "|" + r.reason);
  const std::string nul("a tab\ta quote ' \"twice\" a newline\nand a NUL \0 inside", 52);
  CHECK(got == std::vector<std::string>{
                   "1|dept-hash-one|self_accuracy||not-scored|",
                   "1|dept-hash-one|target_setting||uncovered|",
                   "1|dept-hash-one|violations|7.50|computed|",
                   "1|dept-hash-three|target_setting|8.00|computed|",  // shown as before: at the places the others show
                   "1|dept-hash-three|violations|7.125|computed|",
                   "1|dept-hash-two|violations|8.00|computed|",
                   "2|project-hash|poor-students/1||pending|" + nul,
                   "2|project-hash|poor-students/2|10.00|scored|12:34 looks like a length:",
                   "2|project-hash|poor-students/budget|9.50|computed|执行9.5÷预算10=95%",
                   "2|project-hash|poor-students/total|19.50|pending|已定部分19.50分，待定20.00分",
               });
  const auto totals = store.stored_totals("dept-hash-three", {1});
  CHECK(totals[0].leaves == 2);
  CHECK(totals[0].total.str() == "15.125");
  // The rows that did not read are gone, and their records are scored again by the next score --all.
  CHECK(store.scored_records("dept-hash-four").empty());
  CHECK(store.scored_records("dept-hash-three") == std::vector<int64_t>{1});
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM results").getInt() == 4);
  // Named each, as they were: a version lists its leaves only from the next row scored under it.
  CHECK(db.execAndGet("SELECT count(*) FROM set_versions WHERE leaves IS NOT NULL").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM results WHERE (unicode(leaves) & 16) = 0").getInt() == 0);
}

TEST_CASE("store schema: version 10's packings move to the table of their kind's, byte for byte, in id order",
          "[store-schema]") {
  const std::string path = fixture_database("schema-v10");
  auto packings = [&](const std::string& table) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    std::vector<std::string> out;
    SQLite::Statement q(db, "SELECT record_id, hex(inputs) FROM " + table + " ORDER BY rowid");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString());
    return out;
  };
  const std::vector<std::string> before = packings("record_inputs");
  REQUIRE(before.size() == 2);  // record 1 filed, record 2 project tables
  const Store store = Store::open_read_only(path);  // migrates first
  CHECK(packings("record_inputs") == std::vector<std::string>{before[0]});
  CHECK(packings("project_inputs") == std::vector<std::string>{before[1]});
  // Each read from its kind's table, whichever kinds a read asks for.
  for (const Store::Kinds kinds : {Store::Kinds::kAny, Store::Kinds::kDepartmentYears}) {
    std::vector<size_t> gone;
    CHECK(store.load_many({1}, Store::Reading::kPacked, &gone, kinds)[0].packed ==
          store.load_many({1}, Store::Reading::kPacked)[0].packed);
    CHECK(gone.empty());
  }
  std::vector<size_t> gone;
  const Record projects = store.load_many({1, 2}, Store::Reading::kProjects, &gone, Store::Kinds::kProjectTables)[1];
  CHECK(gone == std::vector<size_t>{0});
  CHECK(test::inputs_text(projects, true) == test::inputs_text(store.load("凉山州科学技术协会", 2021, "projects"), true));
  CHECK(store.input_problems().empty());
}

TEST_CASE("store schema: a database of a newer jixiao is refused with both versions and left as it is",
          "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-newer") + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  }
  const std::string message = path +
                              ": written by a newer jixiao (database schema version 99; this jixiao reads versions "
                              "up to " + std::to_string(store_sql::kSchemaVersion) +
                              "): use that jixiao, or give another --db; the file is left as it is";
  CHECK(what_of([&] { Store::open_read_only(path); }) == message);
  CHECK(what_of([&] { Store::open_for_write(path); }) == message);
  CHECK(pragma(path, "user_version") == "0");
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM records").getInt() == 1);
}

TEST_CASE("store schema: an SQLite file of another program is refused and never changed", "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-foreign") + "/other.db";
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE things (x); INSERT INTO things VALUES (1)");
  }
  const std::string before = read_file(path);
  const std::string message =
      path + ": not a jixiao database (an SQLite file without jixiao's meta table); the file is left as it is";
  CHECK(what_of([&] { Store::open_read_only(path); }) == message);
  CHECK(what_of([&] { Store::open_for_write(path); }) == message);
  CHECK(read_file(path) == before);
}

namespace {

// A jixiao database whose meta table records `value` as its schema version:
// every way of opening it names the value, and the file is left as it is.
void check_unreadable_version(const std::string& name, const std::string& value) {
  const std::string path = test::scratch_dir("store-schema-bad-version-" + name) + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    SQLite::Statement q(db, "UPDATE meta SET value = ? WHERE key = 'schema_version'");
    q.bind(1, value);
    q.exec();
  }
  const std::string before = read_file(path);
  const std::string message = path + ": the schema version recorded in its meta table is '" + value +
                              "', not a whole number jixiao knows (is the file damaged?); the file is left as it is";
  CHECK(what_of([&] { Store::open_read_only(path); }) == message);
  CHECK(what_of([&] { Store::open_for_write(path); }) == message);
  CHECK(read_file(path) == before);
}

}  // namespace

TEST_CASE("store schema: a schema version that is letters is named, not called a foreign file", "[store-schema]") {
  check_unreadable_version("letters", "abc");
}

TEST_CASE("store schema: a negative schema version is named, not called a foreign file", "[store-schema]") {
  check_unreadable_version("negative", "-1");
}

TEST_CASE("store schema: an empty schema version is named, not called a foreign file", "[store-schema]") {
  check_unreadable_version("empty", "");
}

TEST_CASE("store schema: a fractional schema version is named, not called a foreign file", "[store-schema]") {
  check_unreadable_version("fraction", "6.0");
}

TEST_CASE("store schema: a schema version too large for any int is named, not called a foreign file",
          "[store-schema]") {
  check_unreadable_version("huge", "99999999999999999999");
}

TEST_CASE("store schema: a meta table without a schema version says so", "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-no-version") + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM meta WHERE key = 'schema_version'");
  }
  const std::string message =
      path + ": its meta table records no schema version (is the file damaged?); the file is left as it is";
  CHECK(what_of([&] { Store::open_read_only(path); }) == message);
  CHECK(what_of([&] { Store::open_for_write(path); }) == message);
}

TEST_CASE("store schema: a database is written in WAL mode with foreign keys and a busy timeout", "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-wal") + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  CHECK(pragma(path, "journal_mode") == "wal");
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  store_sql::configure(db);
  CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(db.execAndGet("PRAGMA busy_timeout").getInt() == store_sql::kBusyTimeoutMs);
}

TEST_CASE("store schema: a reader reads the last committed state while another process writes",
          "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-reader") + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  const Writer w = start_writer(path, 1500);  // holds an uncommitted DELETE FROM facts
  const auto start = std::chrono::steady_clock::now();
  const Store store = Store::open_read_only(path);
  const Record r = store.load("甲", 2021);
  CHECK(r.facts.size() == 1);  // not the writer's half-done state
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1000));  // and without waiting
  finish(w);
}

TEST_CASE("store schema: a writer waits for another process's write, then writes", "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-wait") + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  const Writer w = start_writer(path, 1000);
  const auto s = Store::open_for_write(path).import({small_record("乙")}, {"h"});
  CHECK(s.imported == 1);
  finish(w);
  CHECK(Store::open_read_only(path).list().size() == 2);
}

TEST_CASE("store schema: a write that cannot get the lock within the timeout says the database is busy",
          "[store-schema]") {
  const std::string path = test::scratch_dir("store-schema-busy") + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});
  const Writer w = start_writer(path, store_sql::kBusyTimeoutMs + 2000);
  Store store = Store::open_for_write(path);
  CHECK(what_of([&] { store.import({small_record("乙")}, {"h"}); }) ==
        path + ": import failed, nothing was written: the database is busy: another jixiao is writing it; try again");
  finish(w);
}

namespace {

// How a child process ended that ran `read` (the path of a database of one
// record; its exit code) as a user who may read the database but write
// neither it nor its folder (root, who may write anywhere, becomes nobody).
int read_in_read_only_folder(const std::function<int(const std::string& path)>& read) {
  // Under /tmp, not the build folder: the reader below is another user, who
  // must be able to reach the folder whatever the checkout's own permissions.
  char made[] = "/tmp/jixiao-read-only-folder-XXXXXX";
  REQUIRE(::mkdtemp(made) != nullptr);
  const std::string dir = made;
  REQUIRE(::chmod(dir.c_str(), 0755) == 0);
  const std::string path = dir + "/jixiao.db";
  Store::open_for_write(path).import({small_record("甲")}, {"h"});  // WAL, all checkpointed at close
  REQUIRE(::chmod(path.c_str(), 0444) == 0);
  REQUIRE(::chmod(dir.c_str(), 0555) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (::getuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    try {
      ::_exit(read(path));
    } catch (...) {
      ::_exit(4);
    }
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  ::chmod(dir.c_str(), 0755);
  ::chmod(path.c_str(), 0644);
  std::system(("rm -rf '" + dir + "'").c_str());
  return status;
}

}  // namespace

TEST_CASE("store schema: a database in a folder the reader may not write is still read", "[store-schema]") {
  const int status = read_in_read_only_folder(
      [](const std::string& path) { return Store::open_read_only(path).load("甲", 2021).facts.size() == 1 ? 0 : 3; });
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("store schema: db check reads a database in a folder the reader may not write, as every reader does",
          "[store-schema]") {
  const int status = read_in_read_only_folder([](const std::string& path) {
    const Store store = Store::open_for_check(path);
    const bool clean = store.schema_version() == Store::current_schema_version() &&
                       store.integrity_problems().empty() && store.orphan_rows().empty() &&
                       store.input_problems().empty();
    return clean ? 0 : 3;
  });
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("store schema: SQLite's failures are told apart", "[store-schema]") {
  struct Case {
    int code;
    std::string meaning;
  };
  const Case cases[] = {
      {SQLITE_BUSY, "the database is busy: another jixiao is writing it; try again"},
      {SQLITE_LOCKED, "the database is busy: another jixiao is writing it; try again"},
      {SQLITE_READONLY, "the database is read-only (boom): check the permissions of the file and of its folder"},
      {SQLITE_NOTADB, "not a jixiao database: boom"},
      {SQLITE_CORRUPT, "the database is corrupt (boom); see 'jixiao db check'"},
      {SQLITE_FULL, "the disk is full (boom)"},
      {SQLITE_CANTOPEN, "cannot open the database file (boom): check that it and its folder exist and may be read, and "
                        "written by a command that writes (it keeps a -wal and a -shm file beside the database)"},
  };
  for (const auto& c : cases) CHECK(store_sql::describe(SQLite::Exception("boom", c.code)) == c.meaning);
}

TEST_CASE("store schema: a database in a folder that does not exist names the folder", "[store-schema]") {
  const std::string dir = test::scratch_dir("store-schema-no-folder") + "/missing";
  CHECK(what_of([&] { Store::open_for_write(dir + "/jixiao.db"); }) ==
        dir + ": no such folder (the database " + dir + "/jixiao.db cannot be created in it)");
  CHECK_FALSE(file_exists(dir));
}

TEST_CASE("store schema: orphan rows of an older database skip the tables it does not have yet", "[store-schema]") {
  for (int version = 1; version < store_sql::kSchemaVersion; ++version) {
    INFO("schema version " << version);
    const Store store = Store::open_for_check(fixture_database("schema-v" + std::to_string(version)));
    CHECK(store.schema_version() == version);  // read as it is, not migrated
    CHECK(store.orphan_rows().empty());
  }
}
