// An analyst's own folder (--home, $JIXIAO_HOME) layered over the shipped
// sets and scripts: its sets extend shipped ones and its scripts require
// shipped helpers without copying them; data/ and the database are its own.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "files.h"
#include "test_support.h"

using jixiao::test::run_jixiao;
using jixiao::test::write_text;

namespace {

// A fresh folder outside the repository, with empty indicator-sets/,
// scripts/ and data/.
std::string fresh_home(const std::string& name) {
  std::string pattern = (std::filesystem::temp_directory_path() / ("jixiao-" + name + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a folder from " + pattern);
  for (const char* sub : {"indicator-sets", "scripts", "data"}) std::filesystem::create_directory(pattern + "/" + sub);
  return pattern;
}

const char* const kVariant =
    "id: bureau-2024-dept\n"
    "extends: liangshan-2021-dept\n"
    "name: 某州部门整体支出绩效评价指标体系（2024）\n"
    "overrides:\n"
    "  violations:\n"
    "    script: strict_violations.lua\n"
    "    params: {per_item: 1}\n";

// The analyst's own script, built on the shipped helpers.
const char* const kScript =
    "local rules = require \"lib.rules\"\n"
    "return function(ctx)\n"
    "  local n = rules.num(ctx.facts.violations_found)\n"
    "  local score = math.max(0, ctx.weight - n * ctx.params.per_item)\n"
    "  return score, \"问题\" .. rules.num(n) .. \"个，每个扣\" .. rules.num(ctx.params.per_item) .. \"分（本州规则）\"\n"
    "end\n";

}  // namespace

TEST_CASE("home: a set in the analyst's folder extends a shipped set and its script requires lib.rules",
          "[home]") {
  const std::string home = fresh_home("home-variant");
  write_text(home + "/indicator-sets/bureau-2024-dept.yaml", kVariant);
  write_text(home + "/scripts/strict_violations.lua", kScript);
  const std::string db = home + "/jixiao.db";

  const auto check = run_jixiao({"check", "bureau-2024-dept", "--home", home});
  INFO(check.out << check.err);
  // The base's example pins 0.5 a problem; under the variant one problem costs 1.
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("  actual:   7.00（问题1个，每个扣1分（本州规则））"));
  CHECK_THAT(check.out, Catch::Contains("FAIL  bureau-2024-dept  13 leaves"));

  // A record filed under the variant, in the analyst's data/: the default
  // database is the home's own.
  std::string data = jixiao::read_file(jixiao::test::source_dir() + "/data/liangshan-kexie-2021.yaml");
  const size_t at = data.find("set: liangshan-2021-dept");
  REQUIRE(at != std::string::npos);
  data.replace(at, std::string("set: liangshan-2021-dept").size(), "set: bureau-2024-dept");
  write_text(home + "/data/bureau.yaml", data);
  const auto score = run_jixiao({"explain", "violations", "--home", home});
  INFO(score.err);
  REQUIRE(score.exit_code == 0);
  CHECK_THAT(score.out, Catch::Contains("本州规则"));
  CHECK(jixiao::file_exists(db));

  // JSON names the file the set was loaded from: the analyst's.
  const auto json = run_jixiao({"score", "--format", "json", "--home", home});
  REQUIRE(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains(home + "/indicator-sets/bureau-2024-dept.yaml"));
  std::filesystem::remove_all(home);
}

TEST_CASE("home: $JIXIAO_HOME names the analyst's folder when --home does not", "[home]") {
  const std::string home = fresh_home("home-env");
  write_text(home + "/indicator-sets/bureau-2024-dept.yaml", kVariant);
  write_text(home + "/scripts/strict_violations.lua", kScript);
  ::setenv("JIXIAO_HOME", home.c_str(), 1);
  const auto run = run_jixiao({"show", "bureau-2024-dept"});
  ::unsetenv("JIXIAO_HOME");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("strict_violations.lua"));
  std::filesystem::remove_all(home);
}

TEST_CASE("home: the analyst's set or script of the same name is used before the shipped one", "[home]") {
  const std::string home = fresh_home("home-shadow");
  write_text(home + "/scripts/proportional.lua",
             "return function(ctx) return 0, \"the analyst's proportional\" end\n");
  write_text(home + "/indicator-sets/v.yaml", "id: v\nextends: liangshan-2021-dept\nname: 变体\n");
  const auto run = run_jixiao({"check", "v", "--home", home});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("the analyst's proportional"));
  std::filesystem::remove_all(home);
}

TEST_CASE("home: an unknown set names every folder searched", "[home]") {
  const std::string home = fresh_home("home-missing");
  const auto run = run_jixiao({"show", "liangshan-2012-dept", "--home", home});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: no indicator set 'liangshan-2012-dept' in " + home + "/indicator-sets or " +
                       jixiao::test::source_dir() + "/indicator-sets, did you mean 'liangshan-2021-dept'?\n");
  std::filesystem::remove_all(home);
}
