// A department leaf taken from the department's project self-evaluations, end
// to end: rows_from_projects with totals, imported beside the project tables,
// scored by scripts/project_mean.lua, shown by score, explain and compare.
// The 凉山 archive as shipped, and a made-up department (a fixture, not a
// real record) whose tables score in full.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "test_support.h"

using jixiao::test::run_jixiao;
using jixiao::test::scratch_dir;
using jixiao::test::source_dir;
using jixiao::test::write_text;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Made up for the tests: two projects met in full by the rule (100 each, on
// budgets 40 and 10), each printing a 总分 of its own.
std::string projects_yaml(const std::string& printed_a) {
  std::string rows =
      "    rows:\n"
      "      - {level1: 产出指标, level2: 数量指标, name: 活动场次, target: \"≥10场\", actual: \"12场\"}\n"
      "      - {level1: 效益指标, level2: 社会效益指标, name: 受益人次, target: \"≥100人次\", actual: \"120人次\"}\n"
      "      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, target: \"≥90%\", actual: \"95%\"}\n";
  return "# made up for tests/dept_from_projects_test.cc: not a real department\n"
         "entity: 示例县科协\nyear: 2021\nset: project-selfeval-2021\nrecord: projects\nprojects:\n"
         "  - id: a\n    name: 科普活动\n    source: {file: made-up.txt, quote: 科普活动, line: 10}\n"
         "    budget: {planned: 40, executed: 40, unit: 万元}\n    filed: {total: " + printed_a + "}\n" + rows +
         "  - id: b\n    name: 学术交流\n    source: {file: made-up.txt, quote: 学术交流, line: 20}\n"
         "    budget: {planned: 10, executed: 10, unit: 万元}\n    filed: {total: 70}\n" + rows;
}

std::string department_yaml(const std::string& basis) {
  return "# made up for tests/dept_from_projects_test.cc: not a real department\n"
         "entity: 示例县科协\nyear: 2021\nset: liangshan-2021-dept\n"
         "filed: {scores: {special_budget_mgmt: 18}}\n"
         "rows_from_projects:\n  project_totals:\n    totals: " + basis + "\n    projects: [a, b]\n";
}

// A home of its own (layered over the shipped sets and scripts) with the two files.
std::string home_with(const std::string& name, const std::string& basis, const std::string& printed_a) {
  const std::string home = scratch_dir(name);
  std::filesystem::create_directories(home + "/data");
  write_text(home + "/data/county-2021.yaml", department_yaml(basis));
  write_text(home + "/data/county-2021-projects.yaml", projects_yaml(printed_a));
  return home;
}

jixiao::test::CliRun in_home(const std::string& home, std::vector<std::string> args) {
  args.insert(args.end(), {"--home", home});
  return run_jixiao(args);
}

}  // namespace

TEST_CASE("dept_from_projects: the 凉山 review reads the pending project rows and recomputes 专项预算管理 beside the "
          "filed 18",
          "[dept_from_projects]") {
  const std::string db = scratch_dir("dept-from-projects-liangshan") + "/jixiao.db";
  const std::string data = source_dir() + "/data/liangshan-kexie-2021";
  REQUIRE(run_jixiao({"import", data + ".yaml", data + "-review.yaml", data + "-projects.yaml", "--home", source_dir(),
                      "--db", db}).exit_code == 0);
  const auto run = run_jixiao({"compare", "凉山州科学技术协会", "2021", "--home", source_dir(), "--db", db});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  // (59.40 + 88.48 + 96.47 + 100.00 + 76.76) ÷ 5 = 84.222% of 20 = 16.84.
  CHECK(contains(run.out, "专项预算管理  20.00     18.00     16.84   +1.16  多报  5个项目自评总分平均得分率84.22%×20分："
                          "公共服务及基础设施运行保障（group-1）59.40分（满分100），待定行按评价组读法：第899行「"));
  for (const char* project : {"学术交流学会科普（group-2）88.48分（满分100），待定行按评价组读法：第1100行",
                              "（group-3）96.47分（满分100），待定行按评价组读法：第1310行「1-2次」评为达成",
                              "（group-4）100.00分（满分100），待定行按评价组读法：第1498行",
                              "凉山州州本级科普专项资金（transfer）76.76分（满分100），待定行按评价组读法：第1623行「3家」读作预期3、实际0"})
    CHECK(contains(run.out, project));
  CHECK_FALSE(contains(run.out, "（summary）"));  // the summary table restates the others: not counted
  CHECK_FALSE(contains(run.out, "待定："));       // no project is left pending, no judgement stands in
  const auto explain = run_jixiao({"explain", "凉山州科学技术协会", "2021", "special_budget_mgmt", "--record", "review",
                                   "--home", source_dir(), "--db", db});
  INFO(explain.out << explain.err);
  CHECK(explain.exit_code == 0);
  CHECK(contains(explain.out, "第969行「6万元」评为未达成（实际完成值未填，评价组按未完成计）"));
}

TEST_CASE("dept_from_projects: recomputed totals score the leaf, and explain lists every project",
          "[dept_from_projects]") {
  const std::string home = home_with("dept-from-projects-recomputed", "recomputed", "90");
  const auto run = in_home(home, {"score", "示例县科协", "2021"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  // Both projects meet every row: 100 each, 20 of 20.
  CHECK(contains(run.out, "2个项目自评总分平均得分率100%×20分：科普活动（a）100.00分（满分100）；学术交流（b）100.00分（满分100），得20.00分"));
  const auto explain = in_home(home, {"explain", "示例县科协", "2021", "special_budget_mgmt"});
  INFO(explain.out << explain.err);
  CHECK(explain.exit_code == 0);
  CHECK(contains(explain.out, "made-up.txt:10"));
  CHECK(contains(explain.out, "made-up.txt:20"));
  CHECK(contains(explain.out, "总分由 jixiao 按 project-selfeval-2021 重算"));
}

TEST_CASE("dept_from_projects: printed totals score the leaf, and a changed table changes the score",
          "[dept_from_projects]") {
  const std::string home = home_with("dept-from-projects-printed", "printed", "90");
  const auto first = in_home(home, {"score", "示例县科协", "2021"});
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  // (90 + 70) ÷ 2 = 80% of 20 = 16.
  CHECK(contains(first.out, "2个项目自评总分平均得分率80%×20分：科普活动（a）90.00分（满分100）；学术交流（b）70.00分（满分100），得16.00分"));
  CHECK(contains(first.out, "专项预算管理                      20.00     18.00  16.00  计算"));
  const auto scored = in_home(home, {"score", "--all", "--jobs", "1"});
  CHECK(contains(scored.out + scored.err, "scored 1 record(s), 13 leaves"));
  const auto again = in_home(home, {"score", "--all", "--jobs", "1"});
  CHECK(contains(again.out + again.err, "1 skipped (already scored under the same set version)"));

  // The project table's printed total changes: the record is taken afresh (its
  // hash holds the projects'), and so are its results.
  write_text(home + "/data/county-2021-projects.yaml", projects_yaml("50"));
  const auto second = in_home(home, {"score", "示例县科协", "2021"});
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 0);
  // (50 + 70) ÷ 2 = 60% of 20 = 12.
  CHECK(contains(second.out, "科普活动（a）50.00分（满分100）；学术交流（b）70.00分（满分100），得12.00分"));
  const auto rescored = in_home(home, {"score", "--all", "--jobs", "1"});
  INFO(rescored.out << rescored.err);
  CHECK(contains(rescored.out + rescored.err, "scored 1 record(s), 13 leaves"));
}

TEST_CASE("dept_from_projects: a project printing no 总分 leaves the leaf uncovered, naming it",
          "[dept_from_projects]") {
  const std::string home = home_with("dept-from-projects-unprinted", "printed", "90");
  std::string projects = projects_yaml("90");
  projects.erase(projects.find("    filed: {total: 70}\n"), std::string("    filed: {total: 70}\n").size());
  write_text(home + "/data/county-2021-projects.yaml", projects);
  const auto run = in_home(home, {"score", "示例县科协", "2021", "--complete"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK(contains(run.err, "  [专项预算管理（special_budget_mgmt）] inputs not yet decided (项目「学术交流」（b）的表中未印总分), "
                          "and no judgement is recorded for 'special_budget_mgmt'\n"));
}

TEST_CASE("dept_from_projects: a reading of a row that is not pending breaks only its own file, at its line",
          "[dept_from_projects]") {
  const std::string home = home_with("dept-from-projects-reading", "recomputed", "90");
  write_text(home + "/data/county-2021.yaml", department_yaml("recomputed") +
                                                  "    readings:\n      a:\n"
                                                  "        \"≥10场\": {target: 10, actual: 12, why: 读作12场}\n");
  const auto run = in_home(home, {"list"});
  INFO(run.out << run.err);
  CHECK(contains(run.err, "county-2021.yaml:12:21: project_totals: a reading names the target 「≥10场」, which no pending "
                          "row of 项目「科普活动」（a） has\n"));
}

TEST_CASE("dept_from_projects: an unknown project in the list breaks only its own file", "[dept_from_projects]") {
  const std::string home = home_with("dept-from-projects-unknown", "printed", "90");
  std::string dept = department_yaml("printed");
  dept.replace(dept.find("[a, b]"), 6, "[a, bb]");
  write_text(home + "/data/county-2021.yaml", dept);
  const auto run = in_home(home, {"list"});
  INFO(run.out << run.err);
  CHECK(contains(run.err, "county-2021.yaml:9:15: rows_from_projects: 示例县科协 2021 has no project 'bb', did you mean 'b'?"));
}

TEST_CASE("dept_from_projects: departments imported together recompute their totals as each would alone",
          "[dept_from_projects]") {
  // A second made-up department whose 受益人次 row is missed: its projects score lower.
  auto second = [](std::string text) {
    for (size_t at; (at = text.find("示例县科协")) != std::string::npos;) text.replace(at, 15, "示例乙科协");
    const std::string met = "actual: \"120人次\"";
    for (size_t at; (at = text.find(met)) != std::string::npos;) text.replace(at, met.size(), "actual: \"50人次\"");
    return text;
  };
  const std::string both = home_with("dept-from-projects-both", "recomputed", "90");
  write_text(both + "/data/second-2021.yaml", second(department_yaml("recomputed")));
  write_text(both + "/data/second-2021-projects.yaml", second(projects_yaml("90")));
  const std::string alone = scratch_dir("dept-from-projects-alone");
  std::filesystem::create_directories(alone + "/data");
  write_text(alone + "/data/second-2021.yaml", second(department_yaml("recomputed")));
  write_text(alone + "/data/second-2021-projects.yaml", second(projects_yaml("90")));
  const auto together = in_home(both, {"score", "示例乙科协", "2021"});
  const auto by_itself = in_home(alone, {"score", "示例乙科协", "2021"});
  INFO(together.out << together.err << by_itself.out << by_itself.err);
  REQUIRE(together.exit_code == 0);
  CHECK(together.out == by_itself.out);
  CHECK_FALSE(contains(together.out, "得20.00分"));  // the missed rows count
  const auto first = in_home(both, {"score", "示例县科协", "2021"});
  CHECK(contains(first.out, "科普活动（a）100.00分（满分100）；学术交流（b）100.00分（满分100），得20.00分"));
}
