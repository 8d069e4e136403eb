// The command line on good and bad input: exact exit codes (0 success, 1 input
// that cannot be loaded or scored, 2 a wrong command line), error messages
// that name the file and line or the leaf, and never a score on stdout when
// something went wrong. Every call passes --home and --db, so no test touches
// the developer's default database.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "files.h"
#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

namespace {

const std::string kDataName = "liangshan-kexie-2021.yaml";
const std::string kSetName = "liangshan-2021-dept.yaml";

std::string shipped_data() { return source_dir() + "/data/" + kDataName; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void shell(const std::string& command) {
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

// `text` with the one occurrence of `from` replaced by `to`.
std::string replace_once(const std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  INFO("looking for: " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// The 1-based line of the first line of `text` containing `needle`.
int line_of(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  int line = 1;
  for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return line;
}

// A scratch home: a copy of the shipped set the tests use and of scripts/,
// and a data/ folder holding `data_text` (the shipped data file unless
// given). Only the set the tests pin is copied: sets added to the
// repository's indicator-sets/ never change what these tests see.
struct Home {
  std::string dir;
  std::string db;
  std::string data_file;
  std::string set_file;
};

Home make_home(const std::string& name, const std::string& data_text) {
  Home h;
  h.dir = scratch_dir(name) + "/home";
  h.db = scratch_dir(name + "-db") + "/jixiao.db";
  shell("mkdir -p '" + h.dir + "/data' '" + h.dir + "/indicator-sets' && cp -r '" + scripts_dir() + "' '" + h.dir +
        "/' && cp '" + sets_dir() + "/" + kSetName + "' '" + h.dir + "/indicator-sets/'");
  h.data_file = h.dir + "/data/" + kDataName;
  h.set_file = h.dir + "/indicator-sets/" + kSetName;
  write_text(h.data_file, data_text);
  return h;
}

Home make_home(const std::string& name) { return make_home(name, slurp(shipped_data())); }

CliRun in_home(const Home& h, std::vector<std::string> args) {
  args.insert(args.end(), {"--home", h.dir, "--db", h.db});
  return run_jixiao(args);
}

void require_imported(const Home& h) {
  const CliRun run = in_home(h, {"import", h.data_file});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
}

// No score, subtotal or table leaked onto stdout.
void check_nothing_on_stdout(const CliRun& run) {
  INFO("stdout: " << run.out);
  CHECK(run.out.empty());
}

}  // namespace

// ---------------------------------------------------------------------------
// The command line itself (exit 2)

TEST_CASE("jixiao with no arguments prints usage to stderr and exits 2", "[cli]") {
  const CliRun run = run_jixiao({});
  CHECK(run.exit_code == 2);
  check_nothing_on_stdout(run);
  CHECK(run.err.find("usage: jixiao COMMAND") != std::string::npos);
  CHECK(run.err.find("score") != std::string::npos);
}

TEST_CASE("an unknown command exits 2 and names the command", "[cli]") {
  const CliRun run = run_jixiao({"scroe"});
  CHECK(run.exit_code == 2);
  check_nothing_on_stdout(run);
  CHECK(run.err.find("unknown command 'scroe'") != std::string::npos);
}

TEST_CASE("a misspelt command suggests the command it resembles", "[cli]") {
  // 'scroe' is 'score' with two letters swapped: the typo a suggestion is for.
  const CliRun run = run_jixiao({"scroe"});
  CHECK(run.exit_code == 2);
  INFO("stderr: " << run.err);
  CHECK(run.err.find("did you mean 'score'") != std::string::npos);
}

TEST_CASE("an unknown option exits 2 and names the option", "[cli]") {
  const std::string db = scratch_dir("cli-unknown-option") + "/jixiao.db";
  const CliRun run = run_jixiao({"score", "--fromat", "json", "--home", source_dir(), "--db", db});
  CHECK(run.exit_code == 2);
  check_nothing_on_stdout(run);
  CHECK(run.err.find("unknown option --fromat") != std::string::npos);
  CHECK(run.err.find("did you mean '--format'") != std::string::npos);
  CHECK_FALSE(file_exists(db));
}

TEST_CASE("an option given twice is refused, naming it and both values, instead of keeping the last", "[cli]") {
  const std::string dir = scratch_dir("cli-option-twice");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"score", "--format", "csv", "--format", "markdown"},
       "jixiao: --format 给了两次（'csv' 和 'markdown'），只能给一次 (--format is given twice: 'csv', then 'markdown')\n"},
      {{"score", "-o", dir + "/a.txt", "--output=" + dir + "/b.txt"},
       "jixiao: -o/--output 给了两次（'" + dir + "/a.txt' 和 '" + dir + "/b.txt'），只能给一次 (-o/--output is given twice: '" +
           dir + "/a.txt', then '" + dir + "/b.txt')\n"},
      {{"compare", "--set", "liangshan-2021-dept", "--set=sichuan-2022-dept"},
       "jixiao: --set 给了两次（'liangshan-2021-dept' 和 'sichuan-2022-dept'），只能给一次 (--set is given twice: "
       "'liangshan-2021-dept', then 'sichuan-2022-dept')\n"},
      {{"score", "--db", dir + "/other.db"},  // --db given twice: here and by the common arguments below
       "jixiao: --db 给了两次（'" + dir + "/other.db' 和 '" + dir + "/j.db'），只能给一次 (--db is given twice: '" + dir +
           "/other.db', then '" + dir + "/j.db')\n"},
  };
  for (const auto& [words, message] : cases) {
    std::vector<std::string> args = words;
    args.insert(args.end(), {"--home", source_dir(), "--db", dir + "/j.db"});
    const CliRun run = run_jixiao(args);
    INFO(words[1]);
    CHECK(run.exit_code == 2);
    check_nothing_on_stdout(run);
    CHECK(run.err == message);
  }
  CHECK_FALSE(file_exists(dir + "/a.txt"));
  CHECK_FALSE(file_exists(dir + "/j.db"));
  // A flag given twice asks for the same thing twice: no conflict to refuse.
  const CliRun flags = run_jixiao({"new", "set", "x", "--force", "--force", "--home", dir, "--db", dir + "/j.db"});
  CHECK(flags.err == "jixiao: jixiao new set needs --from FILE, the indicator table as .csv or .xlsx\n");
}

TEST_CASE("an option given an empty value is refused, naming it, instead of being ignored", "[cli]") {
  const std::string dir = scratch_dir("cli-option-empty");
  for (const std::vector<std::string>& words : std::vector<std::vector<std::string>>{
           {"score", "--set", ""}, {"score", "--set="}, {"compare", "--against", ""}, {"score", "--format="}}) {
    std::vector<std::string> args = words;
    args.insert(args.end(), {"--home", source_dir(), "--db", dir + "/j.db"});
    const CliRun run = run_jixiao(args);
    const std::string name = words[1].substr(0, words[1].find('='));
    INFO(words[1]);
    CHECK(run.exit_code == 2);
    check_nothing_on_stdout(run);
    CHECK(run.err == "jixiao: " + name + " 的值是空的 (" + name + " needs a value, not an empty one)\n");
  }
  const CliRun o = run_jixiao({"score", "-o", "", "--home", source_dir(), "--db", dir + "/j.db"});
  CHECK(o.err == "jixiao: -o 的值是空的 (-o needs a value, not an empty one)\n");
  const CliRun last = run_jixiao({"score", "--home", source_dir(), "--db", dir + "/j.db", "--set"});
  CHECK(last.exit_code == 2);
  CHECK(last.err == "jixiao: --set 后面缺少值 (--set needs a value)\n");
  CHECK_FALSE(file_exists(dir + "/j.db"));
}

TEST_CASE("score --help prints the command's usage and exits 0", "[cli]") {
  const CliRun run = run_jixiao({"score", "--help"});
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.find("usage: jixiao score") != std::string::npos);
  CHECK(run.out.find("--format") != std::string::npos);
}

// ---------------------------------------------------------------------------
// Good input (exit 0)

TEST_CASE("check validates the shipped indicator sets and exits 0", "[cli]") {
  // The sets are named: a set an analyst adds to indicator-sets/ is not this test's business.
  const CliRun run = run_jixiao({"check", "liangshan-2021-dept", "sichuan-2022-dept", "hunan-2023-dept",
                                 "example-county-2022-dept", "project-selfeval-2021", "--home", source_dir(), "--db",
                                 scratch_dir("cli-check") + "/jixiao.db"});
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.rfind("ok ", 0) == 0);
  CHECK(run.out.find(" liangshan-2021-dept  13 leaves, full score 100, self-assessed out of 90") !=
        std::string::npos);
}

TEST_CASE("list shows the imported department-year", "[cli]") {
  const Home h = make_home("cli-list");
  require_imported(h);
  const CliRun run = in_home(h, {"list"});
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("凉山州科学技术协会  2021  filed  liangshan-2021-dept") != std::string::npos);
}

TEST_CASE("explain shows a leaf's rule text and the provenance of its input", "[cli]") {
  const Home h = make_home("cli-explain");
  require_imported(h);
  const CliRun run = in_home(h, {"explain", "凉山州科学技术协会", "2021", "exec_progress"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(run.out.find("部门预算管理 › 预算执行 › 执行进度（exec_progress）") != std::string::npos);
  CHECK(run.out.find("计分标准\n  部门预算执行进度在6、9、11月应达到序时进度的80%、90%、90%") != std::string::npos);
  CHECK(run.out.find("出处：003_d3b1babfb2d71a4b.txt: 「在开展绩效运行监控中，3个阶段总体能够达到财政要求的支付进度」") !=
        std::string::npos);
  CHECK(run.out.find("得分      6.00（判定）") != std::string::npos);
}

TEST_CASE("explain of an unknown leaf exits 1 and suggests the nearest leaf id", "[cli]") {
  const Home h = make_home("cli-explain-typo");
  require_imported(h);
  const CliRun run = in_home(h, {"explain", "凉山州科学技术协会", "2021", "exec_progres"});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  CHECK(run.err.find("no leaf 'exec_progres' in liangshan-2021-dept") != std::string::npos);
  CHECK(run.err.find("did you mean 'exec_progress'") != std::string::npos);
}

TEST_CASE("re-importing an unchanged file writes nothing, and an edited file is imported again", "[cli]") {
  const Home h = make_home("cli-reimport");
  const CliRun first = in_home(h, {"import", h.data_file});
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("imported 1 record(s), 0 unchanged") != std::string::npos);

  const CliRun again = in_home(h, {"import", h.data_file});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("imported 0 record(s), 1 unchanged") != std::string::npos);

  // Any edit counts, even one that leaves every score as it was: a label.
  write_text(h.data_file, replace_once(slurp(h.data_file), "label: 12月底累计支出", "label: 12月末累计支出"));
  const CliRun edited = in_home(h, {"import", h.data_file});
  REQUIRE(edited.exit_code == 0);
  CHECK(edited.out.find("imported 1 record(s), 0 unchanged") != std::string::npos);

  const CliRun explain = in_home(h, {"explain", "budget_completion"});
  REQUIRE(explain.exit_code == 0);
  CHECK(explain.out.find("12月末累计支出") != std::string::npos);
}

// ---------------------------------------------------------------------------
// Data that cannot be scored (exit 1)

TEST_CASE("a data file without a fact a rule needs scores the rest and names the gap, and --complete makes it exit 1", "[cli]") {
  const std::string shipped = slurp(shipped_data());
  const size_t from = shipped.find("  spent_by_december:\n");
  const size_t to = shipped.find("  violations_found:\n");
  REQUIRE(from != std::string::npos);
  REQUIRE(to > from);
  const Home h = make_home("cli-missing-fact", shipped.substr(0, from) + shipped.substr(to));
  require_imported(h);

  const CliRun partial = in_home(h, {"score"});
  CHECK(partial.exit_code == 0);
  INFO("stdout: " << partial.out);
  CHECK(partial.out.find("可计算部分得分 77.00，覆盖分值 82.00 / 90.00（91.11%）；未能计算 8.00 分\n") != std::string::npos);
  CHECK(partial.out.find("不是最终得分：1 项指标未能计算") != std::string::npos);
  CHECK(partial.out.find("  部门预算管理 › 完成结果 › 预算完成（budget_completion）：fact 'spent_by_december'，判定\n") !=
        std::string::npos);
  CHECK(partial.out.find("得分合计") == std::string::npos);  // no total that looks final

  const CliRun run = in_home(h, {"score", "--complete"});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  INFO("stderr: " << run.err);
  CHECK(run.err.find(h.data_file + ": 凉山州科学技术协会 2021: 1 leaf(s) cannot be scored") != std::string::npos);
  CHECK(run.err.find("[部门预算管理 › 完成结果 › 预算完成（budget_completion）] missing fact 'spent_by_december'") != std::string::npos);
  CHECK(run.err.find("no judgement is recorded for 'budget_completion'") != std::string::npos);

  const CliRun json = in_home(h, {"score", "--format", "json", "--complete"});
  CHECK(json.exit_code == 1);
  check_nothing_on_stdout(json);
}

TEST_CASE("a misspelt fact name in the data makes score point at the recorded name", "[cli]") {
  const Home h = make_home("cli-fact-typo",
                           replace_once(slurp(shipped_data()), "  spent_by_december:\n", "  spent_by_decembr:\n"));
  require_imported(h);

  const CliRun run = in_home(h, {"score", "--complete"});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  INFO("stderr: " << run.err);
  // The rule needs spent_by_december; the nearest recorded fact is the typo,
  // so the message shows both names side by side.
  CHECK(run.err.find("[部门预算管理 › 完成结果 › 预算完成（budget_completion）] missing fact 'spent_by_december' (the record has "
                     "'spent_by_decembr': misspelt?)") != std::string::npos);
}

TEST_CASE("broken YAML makes import exit 1 with file:line:col and creates no database", "[cli]") {
  const std::string shipped = slurp(shipped_data());
  const std::string broken = replace_once(shipped, "year: 2021\n", "year: 2021: x\n");
  const Home h = make_home("cli-broken-yaml", broken);
  const int line = line_of(broken, "year: 2021: x");
  REQUIRE(line == 5);

  const CliRun run = in_home(h, {"import", h.data_file});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  INFO("stderr: " << run.err);
  // Column 11 is the second ':' of "year: 2021: x".
  CHECK(run.err.find(h.data_file + ":5:11: YAML syntax") != std::string::npos);
  CHECK_FALSE(file_exists(h.db));

  const CliRun list = in_home(h, {"list"});
  CHECK(list.exit_code == 1);
  CHECK(list.err.find(h.db + ": no such database") != std::string::npos);
}

TEST_CASE("importing a good file together with a broken one writes nothing", "[cli]") {
  const std::string shipped = slurp(shipped_data());
  const Home h = make_home("cli-all-or-nothing");
  const std::string broken_file = h.dir + "/data/broken.yaml";
  write_text(broken_file, replace_once(shipped, "year: 2021\n", "year: 2021: x\n"));

  SECTION("into no database: none is created") {
    const CliRun run = in_home(h, {"import", h.data_file, broken_file});
    CHECK(run.exit_code == 1);
    check_nothing_on_stdout(run);
    CHECK(run.err.find(broken_file + ":5:11:") != std::string::npos);
    CHECK_FALSE(file_exists(h.db));
    // Nor a half-built one beside it.
    const std::string db_dir = h.db.substr(0, h.db.rfind('/'));
    CHECK(std::system(("test -z \"$(ls -A '" + db_dir + "')\"").c_str()) == 0);
  }

  SECTION("into an existing database: it is left byte for byte as it was") {
    require_imported(h);
    const std::string before = slurp(h.db);
    // An edited good file would be imported on its own…
    write_text(h.data_file, shipped + "# edited\n");
    const CliRun run = in_home(h, {"import", h.data_file, broken_file});
    CHECK(run.exit_code == 1);
    check_nothing_on_stdout(run);
    CHECK(run.err.find(broken_file + ":5:11:") != std::string::npos);
    CHECK(slurp(h.db) == before);
    // …and was not: the shipped bytes are still the stored ones.
    write_text(h.data_file, shipped);
    const CliRun again = in_home(h, {"import", h.data_file});
    REQUIRE(again.exit_code == 0);
    CHECK(again.out.find("imported 0 record(s), 1 unchanged") != std::string::npos);
  }
}

// ---------------------------------------------------------------------------
// Sets and scripts that are wrong (exit 1)

TEST_CASE("a set whose weights do not add up makes check exit 1 naming file, line and node", "[cli]") {
  const Home h = make_home("cli-weights");
  const std::string set = replace_once(slurp(h.set_file), "name: 目标制定\n            weight: 8\n",
                                       "name: 目标制定\n            weight: 7\n");
  write_text(h.set_file, set);
  const int line = line_of(set, "- id: budget_preparation");

  const CliRun run = in_home(h, {"check"});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  INFO("stderr: " << run.err);
  CHECK(run.err.find(h.set_file + ":" + std::to_string(line) + ":") != std::string::npos);
  CHECK(run.err.find("[部门预算管理 › 预算编制] weights add up to 23, not its weight 24") != std::string::npos);
  CHECK(run.err.find("7 (目标制定) + 8 (目标实现) + 8 (编制准确)") != std::string::npos);

  require_imported(h);
  const CliRun score = in_home(h, {"score"});
  CHECK(score.exit_code == 1);
  check_nothing_on_stdout(score);
  CHECK(score.err.find(h.set_file + ":" + std::to_string(line) + ":") != std::string::npos);
}

TEST_CASE("a script that fails when loaded makes score exit 1 naming the leaf and script line", "[cli]") {
  const Home h = make_home("cli-script-load");
  write_text(h.dir + "/scripts/checkpoints.lua",
             "-- replaced by the test: fails as soon as it is loaded\n"
             "local rules = require \"lib.rules\"\n"
             "error(\"boom\")\n"
             "return function(ctx) return 0, \"never\" end\n");
  require_imported(h);

  const CliRun run = in_home(h, {"score"});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  INFO("stderr: " << run.err);
  CHECK(run.err.find("scripts/checkpoints.lua:3:") != std::string::npos);
  CHECK(run.err.find("[部门预算管理 › 预算执行 › 执行进度（exec_progress）]") != std::string::npos);
  CHECK(run.err.find("boom") != std::string::npos);

  const CliRun check = in_home(h, {"check"});
  CHECK(check.exit_code == 1);
  check_nothing_on_stdout(check);
  CHECK(check.err.find("scripts/checkpoints.lua:3:") != std::string::npos);
}

TEST_CASE("a script that fails while scoring makes score exit 1 naming the leaf and script line", "[cli]") {
  const Home h = make_home("cli-script-run");
  const std::string script_file = h.dir + "/scripts/proportional.lua";
  // The real script, failing on the first line of its scoring function.
  const std::string script = replace_once(slurp(script_file), "return function(ctx)\n",
                                          "return function(ctx)\n"
                                          "  local broken = ctx.params.nothing.here\n");
  write_text(script_file, script);
  const int line = line_of(script, "ctx.params.nothing.here");
  require_imported(h);

  const CliRun run = in_home(h, {"score"});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  INFO("stderr: " << run.err);
  CHECK(run.err.find(h.data_file + ": 凉山州科学技术协会 2021: 1 leaf(s) cannot be scored") != std::string::npos);
  CHECK(run.err.find("scripts/proportional.lua:" + std::to_string(line) + ":") != std::string::npos);
  CHECK(run.err.find("[部门预算管理 › 完成结果 › 预算完成（budget_completion）]") != std::string::npos);
  CHECK(run.err.find("attempt to index a nil value (field 'nothing')") != std::string::npos);
}

// ---------------------------------------------------------------------------
// Databases that cannot be read (exit 1)

TEST_CASE("a file of random bytes passed as --db is refused as not a jixiao database", "[cli]") {
  const std::string db = scratch_dir("cli-corrupt-db") + "/random.db";
  std::mt19937 random(20210101);
  std::string bytes(8192, '\0');
  for (char& b : bytes) b = static_cast<char>(random() & 0xFF);
  write_text(db, bytes);

  for (const std::string command : {"score", "list"}) {
    INFO("jixiao " << command);
    const CliRun run = run_jixiao({command, "--home", source_dir(), "--db", db});
    CHECK(run.exit_code == 1);
    check_nothing_on_stdout(run);
    CHECK(run.err.find(db + ": not a jixiao database") != std::string::npos);
  }

  const CliRun import = run_jixiao({"import", shipped_data(), "--home", source_dir(), "--db", db});
  CHECK(import.exit_code == 1);
  check_nothing_on_stdout(import);
  CHECK(import.err.find(db + ":") != std::string::npos);
  CHECK(slurp(db) == bytes);
}

TEST_CASE("score with a --db that does not exist exits 1 and does not create it", "[cli]") {
  const std::string db = scratch_dir("cli-no-db") + "/missing.db";
  const CliRun run = run_jixiao({"score", "--home", source_dir(), "--db", db});
  CHECK(run.exit_code == 1);
  check_nothing_on_stdout(run);
  CHECK(run.err.find(db + ": no such database") != std::string::npos);
  CHECK_FALSE(file_exists(db));
}

TEST_CASE("a command that only reads the database leaves no -wal or -shm file beside it", "[cli]") {
  // A read-only SQLite connection cannot remove the write-ahead log and shared memory files its opening made: every
  // score, compare or explain left them behind.
  const Home h = make_home("cli-reader-files");
  require_imported(h);
  REQUIRE_FALSE(file_exists(h.db + "-wal"));
  const std::vector<std::vector<std::string>> readers = {
      {"score", "凉山州科学技术协会", "2021"}, {"compare", "凉山州科学技术协会", "2021"},
      {"explain", "凉山州科学技术协会", "2021", "exec_progress"}, {"list"}, {"db", "check"}};
  const std::string before = slurp(h.db);
  for (const auto& words : readers) {
    const CliRun run = in_home(h, words);
    INFO(words[0] << ": " << run.err);
    CHECK(run.exit_code == 0);
    CHECK_FALSE(file_exists(h.db + "-wal"));
    CHECK_FALSE(file_exists(h.db + "-shm"));
  }
  CHECK(slurp(h.db) == before);  // and writes nothing
}
