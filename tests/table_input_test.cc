// Tables people have, read in: the 凉山州 2021 indicator table (CSV and xlsx
// with merged cells) to a set with `jixiao new set`, and the department's
// inputs as CSV and xlsx through `jixiao import`, scoring as the YAML does.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "files.h"
#include "set_loader.h"
#include "test_support.h"

using namespace jixiao;
using namespace jixiao::test;

namespace {

std::string fixture(const std::string& name) { return source_dir() + "/tests/fixtures/" + name; }

std::string new_home(const std::string& name) {
  const std::string home = scratch_dir(name);
  std::filesystem::create_directories(home + "/indicator-sets");
  return home;
}

}  // namespace

TEST_CASE("table input: new set from the 凉山州 2021 table, CSV and xlsx, gives the shipped tree and texts",
          "[table_input]") {
  const IndicatorSet shipped = load_set_file(sets_dir() + "/liangshan-2021-dept.yaml", {});
  for (const std::string table : {"liangshan-2021-table.csv", "liangshan-2021-table.xlsx"}) {
    INFO(table);
    const std::string home = new_home("new_set_" + table.substr(table.size() - 4));
    const CliRun run = run_jixiao({"new", "set", "ls21", "--from", fixture(table), "--home", home});
    REQUIRE(run.err == "");
    CHECK(run.out == "wrote " + home + "/indicator-sets/ls21.yaml: 13 leaves, full score 100, 13 unknown "
                                       "(choose each leaf's script: jixiao show ls21)\n");
    const IndicatorSet made = load_set_file(home + "/indicator-sets/ls21.yaml", {});
    CHECK(made.name == shipped.name);
    CHECK(made.total == shipped.total);
    const auto a = made.leaves(), b = shipped.leaves();
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].path == b[i].path);
      CHECK(a[i].node->weight == b[i].node->weight);
      CHECK(a[i].node->explanation == b[i].node->explanation);
      CHECK(a[i].node->rule == b[i].node->rule);
      CHECK(a[i].node->script_unknown);
    }
    CHECK(made.leaves()[0].node->id == "l1_1_1");
    const CliRun check = run_jixiao({"check", "ls21", "--home", home});
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("13 unknown (jixiao show ls21)") != std::string::npos);
  }
}

TEST_CASE("table input: new set keeps an existing set unless --force", "[table_input]") {
  const std::string home = new_home("new_set_force");
  const std::string path = home + "/indicator-sets/ls21.yaml";
  write_text(path, "keep me\n");
  const CliRun refused = run_jixiao({"new", "set", "ls21", "--from", fixture("liangshan-2021-table.csv"), "--home", home});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err == "jixiao: " + path + ": exists already: pass --force to overwrite it\n");
  CHECK(read_file(path) == "keep me\n");
  const CliRun forced =
      run_jixiao({"new", "set", "ls21", "--from", fixture("liangshan-2021-table.csv"), "--home", home, "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(read_file(path).compare(0, 2, "# ") == 0);
}

TEST_CASE("table input: new set on the command line's mistakes", "[table_input]") {
  const std::string home = new_home("new_set_usage");
  CHECK(run_jixiao({"new", "set", "两山", "--from", "x.csv", "--home", home}).err ==
        "jixiao: set id '两山' must be ASCII letters, digits, _ and -, such as liangshan-2021-dept\n");
  CHECK(run_jixiao({"new", "set", "ls", "--home", home}).err ==
        "jixiao: jixiao new set needs --from FILE, the indicator table as .csv or .xlsx\n");
  CHECK(run_jixiao({"new", "set", "ls", "--from", home + "/missing.csv", "--home", home}).err ==
        "jixiao: " + home + "/missing.csv: cannot read file\n");
}
