// Published tables of places the engine was not written for, through the whole tool: 四川's 2023
// 部门预算项目支出绩效自评表 (报表编号 510000_0013zp) as 大英县司法局 (遂宁) and 青神县发展和改革局 (眉山)
// published them. What reproduces is held here; what cannot (cells cut off or left empty in the
// published table) must show as pending, never as 0. The data files name their sources.
#include <catch2/catch.hpp>

#include "test_support.h"

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

jixiao::test::CliRun in_db(const std::string& db, std::vector<std::string> args) {
  args.insert(args.end(), {"--home", jixiao::test::source_dir(), "--db", db});
  return run_jixiao(args);
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
