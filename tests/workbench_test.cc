// The analyst's workbench on the command line: try a rule on inputs given
// there, list the scripts from their headers, and have a variant's mistakes
// (a misspelt parameter, points that cannot reach the weight, weights that
// do not add up) refused at the variant's own line.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "test_support.h"

using jixiao::test::run_jixiao;
using jixiao::test::scratch_dir;
using jixiao::test::write_text;

namespace {

jixiao::test::CliRun in_source(std::vector<std::string> args) {
  args.insert(args.end(), {"--home", jixiao::test::source_dir(), "--db", scratch_dir("workbench-db") + "/x.db"});
  return run_jixiao(args);
}

// A home holding one variant of liangshan-2021-dept, `overrides` its body; returns the variant's file.
std::string variant_home(const std::string& name, const std::string& overrides) {
  const std::string home = scratch_dir(name);
  // Only the variant: its base and scripts are the shipped ones.
  if (std::system(("mkdir -p '" + home + "/indicator-sets'").c_str()) != 0) throw std::runtime_error("cannot mkdir");
  const std::string file = home + "/indicator-sets/v.yaml";
  write_text(file, "id: v\nextends: liangshan-2021-dept\nname: 变体\noverrides:\n" + overrides);
  return file;
}

jixiao::test::CliRun check_variant(const std::string& file) {
  const std::string home = file.substr(0, file.find("/indicator-sets/"));
  return run_jixiao({"check", "v", "--home", home, "--db", home + "/x.db"});
}

}  // namespace

TEST_CASE("workbench: try runs one leaf on facts given on the command line", "[workbench]") {
  const auto run = in_source({"try", "liangshan-2021-dept", "exec_progress", "exec_rate_jun=38", "exec_rate_sep=70",
                              "exec_rate_nov=85"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  // 2 × 38 ÷ 40 + 2 + 2 = 5.90
  CHECK(run.out ==
        "liangshan-2021-dept › 部门预算管理 › 预算执行 › 执行进度（exec_progress）\n"
        "指标体系  " + jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml\n"
        "分值      6.00\n"
        "得分      5.90\n"
        "说明      6月执行进度38%，未达40%，得1.90分；9月执行进度70%，达到67.5%，得2.00分；"
        "11月执行进度85%，达到82.5%，得2.00分，得5.90分\n"
        "读取      exec_rate_jun=38, exec_rate_sep=70, exec_rate_nov=85\n"
        "参数      {checkpoints: [{fact: exec_rate_jun, label: 6月, target: 40, points: 2}, {fact: exec_rate_sep, "
        "label: 9月, target: 67.5, points: 2}, {fact: exec_rate_nov, label: 11月, target: 82.5, points: 2}]}\n"
        "脚本      scripts/checkpoints.lua\n");
}

TEST_CASE("workbench: try takes a row table as a YAML list of maps", "[workbench]") {
  const auto run = in_source({"try", "liangshan-2021-dept", "target_achievement",
                              "quantity_indicators=[{name: 培训, target: 10, actual: 10}, {name: 科普, target: 5, actual: 3}]"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("得分      4.00\n"));
  CHECK_THAT(run.out, Catch::Contains("读取      quantity_indicators=2 rows"));
}

TEST_CASE("workbench: try names a misspelt input with the nearest one the leaf reads", "[workbench]") {
  const auto run = in_source({"try", "liangshan-2021-dept", "exec_progress", "exec_rate_jun=38", "exec_rate_sept=70"});
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "jixiao: leaf exec_progress reads no input 'exec_rate_sept', did you mean 'exec_rate_sep'? "
        "(it reads: exec_rate_jun, exec_rate_sep, exec_rate_nov)\n");
}

TEST_CASE("workbench: try with a missing fact says what is missing, never a silent 0", "[workbench]") {
  const auto run = in_source({"try", "liangshan-2021-dept", "exec_progress", "exec_rate_jun=38"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("得分      （无）所缺：fact 'exec_rate_sep' "));
  CHECK_THAT(run.out, Catch::Contains("fact 'exec_rate_nov' "));
  CHECK_THAT(run.out, Catch::Contains("说明      缺少输入，亦未记录判定\n"));
}

TEST_CASE("workbench: try scores one row of a project set", "[workbench]") {
  const auto row = in_source({"try", "project-selfeval-2021", "row", "target=≥95%", "actual=90%", "weight=10"});
  INFO(row.err);
  REQUIRE(row.exit_code == 0);
  // 90 ÷ 95 × 10 = 9.47
  CHECK_THAT(row.out, Catch::Contains("分值      10.00（表中分值）\n得分      9.47\n说明      正向指标，实际90%，指标≥95%\n"));
  const auto budget = in_source({"try", "project-selfeval-2021", "budget", "planned=100", "executed=95"});
  REQUIRE(budget.exit_code == 0);
  CHECK_THAT(budget.out, Catch::Contains("得分      9.50\n"));
  const auto wrong = in_source({"try", "project-selfeval-2021", "rwo", "target=1"});
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.err == "jixiao: a project set's LEAF is row or budget, not 'rwo', did you mean 'row'?\n");
}

TEST_CASE("workbench: scripts lists every shipped script from its header", "[workbench]") {
  const auto run = in_source({"scripts"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("checklist.lua  清单计分：每一项满足的，得该项分值。\n"));
  CHECK_THAT(run.out, Catch::Contains("  per_item  number  required  每个问题扣的分\n"));
  CHECK_THAT(run.out, Catch::Contains("  scores at most the sum of items[].points\n"));
  CHECK_THAT(run.out, Catch::Contains("  rate_mode  text  default half-up  "));
  CHECK(run.out.find("no header") == std::string::npos);  // every shipped script declares its params
}

TEST_CASE("workbench: a variant reweighting 目标制定 to 10 without changing its 4 + 4 points is refused at its line",
          "[workbench]") {
  // budget_accuracy gives up 2 points so that 预算编制 still adds up to 24.
  const std::string file =
      variant_home("workbench-reach", "  target_setting:\n    weight: 10\n  budget_accuracy:\n    weight: 6\n");
  const auto run = check_variant(file);
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + file +
                       ":6:13: [部门预算管理 › 预算编制 › 目标制定（target_setting）] cannot reach its weight 10: "
                       "checklist.lua scores at most the sum of items[].points, 4 + 4 = 8\n");
}

TEST_CASE("workbench: a misspelt parameter in a variant is an error at its line, with the nearest name",
          "[workbench]") {
  const std::string file = variant_home("workbench-misspelt", "  violations:\n    params: {per_iten: 1}\n");
  const auto run = check_variant(file);
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + file +
                       ":6:24: [部门预算管理 › 完成结果 › 违规记录（violations）] params.per_iten is not a parameter of "
                       "per_item_deduction.lua, did you mean 'per_item'?\n");
}

TEST_CASE("workbench: a missing required parameter is an error naming it and its meaning", "[workbench]") {
  const std::string file = variant_home("workbench-missing-param",
                                        "  violations:\n    script: per_item_deduction.lua\n    params: {count: violations_found, item: 问题}\n");
  const auto run = check_variant(file);
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + file +
                       ":7:13: [部门预算管理 › 完成结果 › 违规记录（violations）] per_item_deduction.lua needs "
                       "params.per_item (每个问题扣的分)\n");
}

TEST_CASE("workbench: a fact-naming parameter must name a fact the leaf declares", "[workbench]") {
  const std::string file = variant_home("workbench-fact-param", "  violations:\n    params: {count: violation_found}\n");
  const auto run = check_variant(file);
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + file +
                       ":6:21: [部门预算管理 › 完成结果 › 违规记录（violations）] params.count names fact "
                       "'violation_found', which the leaf does not declare in facts:, did you mean 'violations_found'?\n");
}

TEST_CASE("workbench: a weight-sum error caused by a variant points at the variant's line", "[workbench]") {
  const std::string file = variant_home("workbench-sum", "  target_setting:\n    weight: 10\n");
  const auto run = check_variant(file);
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + file +
                       ":6:13: [部门预算管理 › 预算编制] weights add up to 26, not its weight 24: 10 (目标制定) + 8 "
                       "(目标实现) + 8 (编制准确)\n");
}

TEST_CASE("workbench: score --set scores a record under another set without editing the data file", "[workbench]") {
  const std::string db = scratch_dir("workbench-score-set") + "/x.db";
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--home", jixiao::test::source_dir(), "--db", db});
    return run_jixiao(args);
  };
  REQUIRE(with({"import", jixiao::test::source_dir() + "/data/liangshan-kexie-2021.yaml"}).exit_code == 0);
  const auto own = with({"score"});
  const auto other = with({"score", "--set", "example-county-2022-dept"});
  INFO(other.err);
  REQUIRE(other.exit_code == 0);
  CHECK_THAT(own.out, Catch::StartsWith("凉山州科学技术协会 2021 · 凉山州2021年部门整体支出绩效评价指标体系（liangshan-2021-dept）"));
  CHECK_THAT(other.out, Catch::StartsWith("凉山州科学技术协会 2021 · 示例县2022年部门整体支出绩效评价指标体系（示例）"
                                          "（example-county-2022-dept）"));
  const auto unknown = with({"score", "--set", "example-county-2021-dept"});
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("did you mean 'example-county-2022-dept'?"));
}

TEST_CASE("workbench: show and show --diff work for project sets", "[workbench]") {
  const std::string home = scratch_dir("workbench-project-show");
  if (std::system(("mkdir -p '" + home + "/indicator-sets'").c_str()) != 0) throw std::runtime_error("cannot mkdir");
  const std::string file = home + "/indicator-sets/pv.yaml";
  write_text(file, "id: pv\nextends: project-selfeval-2021\nname: 变体\nrows:\n  params:\n    over_cap_pct: 120\n"
                   "    grade_words:\n      +达成: [已办结]\n");
  const auto show = run_jixiao({"show", "pv", "--home", home, "--db", home + "/x.db"});
  INFO(show.err);
  REQUIRE(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::StartsWith("pv  变体\nfile      " + file + "\n"));
  const auto diff = run_jixiao({"show", "pv", "--diff", "project-selfeval-2021", "--home", home, "--db", home + "/x.db"});
  INFO(diff.err);
  REQUIRE(diff.exit_code == 0);
  const auto lines = jixiao::test::lines_of(diff.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "pv against project-selfeval-2021: 3 difference(s)");
  CHECK(lines[2] == "~ rows.params.over_cap_pct: 100 → 120");
  CHECK_THAT(lines[3], Catch::StartsWith("~ rows.params.grade_words: {达成: [达成,"));
  CHECK_THAT(lines[3], Catch::Contains("完成预期目标, 已办结], 部分达成:"));
}

TEST_CASE("workbench: check runs a project set's examples and reports a failing one with its line", "[workbench]") {
  const auto shipped = in_source({"check", "project-selfeval-2021"});
  INFO(shipped.out << shipped.err);
  CHECK(shipped.exit_code == 0);
  CHECK(shipped.out == "ok    project-selfeval-2021  project set, 3 categories, full score 100, examples 6/6 passed\n");

  const std::string home = scratch_dir("workbench-project-examples");
  if (std::system(("mkdir -p '" + home + "/indicator-sets'").c_str()) != 0) throw std::runtime_error("cannot mkdir");
  write_text(home + "/indicator-sets/pv.yaml",
             "id: pv\nextends: project-selfeval-2021\nname: 变体\nrows:\n  params:\n    over_cap_pct: 120\n");
  const auto run = run_jixiao({"check", "pv", "--home", home, "--db", home + "/x.db"});
  CHECK(run.exit_code == 1);
  // 98 ÷ 95 × 10 = 10.32 once over-achievement counts up to 120%.
  CHECK_THAT(run.out, Catch::Contains("[pv › 绩效指标] example failed\n  inputs:   target=≥95%, actual=98%, weight=10\n"
                                      "  expected: 10.00\n  actual:   10.32（"));
  CHECK_THAT(run.out, Catch::Contains("FAIL  pv  project set, 3 categories, full score 100, examples 5/6 passed\n"));
}

TEST_CASE("workbench: explain --project shows one row of a project table, as explain shows a leaf", "[workbench]") {
  const std::string db = scratch_dir("workbench-explain-row") + "/x.db";
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--home", jixiao::test::source_dir(), "--db", db});
    return run_jixiao(args);
  };
  REQUIRE(with({"import", jixiao::test::source_dir() + "/data/liangshan-kexie-2021-projects.yaml"}).exit_code == 0);
  const auto run = with({"explain", "凉山州科学技术协会", "2021", "3", "--project", "summary"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const auto lines = jixiao::test::lines_of(run.out);
  REQUIRE(lines.size() > 10);
  CHECK(lines[0] == "项目完成指标 › 数量指标 › 科普宣传活动业务经费（第3行）");
  CHECK(lines[4] == "分值      1.73（假定：产出指标 50 ÷ 29 项）");
  CHECK(lines[6] == "得分      1.73");
  CHECK(lines[9] == "预期指标值  「科普宣传培训完成率95%左右」 读作 ≈95%");
  CHECK(run.out.find("脚本      scripts/indicator_row.lua\n") != std::string::npos);
  const auto by_name = with({"explain", "凉山州科学技术协会", "2021", "科普宣传活动业务经费", "--project", "summary"});
  CHECK(by_name.out == run.out);
  const auto missing = with({"explain", "凉山州科学技术协会", "2021", "99", "--project", "summary"});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::StartsWith("jixiao: no row '99' in project summary (rows 1–41)"));
}
