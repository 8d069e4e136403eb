// jixiao score --projects / --project: the 凉山州科协 2021 project tables.
#include <algorithm>

#include <catch2/catch.hpp>

#include "test_support.h"

using jixiao::test::in_db;
using jixiao::test::run_jixiao;

namespace {

// `name`: a folder of its own, since CTest runs the test cases side by side.
std::string database(const std::string& name) {
  const std::string home = jixiao::test::source_dir();
  const std::string db = jixiao::test::scratch_dir("projects-" + name) + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home + "/data/liangshan-kexie-2021-projects.yaml", "--home", home, "--db", db})
              .exit_code == 0);
  return db;
}

}  // namespace

TEST_CASE("projects: every table of the department-year gets a line", "[projects-cli]") {
  const std::string db = database("lines");
  const auto run = in_db(db, {"score", "凉山州科学技术协会", "2021", "--projects"});
  REQUIRE(run.exit_code == 0);
  for (const char* id : {"summary", "group-1", "group-2", "group-3", "group-4", "transfer"})
    CHECK_THAT(run.out, Catch::Contains(std::string("  ") + id + "  "));
  // The summary table: 预算执行 111.7% capped to 10; 30 rows scored, 10 pending, 1 blank.
  CHECK_THAT(run.out, Catch::Contains("summary      10.00  73.32   13.78  待定  32/8/1"));
}

TEST_CASE("projects: one table row by row, targets and actuals as written and as read", "[projects-cli]") {
  const std::string db = database("rows");
  const auto run = in_db(db, {"score", "凉山州科学技术协会", "2021", "--project", "summary"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("资助贫困生25人左右              ≈25人                 完成了资助贫困生22人            =22人"));
  CHECK_THAT(run.out, Catch::Contains("约数，低于指标，实际22人，指标≈25人（分值：假定：产出指标 50 ÷ 29 项）"));
  CHECK_THAT(run.out, Catch::Contains("待判定  预期值无法解析（2 figures in one cell）"));
  CHECK_THAT(run.out, Catch::Contains("得分 73.32 / 100.00（另有 13.78 分待判定，等级待定）"));
}

TEST_CASE("projects: the JSON keeps every cell in full and each row's seed line", "[projects-cli]") {
  const std::string db = database("json");
  const auto run = in_db(db, {"score", "--projects", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("\"target\": \"资助贫困生25人左右\""));
  CHECK_THAT(run.out, Catch::Contains("\"target_read\": \"≈25人\""));
  CHECK_THAT(run.out, Catch::Contains("\"line\": 529"));
}

TEST_CASE("projects: an unknown project is named with the nearest id", "[projects-cli]") {
  const std::string db = database("unknown");
  const auto run = in_db(db, {"score", "--project", "sumary"});
  CHECK(run.exit_code == 1);
  CHECK(run.out.empty());
  CHECK_THAT(run.err, Catch::Contains("no project 'sumary' in 凉山州科学技术协会 2021, did you mean 'summary'?"));
}

TEST_CASE("projects: a published table's printed figures survive import and show where they depart", "[projects-cli]") {
  const std::string home = jixiao::test::source_dir();
  const std::string db = jixiao::test::scratch_dir("projects-printed") + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home + "/data/chizhou-tangxi-2022-projects.yaml", home +
                          "/data/tianchang-shuili-2022-projects.yaml", "--home", home, "--db", db})
              .exit_code == 0);
  // 产出指标(50分) is read as 产出指标 with its points; the printed budget 得分 0 departs from the rule's 10.
  const auto table = in_db(db, {"score", "池州市贵池区棠溪镇人民政府", "2022", "--project", "weituo"});
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.out, Catch::Contains("10.00      0.00  10.00  偏离 -10.00"));
  CHECK_THAT(table.out, Catch::Contains("（表中执行率 0）"));
  CHECK_THAT(table.out, Catch::Contains("得分 90.00 / 100.00（另有 10.00 分待判定，等级待定）\n偏离合计 -10.00"));
  const auto json = in_db(db, {"score", "池州市贵池区棠溪镇人民政府", "2022", "--project", "weituo", "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"level1\": \"产出指标\",\n          \"level1_points\": 50.00"));
  CHECK_THAT(json.out, Catch::Contains("\"budget_departure\": {\n        \"rule\": 10.00,\n        \"stated\": 0.00,\n"
                                       "        \"difference\": -10.00\n      }"));
  CHECK_THAT(json.out, Catch::Contains("\"rate\": \"0\""));
  const auto csv = in_db(db, {"score", "池州市贵池区棠溪镇人民政府", "2022", "--projects", "--format", "csv"});
  CHECK(csv.exit_code == 0);
  CHECK(csv.out.rfind("\xEF\xBB\xBF" "entity,year,project,", 0) == 0);  // a byte-order mark for Excel
  CHECK_THAT(csv.out, Catch::Contains("池州市贵池区棠溪镇人民政府,2022,weituo,budget,,,预算执行率,,,,,10.00,0.00,10.00,scored,"
                                      "10.00,0.00,-10.00,执行89.97÷预算89.97=100%（按财政拨款）\n"));
  CHECK_THAT(csv.out, Catch::Contains(",weituo,total,,,总分,,,,,100.00,,90.00,pending,,,,偏离合计 -10.00；待判定 10.00\n"));
  for (const std::string& line : jixiao::test::lines_of(csv.out)) {
    CAPTURE(line);
    CHECK(std::count(line.begin(), line.end(), ',') == 18);  // no cell of these tables holds a comma
  }
  CHECK(in_db(db, {"score", "天长市水利局", "2022", "--format", "csv"}).exit_code == 1);  // no department record of it
  const auto tianchang = in_db(db, {"score", "天长市水利局", "2022", "--project", "shuihan", "--format", "json"});
  CHECK_THAT(tianchang.out, Catch::Contains("\"stated_total\": 100.00"));
  CHECK_THAT(tianchang.out, Catch::Contains("\"initial\": 880.00"));
  CHECK_THAT(tianchang.out, Catch::Contains("\"inconsistencies\": []"));
}

TEST_CASE("projects: the three-cell layout, judgements, subtotals and 权重占比 survive import", "[projects-cli]") {
  const std::string home = jixiao::test::source_dir();
  const std::string dir = jixiao::test::scratch_dir("projects-cells");
  jixiao::test::write_text(dir + "/t.yaml", R"(entity: 测试单位
year: 2023
set: project-selfeval-2021
record: projects
projects:
  - id: t
    name: 测试项目
    source: {file: t.pdf, quote: 测试项目}
    budget: {planned: 100, executed: 100, weight: 10, score: 10}
    filed: {total: 100, grade: 优}
    rows:
      - {level1: 产出指标（50分）, level2: 数量指标, name: 小计, weight: 50, subtotal: true}
      - {level1: 产出指标（50分）, level2: 数量指标, name: 培训人数, nature: "≧", target: " 90 ", unit: "％", actual: "95", weight: 50, weight_share: 0.5}
      - {level1: 效益指标（30分）, level2: 社会效益指标, name: 效果, target: 显著, actual: 较好, weight: 30, judgement: {score: 27, basis: 效果较好, inferred: 复核}}
      - {level1: 满意度指标（10分）, level2: 满意度指标, name: 满意度, target: "≥ 90 %", actual: "96%", weight: 10}
)");
  const std::string db = dir + "/jixiao.db";
  REQUIRE(run_jixiao({"import", dir + "/t.yaml", "--home", home, "--db", db}).exit_code == 0);
  const auto json = in_db(db, {"score", "测试单位", "2023", "--project", "t", "--format", "json"});
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.out, Catch::Contains("\"target_read\": \"≥90%\""));
  CHECK_THAT(json.out, Catch::Contains("\"nature\": \"≧\",\n          \"unit\": \"％\""));
  CHECK_THAT(json.out, Catch::Contains("\"status\": \"subtotal\""));
  CHECK_THAT(json.out, Catch::Contains("\"judged\": true"));
  CHECK_THAT(json.out, Catch::Contains("\"converted\": 25.00"));
  CHECK_THAT(json.out, Catch::Contains("\"total\": 97.00"));
  CHECK_THAT(json.out, Catch::Contains("\"total_departure\": {\n        \"rule\": 97.00,\n        \"stated\": 100.00,\n"));
  CHECK_THAT(json.out, Catch::Contains("\"stated_grade\": \"优\""));
}
