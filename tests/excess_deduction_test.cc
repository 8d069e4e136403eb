// scripts/excess_deduction.lua at its boundaries: the 共性指标 rule shape 「≤标准，计满分；每超过一个百分点
// 扣X分，扣完为止」 (部门整体支出绩效评价共性指标, 财预〔2013〕53号 framework) as two real leaves:
// 在职人员控制率 (1分, ratio, 100%, 0.1 per point) and “三公经费”变动率 (3分, change, 0%, 0.3 per point).
// Expected scores are worked out by hand from the rule text, rounded half-up to two places.
#include <catch2/catch.hpp>

#include <string>

#include "error.h"
#include "record.h"
#include "scorer.h"
#include "test_support.h"

namespace {

std::string set_text(const std::string& count) {
  return "id: gongxing\n"
         "name: 共性指标（节选）\n"
         "total: 4\n"
         "indicators:\n"
         "  - id: staff\n"
         "    name: 在职人员控制率\n"
         "    weight: 1\n"
         "    explanation: 在职人员控制率=（在职人员数/编制数）×100%。\n"
         "    rule: 以100%为标准。在职人员控制率≤100%，计1分；每超过一个百分点扣0.1分，扣完为止。\n"
         "    script: excess_deduction.lua\n"
         "    facts: [staff_actual, staff_quota]\n"
         "    params: {rate: ratio, amount: staff_actual, base: staff_quota, what: 在职人员控制率, limit: 100,\n"
         "             per_point: 0.1, count: " + count + "}\n"
         "  - id: sangong\n"
         "    name: “三公经费”变动率\n"
         "    weight: 3\n"
         "    explanation: “三公经费”变动率=[(本年度“三公经费”总额-上年度“三公经费”总额)/上年度“三公经费”总额]×100%。\n"
         "    rule: “三公经费”变动率≤0，计3分；每超过一个百分点扣0.3分，扣完为止。\n"
         "    script: excess_deduction.lua\n"
         "    facts: [sangong_this_year, sangong_last_year]\n"
         "    params: {rate: change, amount: sangong_this_year, base: sangong_last_year, what: “三公经费”变动率,\n"
         "             limit: 0, per_point: 0.3, count: " + count + "}\n";
}

jixiao::Fact number(const std::string& name, const std::string& value, const char* unit) {
  return jixiao::test::number_fact(name, value, unit);
}

// The leaf `leaf` scored from its two facts: the score to two places and the reason, or the error.
std::string scored(const std::string& count, const std::string& leaf, const std::string& amount,
                   const std::string& base) {
  jixiao::Scorer scorer(set_text(count), "sets/gongxing.yaml", jixiao::test::scripts_dir());
  jixiao::Record record;
  record.entity = "某单位";
  record.year = 2018;
  if (leaf == "staff") {
    if (!amount.empty()) record.facts["staff_actual"] = number("staff_actual", amount, "人");
    record.facts["staff_quota"] = number("staff_quota", base, "人");
  } else {
    if (!amount.empty()) record.facts["sangong_this_year"] = number("sangong_this_year", amount, "万元");
    record.facts["sangong_last_year"] = number("sangong_last_year", base, "万元");
  }
  try {
    const jixiao::Evaluation ev = scorer.evaluate_one(leaf, record);
    const jixiao::LeafResult& r = ev.leaves.front();
    if (!r.score) return "no score: " + r.reason;
    return r.score->str(2) + " " + r.reason;
  } catch (const jixiao::Error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

TEST_CASE("excess_deduction: 在职人员控制率 full at 100%, 0.1 off per point over, down to 0", "[excess_deduction]") {
  struct Case {
    const char* count;
    const char* actual;
    const char* quota;
    const char* expected;
  };
  const Case c = GENERATE(values<Case>({
      {"exact", "20", "20", "1.00 在职人员控制率100%，标准100%以内，得1.00分"},
      {"exact", "19", "20", "1.00 在职人员控制率95%，标准100%以内，得1.00分"},
      {"exact", "0", "20", "1.00 在职人员控制率0%，标准100%以内，得1.00分"},
      {"exact", "20.1", "20", "0.95 在职人员控制率100.5%，标准100%，超过0.5个百分点，每个扣0.1分，扣0.05分，得0.95分"},
      {"whole", "20.1", "20", "1.00 在职人员控制率100.5%，标准100%，超过0.5个百分点（满0个），每个扣0.1分，扣0分，得1.00分"},
      {"exact", "21", "20", "0.50 在职人员控制率105%，标准100%，超过5个百分点，每个扣0.1分，扣0.5分，得0.50分"},
      {"whole", "21", "20", "0.50 在职人员控制率105%，标准100%，超过5个百分点（满5个），每个扣0.1分，扣0.5分，得0.50分"},
      {"exact", "22", "20", "0.00 在职人员控制率110%，标准100%，超过10个百分点，每个扣0.1分，扣1分，得0.00分"},
      {"exact", "30", "20", "0.00 在职人员控制率150%，标准100%，超过50个百分点，每个扣0.1分，扣1分，得0.00分"},
  }));
  CAPTURE(c.count, c.actual, c.quota);
  CHECK(scored(c.count, "staff", c.actual, c.quota) == c.expected);
}

TEST_CASE("excess_deduction: “三公经费”变动率 full at or below 0, 0.3 off per point of rise", "[excess_deduction]") {
  struct Case {
    const char* count;
    const char* this_year;
    const char* last_year;
    const char* expected;
  };
  const Case c = GENERATE(values<Case>({
      {"exact", "10", "10", "3.00 “三公经费”变动率0%，标准0%以内，得3.00分"},
      {"exact", "9.5", "10", "3.00 “三公经费”变动率-5%，标准0%以内，得3.00分"},
      {"exact", "0", "10", "3.00 “三公经费”变动率-100%，标准0%以内，得3.00分"},
      {"exact", "10.15", "10", "2.55 “三公经费”变动率1.5%，标准0%，超过1.5个百分点，每个扣0.3分，扣0.45分，得2.55分"},
      {"whole", "10.15", "10", "2.70 “三公经费”变动率1.5%，标准0%，超过1.5个百分点（满1个），每个扣0.3分，扣0.3分，得2.70分"},
      {"exact", "11", "10", "0.00 “三公经费”变动率10%，标准0%，超过10个百分点，每个扣0.3分，扣3分，得0.00分"},
  }));
  CAPTURE(c.count, c.this_year, c.last_year);
  CHECK(scored(c.count, "sangong", c.this_year, c.last_year) == c.expected);
}

TEST_CASE("excess_deduction: a zero base and an unknown count are errors naming them, and a missing fact gives no score",
          "[excess_deduction]") {
  CHECK_THAT(scored("exact", "sangong", "5", "0"),
             Catch::Contains("fact 'sangong_last_year' is 0: the rule divides by it, so it must be above 0"));
  CHECK(scored("exact", "staff", "", "20") == "no score: 缺少输入，亦未记录判定");  // never 0
  CHECK_THAT(scored("started", "staff", "21", "20"),
             Catch::Contains("params.count must be 'exact' or 'whole', not started"));
}
