#include "project_checks.h"
#include "project_report.h"

#include <catch2/catch.hpp>

#include "files.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Project;
using jixiao::ProjectRow;
using jixiao::ProjectScorer;

namespace {

std::string shipped_set_text() { return jixiao::read_file(jixiao::test::sets_dir() + "/project-selfeval-2021.yaml"); }

// The shipped set with `from` replaced by `to` in its text.
ProjectScorer variant(const std::vector<std::pair<std::string, std::string>>& edits = {}) {
  std::string text = shipped_set_text();
  for (const auto& [from, to] : edits) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  return ProjectScorer(text, "variant.yaml", jixiao::test::scripts_dir());
}

ProjectRow row(const char* level1, const char* name, const char* target, const char* actual, const char* weight,
               int line) {
  ProjectRow r;
  r.level1 = level1;
  r.level2 = "数量指标";
  r.name = name;
  r.target = target;
  r.actual = actual;
  r.weight = *Decimal::parse(weight);
  r.line = line;
  return r;
}

// A table printing 分值 50 + 30 + 10 for its rows and 10 for the budget row, all met.
Project stated_table() {
  Project p;
  p.id = "p";
  p.name = "测试项目";
  p.provenance.file = "table.pdf:12";
  p.planned = Decimal::from_int(100);
  p.executed = Decimal::from_int(100);
  p.rows = {row("产出指标", "数量", "≥10个", "10个", "50", 20), row("效益指标", "效益", "≥1项", "1项", "30", 21),
            row("满意度指标", "满意度", "≥90%", "95%", "10", 22)};
  return p;
}

}  // namespace

TEST_CASE("checks: stated 分值 adding up to 110 give no grade and say 不一致", "[project-checks]") {
  ProjectScorer scorer = variant();
  Project p = stated_table();
  p.rows[0].weight = Decimal::from_int(60);
  const auto result = scorer.score(p, "data/p.yaml");
  CHECK(result.total.str(2) == "110.00");
  CHECK(result.grade.empty());
  CHECK(result.inconsistencies == std::vector<std::string>{
                                      "data/p.yaml: project p（测试项目）: 不一致：各行分值合计 100，加预算执行率 10 分，共 110 分，不等于满分 100",
                                      "data/p.yaml: project p（测试项目）: 不一致：总分 110.00 高于满分 100.00"});
  const std::string table = jixiao::render_project_table(scorer.set(), result);
  CHECK_THAT(table, Catch::Contains("得分 110.00 / 100.00（不一致，不评等级）"));
  CHECK_THAT(table, !Catch::Contains("等级 优"));
  const auto summary = jixiao::render_project_summary(scorer.set(), "t", {result});
  CHECK_THAT(summary, Catch::Contains("不一致"));
}

TEST_CASE("checks: under the budget-out-of-total variant the same table is 不一致 against 90", "[project-checks]") {
  ProjectScorer scorer = variant({{"total: 100", "total: 90"}, {"in_total: true", "in_total: false"}});
  Project p = stated_table();
  p.rows[0].weight = Decimal::from_int(60);
  const auto result = scorer.score(p, "data/p.yaml");
  CHECK(result.total.str(2) == "100.00");
  CHECK(result.grade.empty());
  CHECK(result.inconsistencies == std::vector<std::string>{
                                      "data/p.yaml: project p（测试项目）: 不一致：各行分值合计 100，共 100 分，不等于满分 90",
                                      "data/p.yaml: project p（测试项目）: 不一致：总分 100.00 高于满分 90.00"});
  CHECK(scorer.score(stated_table()).inconsistencies.empty());  // 50 + 30 + 10 = 90, the budget row apart
}

TEST_CASE("checks: a 一级指标's printed points must match its rows, and a stated 得分 its 分值", "[project-checks]") {
  ProjectScorer scorer = variant();
  Project p = stated_table();
  p.rows[0].level1_points = Decimal::from_int(40);
  p.rows[1].score = Decimal::from_int(31);
  const auto result = scorer.score(p, "data/p.yaml");
  REQUIRE(result.inconsistencies.size() == 2);
  CHECK(result.inconsistencies[0] == "table.pdf:21 效益指标 › 数量指标 › 效益: 不一致：表中得分 31.00 高于分值 30.00");
  CHECK(result.inconsistencies[1] ==
        "data/p.yaml: project p（测试项目） › 产出指标: 不一致：各行分值合计 50，一级指标印有 40 分");
  CHECK(result.grade.empty());
}

TEST_CASE("checks: a consistent table gets its grade and no message", "[project-checks]") {
  ProjectScorer scorer = variant();
  Project p = stated_table();
  for (auto& r : p.rows) r.level1_points = r.weight;
  const auto result = scorer.score(p, "data/p.yaml");
  CHECK(result.inconsistencies.empty());
  CHECK(result.total.str(2) == "100.00");
  CHECK(result.grade == "优");
}

TEST_CASE("departures: a stated row, budget score and total that depart from the rule are marked 偏离", "[project-checks]") {
  ProjectScorer scorer = variant();
  Project p = stated_table();
  p.executed = *Decimal::parse("96.85");  // 96.85% × 10 = 9.685: half-up 9.69
  p.budget_score = *Decimal::parse("9.68");
  p.rows[0].score = Decimal::from_int(47);
  p.rows[1].score = Decimal::from_int(30);
  p.stated_total = *Decimal::parse("96.68");
  const auto result = scorer.score(p);
  REQUIRE(result.rows[0].departure);
  CHECK(result.rows[0].departure->rule.str(2) == "50.00");
  CHECK(result.rows[0].departure->stated.str(2) == "47.00");
  CHECK(result.rows[0].departure->difference.str(2) == "-3.00");
  CHECK_FALSE(result.rows[1].departure);
  REQUIRE(result.budget_departure);
  CHECK(result.budget_departure->difference.str(2) == "-0.01");
  CHECK(result.departures.str(2) == "-3.01");
  REQUIRE(result.total_departure);
  CHECK(result.total_departure->rule.str(2) == "99.69");
  CHECK(result.total_departure->difference.str(2) == "-3.01");
  CHECK(result.grade == "优");  // departures are shown, the recomputed total is graded

  const std::string table = jixiao::render_project_table(scorer.set(), result);
  CHECK_THAT(table, Catch::Contains("偏离 -3.00"));
  CHECK_THAT(table, Catch::Contains("偏离 -0.01"));
  CHECK_THAT(table, Catch::Contains("表中总分 96.68，偏离 -3.01（按规则 99.69）"));
  CHECK_THAT(table, Catch::Contains("偏离合计 -3.01"));
  const std::string json = jixiao::render_projects_json(scorer.set(), "e", 2023, {result});
  CHECK_THAT(json, Catch::Contains("\"departure\": {\n            \"rule\": 50.00,\n            \"stated\": 47.00,\n"
                                   "            \"difference\": -3.00\n          }"));
  CHECK_THAT(json, Catch::Contains("\"departures\": -3.01"));
}

TEST_CASE("departures: under a truncating rule the printed 9.68 is the rule's own figure", "[project-checks]") {
  ProjectScorer scorer = variant({{"mode: half-up", "mode: truncate"}});
  Project p = stated_table();
  p.executed = *Decimal::parse("96.85");
  p.budget_score = *Decimal::parse("9.68");
  const auto result = scorer.score(p);
  CHECK(result.budget_score->str(2) == "9.68");
  CHECK_FALSE(result.budget_departure);
}

TEST_CASE("checks: a template without per-row 分值 must print the set's points for each 一级指标", "[project-checks]") {
  ProjectScorer scorer = variant();
  Project p = stated_table();
  for (auto& r : p.rows) r.weight.reset();
  p.rows[0].level1_points = Decimal::from_int(70);
  p.rows[1].level1_points = Decimal::from_int(30);
  p.rows[2].level1_points = Decimal::from_int(10);
  const auto result = scorer.score(p, "data/p.yaml");
  CHECK(result.inconsistencies == std::vector<std::string>{
                                      "data/p.yaml: project p（测试项目） › 产出指标: 不一致：一级指标印有 70 分，指标体系 产出指标 为 50 分",
                                      "data/p.yaml: project p（测试项目）: 不一致：一级指标所印分值合计 110，加预算执行率 10 分，共 120 分，不等于满分 100"});
  CHECK(result.grade.empty());
}

TEST_CASE("checks: an unknown 一级指标 names the row's line and the nearest category", "[project-checks]") {
  ProjectScorer scorer = variant();
  Project p = stated_table();
  p.rows[0].level1 = "产出指针";
  CHECK_THROWS_WITH(scorer.score(p, "data/p.yaml"),
                    "data/p.yaml: [project p（测试项目） › 数量（line 20）] 一级指标「产出指针」 is not a category of "
                    "project-selfeval-2021, did you mean '产出指标'?");
}
