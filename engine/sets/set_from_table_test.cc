#include "set_from_table.h"

#include <catch2/catch.hpp>

#include "set_loader.h"

using namespace jixiao;

namespace {

IndicatorSet set_from_csv(const std::string& csv) {
  return parse_set(set_yaml_from_table({parse_csv(csv, "t.csv")}, "t", "GUIDE.md"), "t.yaml");
}

std::string message_of(const std::string& csv) {
  try {
    set_yaml_from_table({parse_csv(csv, "t.csv")}, "t", "GUIDE.md");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("set_from_table: headers matched loosely, bracketed points split off, empty cells take the row above",
          "[set_from_table]") {
  const IndicatorSet set = set_from_csv(
      "某县2022年部门整体绩效评价指标\n"
      "一级指标,二级指标,三级指标,权重,指标说明,计分标准,自评得分\n"
      "产出指标（20分）,数量指标,培训人次,12,培训人次达到计划,达到得满分,12\n"
      ",,科普活动,8,\"活动次数\",\"每少一次扣1分\n扣完为止\",8\n"
      "效益指标(80分),社会效益,群众满意,80,,,80\n");
  CHECK(set.name == "某县2022年部门整体绩效评价指标");
  CHECK(set.total.str() == "100");
  const auto leaves = set.leaves();
  REQUIRE(leaves.size() == 3);
  CHECK(leaves[0].path == "产出指标 › 数量指标 › 培训人次");
  CHECK(leaves[0].node->id == "l1_1_1");
  CHECK(leaves[1].path == "产出指标 › 数量指标 › 科普活动");
  CHECK(leaves[1].node->rule == "每少一次扣1分\n扣完为止");
  CHECK(leaves[1].node->script_unknown);
  CHECK(leaves[2].node->id == "l2_1_1");
  CHECK(leaves[2].node->rule_unknown);  // no 评分标准 printed
  CHECK(set.unknown_nodes().size() == 3);  // nodes with something unknown
}

TEST_CASE("set_from_table: a leaf at the first level, and a 合计 row as the total", "[set_from_table]") {
  const IndicatorSet set = set_from_csv(
      "一级指标,二级指标,分值,评分标准\n"
      "部门预算管理,预算编制,60,按规定\n"
      "专项预算管理,,40,酌情\n"
      "合计,,100,\n");
  REQUIRE(set.leaves().size() == 2);
  CHECK(set.leaves()[1].path == "专项预算管理");
  CHECK(set.leaves()[1].node->id == "l2");
  CHECK(set.total.str() == "100");
}

// 四川省达州市's 部门整体支出绩效评价得分表 (http://nyj.dazhou.gov.cn/xxgk-show-16453.html) prints no
// 分值 column: every level's points are in its name, 相关性(5分), and the 得分 column is the department's.
// Its first rows, as published; 部门特性指标 is printed without points (the department writes its own).
TEST_CASE("set_from_table: a table without a 分值 column takes every level's points from its name",
          "[set_from_table]") {
  const IndicatorSet set = set_from_csv(
      "部门整体支出绩效评价得分表\n"
      "一级指标,二级指标,三级指标,得分\n"
      "部门决策(25分),目标任务(15分),相关性(5分),\n"
      ",,明确性(5分),\n"
      ",,合理性(5分),\n"
      ",预算编制(10分),测算依据(5分),\n"
      ",,目标管理(5分),\n"
      "部门绩效情况(75分),履职成效(20分),部门特性指标,\n"
      ",可持续发展能力(15分),重点改革(重点工作)完成情况(5分),\n"
      ",,科技(制度、方法、机制等)创新(5分),\n"
      ",,人才培养(5分),\n"
      ",满意度(40分),社会公众满意度(40分),\n");
  CHECK(set.name == "部门整体支出绩效评价得分表");
  CHECK(set.total.str() == "100");
  const auto leaves = set.leaves();
  REQUIRE(leaves.size() == 10);
  CHECK(leaves[0].path == "部门决策 › 目标任务 › 相关性");
  CHECK(leaves[0].node->weight->str() == "5");
  CHECK(leaves[5].path == "部门绩效情况 › 履职成效 › 部门特性指标");
  CHECK_FALSE(leaves[5].node->weight);  // printed without points: unknown, never 0
  CHECK(leaves[6].path == "部门绩效情况 › 可持续发展能力 › 重点改革(重点工作)完成情况");
  CHECK(leaves[7].path == "部门绩效情况 › 可持续发展能力 › 科技(制度、方法、机制等)创新");
  CHECK(leaves[7].node->weight->str() == "5");
}

TEST_CASE("set_from_table: a header with a 分值 column is preferred to a row above it naming the levels only",
          "[set_from_table]") {
  const IndicatorSet set = set_from_csv(
      "一级指标,二级指标\n"
      "一级指标,二级指标,分值\n"
      "产出,数量,60\n"
      "效益,社会,40\n");
  REQUIRE(set.leaves().size() == 2);
  CHECK(set.leaves()[0].node->weight->str() == "60");
}

TEST_CASE("set_from_table: errors name the file and cell", "[set_from_table]") {
  CHECK(message_of("名称,说明\n甲,乙\n") ==
        "t.csv: no header row with a 一级指标 column and a 分值 (权重, 标准分) column, or with 一级 and 二级 or 三级指标 "
        "columns (points in the names: 相关性(5分)), in the first 20 rows of any sheet");
  CHECK(message_of("一级指标,二级指标,得分\n部门决策,目标任务,5\n") ==
        "t.csv: some points are missing and no 合计 row states the total: add one");
  CHECK(message_of("一级指标,三级指标,分值\n产出(20分),甲,12\n,乙,6\n") ==
        "t.csv, cell A2: [产出] printed as 20 points, but its indicators add up to 18");
  CHECK(message_of("一级指标,三级指标,分值\n产出,甲,十二\n") ==
        "t.csv, cell C2: points: expected a number such as 8 or 2.5, got '十二'");
  CHECK(message_of("一级指标,三级指标,分值\n产出,甲,12\n合计,,20\n") ==
        "t.csv, cell C3: the 合计 row prints 20 points, but its indicators add up to 12");
}

TEST_CASE("set_from_table: points that are an Excel error value are refused at their cell, named as Excel does",
          "[set_from_table]") {
  jixiao::Sheet sheet = jixiao::parse_csv("一级指标,二级指标,分值,评分标准\n部门预算管理,预算编制,#REF!,按规定\n", "t.xlsx");
  sheet.name = "指标";
  sheet.errors.insert({1, 2});  // as read_xlsx marks a cell of type "e"
  try {
    set_yaml_from_table({sheet}, "t", "GUIDE.md");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "t.xlsx, sheet 指标, cell C2: points: the cell '指标'!C2 shows Excel's error #REF! "
                                   "(引用的单元格已删除, a reference to a deleted cell), not a value: correct the "
                                   "formula in Excel or type the value");
  }
}
