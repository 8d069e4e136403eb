// jixiao compare --projects / --project: a table's printed 得分 against its set's rule.
#include <catch2/catch.hpp>

#include "test_support.h"

using jixiao::test::in_db;
using jixiao::test::run_jixiao;

namespace {

// Two projects of 测试单位 2023, every row decidable: one as printed, one whose
// department printed a budget 得分 of 9 and a row 得分 of 27 where the rule gives 10 and 30.
std::string database(const std::string& name) {
  const std::string dir = jixiao::test::scratch_dir("project-compare-" + name);
  jixiao::test::write_text(dir + "/t.yaml", R"(entity: 测试单位
year: 2023
set: project-selfeval-2021
record: projects
projects:
  - id: exact
    name: 如实项目
    source: {file: t.pdf, quote: 如实项目}
    budget: {planned: 100, executed: 100, weight: 10, score: 10}
    filed: {total: 100}
    rows:
      - {level1: 产出指标, level2: 数量指标, name: 数量, target: "≥10个", actual: "10个", weight: 50, score: 50}
      - {level1: 效益指标, level2: 社会效益指标, name: 效益, target: "≥1项", actual: "1项", weight: 30, score: 30}
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, target: "≥90%", actual: "95%", weight: 10, score: 10}
  - id: off
    name: 偏离项目
    source: {file: t.pdf, quote: 偏离项目}
    budget: {planned: 100, executed: 100, weight: 10, score: 9}
    rows:
      - {level1: 产出指标, level2: 数量指标, name: 数量, target: "≥10个", actual: "10个", weight: 50, score: 50}
      - {level1: 效益指标, level2: 社会效益指标, name: 效益, target: "≥1项", actual: "1项", weight: 30, score: 27}
      - {level1: 满意度指标, level2: 满意度指标, name: 满意度, target: "≥90%", actual: "95%", weight: 10, score: 10}
)");
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", dir + "/t.yaml", "--home", jixiao::test::source_dir(), "--db", db}).exit_code == 0);
  return db;
}

}  // namespace

TEST_CASE("compare --project shows the printed and the rule's score row by row", "[project-compare]") {
  const std::string db = database("rows");
  const auto run = in_db(db, {"compare", "测试单位", "2023", "--project", "off"});
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("预算执行率                            9.00       10.00  -1.00  少报"));
  CHECK_THAT(run.out, Catch::Contains("效益指标 › 社会效益指标 › 效益       27.00       30.00  -3.00  少报"));
  CHECK_THAT(run.out, Catch::Contains("总分：表中 96.00，按规则 100.00，差异 -4.00 少报（相对差异 4.00%）"));
  const auto md = in_db(db, {"compare", "测试单位", "2023", "--project", "off", "--format", "markdown"});
  CHECK_THAT(md.out, Catch::Contains("| **总分** | 96.00 | 100.00 | -4.00 | 少报 |  |"));
}

TEST_CASE("compare --projects lists every project, largest gap first, and --fail-above exits 3", "[project-compare]") {
  const std::string db = database("all");
  const auto csv = in_db(db, {"compare", "测试单位", "2023", "--projects", "--format", "csv"});
  CHECK(csv.exit_code == 0);
  CHECK(csv.out ==
        "\xEF\xBB\xBF" "entity,project,name,filed_total,recomputed_total,gap,relative_gap_pct,pending,inconsistencies,error\n"
        "测试单位,off,偏离项目,96.00,100.00,-4.00,4.00,0.00,0,\n"
        "测试单位,exact,如实项目,100.00,100.00,0.00,0.00,0.00,0,\n");
  CHECK(in_db(db, {"compare", "--all", "2023", "--projects", "--fail-above", "5"}).exit_code == 0);
  CHECK(in_db(db, {"compare", "--all", "2023", "--projects", "--fail-above", "3.99"}).exit_code == 3);
  const auto json = in_db(db, {"compare", "--all", "2023", "--projects", "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"project\": \"off\",\n      \"filed_total\": 96.00,\n      \"recomputed_total\": 100.00,\n"
                                       "      \"gap\": -4.00,\n      \"relative_gap_pct\": 4.00,"));
}

TEST_CASE("compare --project names an unknown project with the nearest id", "[project-compare]") {
  const std::string db = database("unknown");
  const auto run = in_db(db, {"compare", "测试单位", "2023", "--project", "of"});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("no project 'of' in 测试单位 2023, did you mean 'off'?"));
  CHECK(in_db(db, {"compare", "测试单位", "2023", "--projects", "--against", "review"}).exit_code == 2);
}

// tests/fixtures/edge-gap-projects-2023.yaml: project 'over' filed 89.9957
// against 100 by the rule, a relative gap of 10.0043%; project 'at' filed 90,
// exactly 10%. The exact gap is what --fail-above compares, and it is printed
// with the places that keep it off the band edge.
TEST_CASE("compare --projects --fail-above compares the exact gap, not the gap rounded to 2 places",
          "[project-compare]") {
  const std::string dir = jixiao::test::scratch_dir("project-compare-edge");
  const std::string db = dir + "/jixiao.db";
  const std::string fixture = jixiao::test::source_dir() + "/tests/fixtures/edge-gap-projects-2023.yaml";
  REQUIRE(run_jixiao({"import", fixture, "--home", jixiao::test::source_dir(), "--db", db}).exit_code == 0);
  CHECK(in_db(db, {"compare", "边缘单位", "2023", "--project", "over", "--fail-above", "10"}).exit_code == 3);
  CHECK(in_db(db, {"compare", "边缘单位", "2023", "--project", "over", "--fail-above", "10.0042"}).exit_code == 3);
  CHECK(in_db(db, {"compare", "边缘单位", "2023", "--project", "over", "--fail-above", "10.0043"}).exit_code == 0);
  CHECK(in_db(db, {"compare", "边缘单位", "2023", "--project", "at", "--fail-above", "10"}).exit_code == 0);
  CHECK(in_db(db, {"compare", "边缘单位", "2023", "--projects", "--fail-above", "10"}).exit_code == 3);
  CHECK(in_db(db, {"compare", "--all", "2023", "--projects", "--fail-above", "10.0043"}).exit_code == 0);
  const auto one = in_db(db, {"compare", "边缘单位", "2023", "--project", "over"});
  CHECK_THAT(one.out, Catch::Contains("总分：表中 89.9957，按规则 100.00，差异 -10.0043 少报（相对差异 10.004%）"));
  const auto csv = in_db(db, {"compare", "边缘单位", "2023", "--projects", "--format", "csv"});
  CHECK(csv.out ==
        "\xEF\xBB\xBF" "entity,project,name,filed_total,recomputed_total,gap,relative_gap_pct,pending,inconsistencies,error\n"
        "边缘单位,over,略超项目,89.9957,100.00,-10.0043,10.004,0.00,0,\n"
        "边缘单位,at,恰好项目,90.00,100.00,-10.00,10.00,0.00,0,\n");
}
