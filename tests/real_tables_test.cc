// Published tables of places the engine was not written for, through the whole tool: 四川's 2023
// 部门预算项目支出绩效自评表 (报表编号 510000_0013zp) as 大英县司法局 (遂宁) and 青神县发展和改革局 (眉山)
// published them. What reproduces is held here; what cannot (cells cut off or left empty in the
// published table) must show as pending, never as 0. The data files name their sources.
#include <catch2/catch.hpp>

#include "files.h"
#include "test_support.h"

using jixiao::test::in_db;
using jixiao::test::run_jixiao;

namespace {

std::string imported(const std::string& name) {
  const std::string home = jixiao::test::source_dir();
  const std::string db = jixiao::test::scratch_dir("realtables-" + name) + "/jixiao.db";
  REQUIRE(run_jixiao({"import", home + "/data/daying-sifa-2023-projects.yaml",
                      home + "/data/qingshen-fagai-2023-projects.yaml", "--home", home, "--db", db})
              .exit_code == 0);
  return db;
}

}  // namespace

TEST_CASE("realtables: 大英县司法局 2023's 安可替代 budget row reproduces its printed 10 from 3.36 of 3.36",
          "[realtables]") {
  const std::string db = imported("daying");
  const auto run = in_db(db, {"score", "大英县司法局", "2023", "--project", "anke"});
  REQUIRE(run.exit_code == 0);
  // 年初预算 0.00, 调整后预算数 3.36, 预算执行数 3.36: the rate is taken on the adjusted budget, as printed.
  CHECK_THAT(run.out, Catch::Contains("10.00     10.00  10.00          执行3.36÷预算3.36=100%（表中执行率 100.00%）"));
  // The excerpt cuts the first 绩效指标 row after its 指标值: pending, its points assumed and said so.
  CHECK_THAT(run.out, Catch::Contains("待判定  未填实际完成值（分值：假定：产出指标 50 ÷ 1 项）"));
  CHECK_THAT(run.out, Catch::Contains("得分 10.00 / 100.00（另有 90.00 分待判定，等级待定）"));
}

TEST_CASE("realtables: a table whose 预算执行情况 block is not in the source leaves the budget row pending",
          "[realtables]") {
  const std::string db = imported("daying-cost");
  const auto run = in_db(db, {"score", "大英县司法局", "2023", "--project", "cost"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("10.00                —  待判定  表中无预算数和执行数，不能计算"));
  CHECK_THAT(run.out, Catch::Contains("（另有 10.00 分待判定，等级待定）"));
  CHECK_THAT(run.out, !Catch::Contains("表中总分"));  // its 合计 100 is the 权重 column's sum: not recorded
}

TEST_CASE("realtables: 青神县发改局 2023's half-filled form scores its budget row and leaves the empty cells pending",
          "[realtables]") {
  const std::string db = imported("qingshen");
  const auto run = in_db(db, {"score", "青神县发展和改革局", "2023", "--project", "wages"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("10.00  10.00          执行251.89÷预算251.89=100%（表中执行率 100.00%）"));
  // 指标性质 =, 指标值 100, 度量单位 % in three cells; 完成值 and 得分 empty: pending with the table's 权重.
  CHECK_THAT(run.out, Catch::Contains("发放(缴纳)覆盖率    100                 =100%"));
  CHECK_THAT(run.out, Catch::Contains("60.00      —  待判定  未填实际完成值（分值：表中分值）"));
  CHECK_THAT(run.out, Catch::Contains("30.00      —  待判定  未填实际完成值（分值：表中分值）"));
  CHECK_THAT(run.out, Catch::Contains("得分 10.00 / 100.00（另有 90.00 分待判定，等级待定）"));
  const auto json = in_db(db, {"score", "青神县发展和改革局", "2023", "--project", "wages", "--format", "json"});
  CHECK_THAT(json.out, Catch::Contains("\"stated_total\": null"));
  CHECK_THAT(json.out, Catch::Contains("\"grade\": null"));
}

namespace {

// `jixiao new data ENTITY YEAR --set project-selfeval-2021 --from FORM` into a scratch folder, then
// import: the database of the written file. The fixtures in tests/fixtures/forms/ lay the published
// tables out in the form's own columns (one CSV row per printed row, merged cells left empty below
// and right of their text, as Excel saves them).
std::string from_form(const std::string& name, const std::string& entity, const std::string& year,
                      const std::string& form) {
  const std::string home = jixiao::test::source_dir();
  const std::string dir = jixiao::test::scratch_dir("realtables-form-" + name);
  const std::string yaml = dir + "/projects.yaml", db = dir + "/jixiao.db";
  const auto wrote = run_jixiao({"new", "data", entity, year, "--set", "project-selfeval-2021", "--from",
                                 home + "/tests/fixtures/forms/" + form, "--output", yaml, "--force", "--home", home});
  INFO(wrote.err);
  REQUIRE(wrote.exit_code == 0);
  REQUIRE(run_jixiao({"import", yaml, "--home", home, "--db", db}).exit_code == 0);
  return db;
}

}  // namespace

TEST_CASE("realtables: new data --from reads 四川's 2023 form as published: three-cell targets, empty cells pending",
          "[realtables]") {
  const std::string db = from_form("qingshen", "青神县发展和改革局", "2023", "qingshen-fagai-2023-form.csv");
  const auto run = in_db(db, {"score", "青神县发展和改革局", "2023", "--project", "p1"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("51000021R000000019951-工资性支出（p1）· 部门预算项目支出绩效自评表(2023年度)"));
  CHECK_THAT(run.out, Catch::Contains("10.00  10.00          执行251.89÷预算251.89=100%（表中执行率 100.00%）"));
  CHECK_THAT(run.out, Catch::Contains("发放(缴纳)覆盖率    100                 =100%"));
  CHECK_THAT(run.out, Catch::Contains("60.00      —  待判定  未填实际完成值（分值：表中分值）"));
  CHECK_THAT(run.out, Catch::Contains("得分 10.00 / 100.00（另有 90.00 分待判定，等级待定）"));
}

// 池州市贵池区棠溪镇 2022: the 年度资金总额 row prints 0 | 0 | 0 under 其中：本年财政拨款 90 | 89.974 | 89.974.
// Read as printed, a 全年预算数 of 0 stopped the whole command with a Lua error (the rule divides by it).
TEST_CASE("realtables: a 年度资金总额 of 0 printed above the 财政拨款 figures scores the budget row from those",
          "[realtables]") {
  const std::string db = from_form("chizhou", "池州市贵池区棠溪镇人民政府", "2022", "chizhou-tangxi-2022-form.csv");
  const auto run = in_db(db, {"score", "池州市贵池区棠溪镇人民政府", "2022", "--project", "p1"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("10.00      0.00  10.00  偏离 -10.00"));
  CHECK_THAT(run.out, Catch::Contains("执行89.97÷预算89.97=100%（按财政拨款）（表中执行率 0）"));
  CHECK_THAT(run.out, Catch::Contains("基建工程委托业务项目数量"));
}

namespace {

// Project 某项目 of 某单位 2023 with `budget` and `rows` (YAML flow maps, one a line), imported into a
// scratch database of its own and scored: `jixiao score 某单位 2023 --project p`.
jixiao::test::CliRun one_project(const std::string& name, const std::string& budget, const std::string& rows) {
  const std::string dir = jixiao::test::scratch_dir("realtables-" + name);
  const std::string home = jixiao::test::source_dir();
  jixiao::test::write_text(dir + "/p.yaml",
                           "entity: 某单位\nyear: 2023\nset: project-selfeval-2021\nrecord: projects\nprojects:\n"
                           "  - id: p\n    name: 某项目\n    source: {file: 表, quote: 项目名称 某项目}\n"
                           "    budget: " + budget + "\n    rows:\n" + rows);
  REQUIRE(run_jixiao({"import", dir + "/p.yaml", "--home", home, "--db", dir + "/jixiao.db"}).exit_code == 0);
  return in_db(dir + "/jixiao.db", {"score", "某单位", "2023", "--project", "p"});
}

}  // namespace

TEST_CASE("realtables: a budget row whose 预算数 are printed as 0 alone is pending, not an error", "[realtables]") {
  const auto run = one_project("zero-budget", "{planned: 0, executed: 0, unit: 万元}",
                               "      - {level1: 产出指标, level2: 数量指标, name: 甲, target: \"≥1个\", actual: \"1个\"}\n");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("待判定  表中预算数为0，不能计算执行率"));
}

TEST_CASE("realtables: new data --from a file holding no form, or a form without its indicator rows, says so",
          "[realtables]") {
  const std::string dir = jixiao::test::scratch_dir("realtables-form-errors");
  const std::string home = jixiao::test::source_dir();
  jixiao::test::write_text(dir + "/none.csv", "一级指标,二级指标\n产出,数量\n");
  jixiao::test::write_text(dir + "/cut.csv", "项目支出绩效自评表\n项目名称,某项目\n主管部门,某局\n");
  auto run = run_jixiao({"new", "data", "某单位", "2023", "--set", "project-selfeval-2021", "--from", dir + "/none.csv",
                         "--output", dir + "/a.yaml", "--home", home});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + dir + "/none.csv: no 项目支出绩效自评表 here: no cell reads 项目名称\n");
  run = run_jixiao({"new", "data", "某单位", "2023", "--set", "project-selfeval-2021", "--from", dir + "/cut.csv",
                    "--output", dir + "/a.yaml", "--home", home});
  CHECK(run.exit_code == 1);
  CHECK(run.err == "jixiao: " + dir + "/cut.csv, cell A2: the form of 项目名称「某项目」 has no row naming 一级指标 and 三级指标\n");
  run = run_jixiao({"new", "data", "某单位", "2023", "--set", "liangshan-2021-dept", "--from", dir + "/cut.csv",
                    "--output", dir + "/a.yaml", "--home", home});
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("--from reads 项目支出绩效自评表: --set names a project-table set (kind: project), "
                                      "and liangshan-2021-dept is a department set"));
}

TEST_CASE("realtables: new data --from reads the form kept in Excel, merged cells and all, as its CSV, and several forms "
          "to a sheet", "[realtables]") {
  const std::string home = jixiao::test::source_dir();
  const std::string forms = home + "/tests/fixtures/forms/";
  const std::string dir = jixiao::test::scratch_dir("realtables-form-xlsx");
  auto written = [&](const std::string& from, const std::string& name) {
    const std::string out = dir + "/" + name + ".yaml";
    const auto run = run_jixiao({"new", "data", "青神县发展和改革局", "2023", "--set", "project-selfeval-2021", "--from",
                                 from, "--output", out, "--force", "--home", home});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    std::string text = jixiao::read_file(out);
    for (const std::string& file : {std::string("qingshen-fagai-2023-form.xlsx"), std::string("qingshen-fagai-2023-form.csv"),
                                    std::string("two.csv")})
      for (size_t at; (at = text.find(file)) != std::string::npos;) text.replace(at, file.size(), "FORM");
    return text;
  };
  const std::string csv = written(forms + "qingshen-fagai-2023-form.csv", "csv");
  CHECK(written(forms + "qingshen-fagai-2023-form.xlsx", "xlsx") == csv);
  // Two forms one under the other: two projects, p1 and p2, each with its own rows.
  jixiao::test::write_text(dir + "/two.csv", jixiao::read_file(forms + "chizhou-tangxi-2022-form.csv") +
                                                 jixiao::read_file(forms + "qingshen-fagai-2023-form.csv"));
  const std::string two = written(dir + "/two.csv", "two");
  CHECK_THAT(two, Catch::Contains("  - id: p1\n    name: 委托业务项目\n    table: 项目支出绩效自评表(2022年度)\n"));
  CHECK_THAT(two, Catch::Contains("  - id: p2\n    name: \"51000021R000000019951-工资性支出\"\n"
                                  "    table: 部门预算项目支出绩效自评表(2023年度)\n"));
  CHECK(two.substr(two.find("  - id: p2")) == csv.substr(csv.find("  - id: p1")).replace(8, 2, "p2"));
}

// 四川's form writes a 时效指标 as 指标性质 ≤ | 指标值 12 | 度量单位 月 | 完成值 12: the 度量单位 is both
// cells' unit. The target was read as the month ≤12月 and the actual as the number 12 of 月, so the row
// was left to a person as 「实际值不是日期」.
TEST_CASE("realtables: a 度量单位 of 月 reads the 完成值 as the 指标值 is read", "[realtables]") {
  const auto run = one_project(
      "month-unit", "{planned: 10, executed: 10, unit: 万元}",
      "      - {level1: 产出指标, level2: 时效指标, name: 完成时间, nature: \"≤\", target: \"12\", unit: 月, actual: \"12\", "
      "weight: 30}\n"
      "      - {level1: 产出指标, level2: 时效指标, name: 晚了, nature: \"≤\", target: \"10\", unit: 月, actual: \"11\", "
      "weight: 30}\n"
      "      - {level1: 效益指标, level2: 社会效益指标, name: 覆盖率, nature: \"≥\", target: \"95\", unit: \"%\", "
      "actual: \"98\", weight: 30}\n");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("30.00  30.00          日期指标，按期完成：实际12月，指标≤12月"));
  CHECK_THAT(run.out, Catch::Contains("待判定  日期指标，逾期，须人工判定：实际11月，指标≤10月"));
  CHECK_THAT(run.out, Catch::Contains("30.00  30.00          正向指标，实际98%，指标≥95%"));
}

TEST_CASE("realtables: new data --from reads labels written with their values after a colon, and the 总分 row",
          "[realtables]") {
  const std::string dir = jixiao::test::scratch_dir("realtables-form-colon");
  const std::string home = jixiao::test::source_dir();
  jixiao::test::write_text(dir + "/form.csv",
                           "项目支出绩效自评表\n"
                           "项目名称：某项目\n"
                           "主管部门：某局,,实施单位：某中心\n"
                           "项目资金（万元）,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n"
                           "年度资金总额,10,10,9,10,90%,9\n"
                           "绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n"
                           ",产出指标,数量指标,培训人次,≥100人次,120人次,90,90\n"
                           "总分,,,,,,100,99\n");
  const auto run = run_jixiao({"new", "data", "某单位", "2023", "--set", "project-selfeval-2021", "--from",
                               dir + "/form.csv", "--output", dir + "/p.yaml", "--home", home});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(jixiao::read_file(dir + "/p.yaml"),
             Catch::Contains("  - id: p1\n    name: 某项目\n    table: 项目支出绩效自评表\n    unit_owner: 某中心\n"
                             "    source: {file: form.csv, quote: 项目名称 某项目}\n    budget:\n      initial: 10\n"
                             "      planned: 10\n      executed: 9\n      rate: \"90%\"\n      weight: 10\n      score: 9\n"
                             "      unit: 万元\n    filed: {total: 99}\n    rows:\n      - level1: 产出指标\n"
                             "        level2: 数量指标\n        name: 培训人次\n        target: ≥100人次\n"
                             "        actual: \"120人次\"\n        weight: 90\n        score: 90\n"));
  REQUIRE(run_jixiao({"import", dir + "/p.yaml", "--home", home, "--db", dir + "/jixiao.db"}).exit_code == 0);
  const auto scored = in_db(dir + "/jixiao.db", {"score", "某单位", "2023", "--project", "p1"});
  CHECK_THAT(scored.out, Catch::Contains("得分 99.00 / 100.00，等级 优\n表中总分 99.00"));
}
