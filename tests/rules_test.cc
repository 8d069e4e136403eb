// Every scoring rule of the shipped set liangshan-2021-dept at its boundaries,
// through the real set file and scripts/, on records built in memory.
//
// Each test starts from a record that earns full marks on every self-scored
// leaf (90 of 100), changes one input, and checks the one leaf it feeds.
// Expected scores are worked out by hand from the rule text in the set (and
// rounded half-up to two places, as the set's score_places says), never taken
// from a run of the code.
#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "record.h"
#include "scorer.h"
#include "test_support.h"

namespace {

using Catch::Matchers::Contains;
using jixiao::Decimal;
using jixiao::Error;
using jixiao::Judgement;
using jixiao::LeafSource;
using jixiao::Record;
using jixiao::Row;
using jixiao::Scorer;
using jixiao::Value;

// Paths as the engine names leaves in its messages.
const char* const kTargetSetting = "部门预算管理 › 预算编制 › 目标制定";
const char* const kTargetAchievement = "部门预算管理 › 预算编制 › 目标实现";
const char* const kBudgetAccuracy = "部门预算管理 › 预算编制 › 编制准确";
const char* const kSpendingControl = "部门预算管理 › 预算执行 › 支出控制";
const char* const kDynamicAdjustment = "部门预算管理 › 预算执行 › 动态调整";
const char* const kExecProgress = "部门预算管理 › 预算执行 › 执行进度";
const char* const kBudgetCompletion = "部门预算管理 › 完成结果 › 预算完成";
const char* const kViolations = "部门预算管理 › 完成结果 › 违规记录";
const char* const kSpecialBudget = "专项预算管理";
const char* const kSelfEvalPublished = "绩效结果应用 › 信息公开 › 自评公开";
const char* const kRectified = "绩效结果应用 › 整改反馈 › 结果整改";
const char* const kFeedback = "绩效结果应用 › 整改反馈 › 应用反馈";

Decimal dec(const std::string& text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("not a decimal: " + text);
  return *d;
}

Value num(const std::string& text) { return Value::of_number(dec(text)); }

// The shipped set and scripts, compiled once for the whole file.
Scorer& shipped() {
  static Scorer scorer =
      Scorer::from_file(jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml", jixiao::test::scripts_dir());
  return scorer;
}

void put_number(Record& r, const std::string& name, const std::string& value, const std::string& unit = "万元") {
  r.facts[name] = jixiao::test::number_fact(name, value, unit);
}

void put_flag(Record& r, const std::string& name, bool value) { r.facts[name] = jixiao::test::bool_fact(name, value); }

// Replaces the value of a recorded fact, keeping its label and unit: for a
// value of the wrong type.
void put_value(Record& r, const std::string& name, Value value) { r.facts.at(name).value = std::move(value); }

void judge(Record& r, const std::string& leaf, const std::string& score,
           const std::string& basis = "评价组酌情判定") {
  Judgement j;
  j.score = dec(score);
  j.basis = basis;
  j.provenance.inferred = "test";
  r.judgements[leaf] = j;
}

Row indicator(const std::string& name, const std::string& target, Value actual) {
  Row row;
  row.cells = {{"name", Value::of_text(name)}, {"target", num(target)}, {"actual", std::move(actual)}};
  row.provenance.inferred = "test";
  return row;
}

// Four quantity indicators, each exactly at its target (all met).
std::vector<Row> all_met_indicators() {
  return {indicator("科普活动受益人次", "100", num("100")), indicator("资助贫困生人数", "25", num("25")),
          indicator("举办科普讲座场次", "10", num("10")), indicator("青少年科创赛参赛学校数", "30", num("30"))};
}

// Every fact every self-scored leaf declares, with values that earn full
// marks, the quantity_indicators rows, and a judgement for 专项预算管理 (which
// has no script). Amounts in 万元 on a base of 100 so percentages read plainly.
Record full_marks() {
  Record r;
  r.entity = "测试部门";
  r.year = 2021;
  r.set_id = "liangshan-2021-dept";
  r.source = "rules_test";
  // 目标制定
  put_flag(r, "targets_complete", true);
  put_flag(r, "indicators_quantified", true);
  // 目标实现
  r.rows["quantity_indicators"] = all_met_indicators();
  // 编制准确
  put_number(r, "budget_reallocated", "0");
  put_number(r, "initial_budget", "100");
  // 支出控制
  put_number(r, "public_items_budget", "100");
  put_number(r, "public_items_final", "100");
  // 动态调整
  put_number(r, "monitoring_cancelled", "0");
  put_number(r, "balance_written_off", "0");
  put_number(r, "annual_budget", "100");
  // 执行进度
  put_number(r, "exec_rate_jun", "40", "%");
  put_number(r, "exec_rate_sep", "67.5", "%");
  put_number(r, "exec_rate_nov", "82.5", "%");
  // 预算完成
  put_number(r, "spent_by_december", "100");
  // 违规记录
  put_number(r, "violations_found", "0", "个");
  // 专项预算管理
  judge(r, "special_budget_mgmt", "20", "专项自评满分");
  // 自评公开, 结果整改, 应用反馈
  put_flag(r, "published_with_accounts", true);
  put_flag(r, "problems_rectified", true);
  put_flag(r, "feedback_on_time", true);
  return r;
}

// What one leaf got, copied out of the Evaluation (which points into the record).
struct Scored {
  std::optional<Decimal> score;
  LeafSource source = LeafSource::kComputed;
  std::string reason;
  std::vector<std::string> missing;

  std::string points() const { return score ? score->str(2) : "(no score)"; }
};

Scored leaf_of(Scorer& scorer, const Record& r, const std::string& id) {
  const jixiao::Evaluation ev = scorer.evaluate(r);
  const jixiao::LeafResult* leaf = ev.leaf(id);
  if (leaf == nullptr) throw std::logic_error("no leaf " + id);
  return {leaf->score, leaf->source, leaf->reason, leaf->missing};
}

Scored leaf_of(const Record& r, const std::string& id) { return leaf_of(shipped(), r, id); }

// The message of the jixiao::Error evaluate() throws for `r`, or of the gaps
// it leaves (what `score --complete` reports); fails the test when it scores
// every leaf instead.
std::string evaluate_error(Scorer& scorer, const Record& r) {
  try {
    const jixiao::Evaluation ev = scorer.evaluate(r);
    if (!ev.complete()) return jixiao::incomplete_error(ev).what();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("evaluate() scored every leaf instead of throwing jixiao::Error or leaving a gap");
  return "";
}

std::string evaluate_error(const Record& r) { return evaluate_error(shipped(), r); }

}  // namespace

// ---------------------------------------------------------------------------
// The baseline itself

TEST_CASE("rules: a record meeting every rule scores full marks on every self-scored leaf", "[rules]") {
  const Record r = full_marks();
  const jixiao::Evaluation ev = shipped().evaluate(r);
  const std::vector<std::pair<std::string, std::string>> full = {
      {"target_setting", "8.00"},    {"target_achievement", "8.00"}, {"budget_accuracy", "8.00"},
      {"spending_control", "6.00"},  {"dynamic_adjustment", "8.00"}, {"exec_progress", "6.00"},
      {"budget_completion", "8.00"}, {"violations", "8.00"},         {"special_budget_mgmt", "20.00"},
      {"self_eval_published", "2.00"}, {"rectified", "4.00"},        {"feedback", "4.00"}};
  for (const auto& [id, points] : full) {
    INFO(id);
    const jixiao::LeafResult* leaf = ev.leaf(id);
    REQUIRE(leaf != nullptr);
    REQUIRE(leaf->score);
    CHECK(leaf->score->str(2) == points);
    CHECK(leaf->source == (id == "special_budget_mgmt" ? LeafSource::kJudged : LeafSource::kComputed));
  }
  CHECK(ev.total.str(2) == "90.00");
  CHECK(ev.max->str(2) == "90.00");
}

// ---------------------------------------------------------------------------
// 执行进度 (checkpoints.lua): 40% / 67.5% / 82.5% by June / September /
// November, 2 points each when reached, otherwise 2 × actual ÷ target.

TEST_CASE("rules: 执行进度 scores 2×actual/target below a checkpoint", "[rules]") {
  struct Case {
    const char* jun;
    const char* sep;
    const char* nov;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"40", "67.5", "82.5", "6.00"},     // every checkpoint exactly at its target
      {"40.01", "67.51", "82.51", "6.00"},  // just above
      {"100", "100", "100", "6.00"},      // far above: still 2 each
      {"38", "67.5", "82.5", "5.90"},     // June 2×38/40 = 1.90
      {"39.99", "67.5", "82.5", "6.00"},  // 4 + 1.9995 = 5.9995, half-up 6.00
      {"39.8", "67.5", "82.5", "5.99"},   // 4 + 1.99
      {"0", "67.5", "82.5", "4.00"},      // June 0
      {"40", "67.49", "82.5", "6.00"},    // 4 + 1.99970… = 5.9997
      {"40", "60", "82.5", "5.78"},       // 4 + 2×60/67.5 = 5.7777…
      {"40", "0", "82.5", "4.00"},
      {"40", "67.5", "82.49", "6.00"},    // 4 + 1.99975… = 5.9997
      {"40", "67.5", "80", "5.94"},       // 4 + 2×80/82.5 = 5.9393…
      {"40", "67.5", "0", "4.00"},
      {"38", "60", "80", "5.62"},         // 1.9 + 1.7777… + 1.9393… = 5.6171…
      {"0", "0", "0", "0.00"},
  }));
  CAPTURE(c.jun, c.sep, c.nov);
  Record r = full_marks();
  put_number(r, "exec_rate_jun", c.jun, "%");
  put_number(r, "exec_rate_sep", c.sep, "%");
  put_number(r, "exec_rate_nov", c.nov, "%");
  const Scored s = leaf_of(r, "exec_progress");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 执行进度 says whether each checkpoint was reached", "[rules]") {
  Record r = full_marks();
  put_number(r, "exec_rate_jun", "39.99", "%");
  const Scored below = leaf_of(r, "exec_progress");
  CHECK_THAT(below.reason, Contains("6月执行进度39.99%，未达40%"));
  CHECK_THAT(below.reason, Contains("9月执行进度67.5%，达到67.5%"));
  CHECK_THAT(below.reason, Contains("11月执行进度82.5%，达到82.5%"));

  put_number(r, "exec_rate_jun", "38", "%");
  CHECK_THAT(leaf_of(r, "exec_progress").reason, Contains("6月执行进度38%，未达40%，得1.90分"));
}

// ---------------------------------------------------------------------------
// 预算完成 (proportional.lua): 12月执行进度 = spent ÷ annual budget; 100% or
// more → 8, otherwise 8 × progress.

TEST_CASE("rules: 预算完成 scores 8 at 100% and 8×progress below it", "[rules]") {
  struct Case {
    const char* spent;
    const char* budget;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"100", "100", "8.00"},        // exactly 100%
      {"100.01", "100", "8.00"},     // just above
      {"150", "100", "8.00"},        // above: never more than 8
      {"99.99", "100", "8.00"},      // 7.9992, half-up 8.00
      {"99.9", "100", "7.99"},       // 7.992
      {"50", "100", "4.00"},
      {"0", "100", "0.00"},
      {"0.0625", "100", "0.01"},     // 0.005 exactly: half-up
      {"686.54", "686.54", "8.00"},
      {"600", "686.54", "6.99"},     // 8×600/686.54 = 6.9915…
  }));
  CAPTURE(c.spent, c.budget);
  Record r = full_marks();
  put_number(r, "spent_by_december", c.spent);
  put_number(r, "annual_budget", c.budget);
  const Scored s = leaf_of(r, "budget_completion");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 预算完成 with a zero or negative annual budget is an error, never a score", "[rules]") {
  const char* budget = GENERATE("0", "-1");
  CAPTURE(budget);
  Record r = full_marks();
  put_number(r, "annual_budget", budget);
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(kBudgetCompletion));
  CHECK_THAT(message, Contains("fact 'annual_budget'"));
  CHECK_THAT(message, Contains("1 leaf(s) cannot be scored"));
}

// ---------------------------------------------------------------------------
// 编制准确 (adjustment_ratio.lua): (1 − 10 × 调剂金额 ÷ 年初预算数) × 8; a ratio
// above 0.1 scores 0.

TEST_CASE("rules: 编制准确 scores (1−10×ratio)×8 and 0 above a ratio of 0.1", "[rules]") {
  struct Case {
    const char* reallocated;
    const char* initial;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"0", "100", "8.00"},        // nothing reallocated
      {"1", "100", "7.20"},        // (1 − 0.1) × 8
      {"5", "100", "4.00"},        // (1 − 0.5) × 8
      {"9.99", "100", "0.01"},     // (1 − 0.999) × 8 = 0.008
      {"10", "100", "0.00"},       // ratio exactly 0.1: (1 − 1) × 8
      {"10.01", "100", "0.00"},    // ratio 0.1001 > 0.1
      {"50", "100", "0.00"},
      {"15", "571.36", "5.90"},    // (1 − 150/571.36) × 8 = 5.8997…
      {"57.136", "571.36", "0.00"},  // exactly 0.1 of a non-round base
  }));
  CAPTURE(c.reallocated, c.initial);
  Record r = full_marks();
  put_number(r, "budget_reallocated", c.reallocated);
  put_number(r, "initial_budget", c.initial);
  const Scored s = leaf_of(r, "budget_accuracy");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 编制准确 with a zero initial budget is an error naming it", "[rules]") {
  Record r = full_marks();
  put_number(r, "initial_budget", "0");
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(kBudgetAccuracy));
  CHECK_THAT(message, Contains("fact 'initial_budget'"));
}

// ---------------------------------------------------------------------------
// 支出控制 (deviation_bands.lua): |决算 − 年初预算| ÷ 年初预算; 10%以内 → 6,
// 10%–20% → 3, over 20% → 0. 「以内」includes the number itself.

TEST_CASE("rules: 支出控制 scores 6 within 10%, 3 within 20%, 0 above, either side of the budget", "[rules]") {
  struct Case {
    const char* budget;
    const char* final_amount;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"100", "100", "6.00"},      // no deviation
      {"100", "109.99", "6.00"},
      {"100", "110", "6.00"},      // exactly 10%: 以内
      {"100", "110.01", "3.00"},   // 10.01%
      {"100", "115", "3.00"},
      {"100", "120", "3.00"},      // exactly 20%
      {"100", "120.01", "0.00"},   // 20.01%: 超过20%
      {"100", "250", "0.00"},
      {"100", "90", "6.00"},       // 10% under budget: absolute value
      {"100", "89.99", "3.00"},    // 10.01% under
      {"100", "80", "3.00"},       // 20% under
      {"100", "79.99", "0.00"},    // 20.01% under
      {"100", "0", "0.00"},        // nothing spent: 100% deviation
      {"3.3", "3.63", "6.00"},     // exactly 10% of a figure with no exact binary form
      {"3.3", "2.64", "3.00"},     // exactly 20% under, likewise
  }));
  CAPTURE(c.budget, c.final_amount);
  Record r = full_marks();
  put_number(r, "public_items_budget", c.budget);
  put_number(r, "public_items_final", c.final_amount);
  const Scored s = leaf_of(r, "spending_control");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 支出控制 with a zero budget is an error naming it", "[rules]") {
  Record r = full_marks();
  put_number(r, "public_items_budget", "0");
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(kSpendingControl));
  CHECK_THAT(message, Contains("fact 'public_items_budget'"));
}

// ---------------------------------------------------------------------------
// 动态调整 (dynamic_adjustment.lua):
// 1. 取消额 ≠ 0 and 注销额 ≠ 0: 取消额 ÷ (取消额 + 注销额) × 8
// 2. 取消额 = 0, 注销额 ≠ 0: (1 − 10 × 注销额 ÷ 年度预算总额) × 8, 0 when 注销额
//    is over 10% of the annual budget
// 3. both zero: full marks
// Unlisted (取消额 ≠ 0, 注销额 = 0): formula 1 gives 8 ÷ 8 × 8, full marks.

TEST_CASE("rules: 动态调整 follows the three branches of its rule and the unlisted case", "[rules]") {
  struct Case {
    const char* cancelled;
    const char* written_off;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"0", "0", "8.00"},         // branch 3: both zero
      {"3", "1", "6.00"},         // branch 1: 3 ÷ 4 × 8
      {"1", "2", "2.67"},         // branch 1: 8 ÷ 3
      {"1", "50", "0.16"},        // branch 1 has no 10% cap: 8 ÷ 51
      {"3.1", "0", "8.00"},       // unlisted: cancelled only
      {"0", "1", "7.20"},         // branch 2: (1 − 10 × 1%) × 8
      {"0", "5", "4.00"},         // branch 2: (1 − 0.5) × 8
      {"0", "9.99", "0.01"},      // branch 2: just under 10%, 0.008
      {"0", "10", "0.00"},        // branch 2: exactly 10%
      {"0", "10.01", "0.00"},     // branch 2: over 10%, 不得分
      {"0", "50", "0.00"},
  }));
  CAPTURE(c.cancelled, c.written_off);
  Record r = full_marks();  // annual_budget 100
  put_number(r, "monitoring_cancelled", c.cancelled);
  put_number(r, "balance_written_off", c.written_off);
  const Scored s = leaf_of(r, "dynamic_adjustment");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 动态调整 branch 2 with a zero annual budget is an error naming it", "[rules]") {
  Record r = full_marks();
  put_number(r, "balance_written_off", "5");
  put_number(r, "annual_budget", "0");
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(kDynamicAdjustment));
  CHECK_THAT(message, Contains("fact 'annual_budget'"));
}

// ---------------------------------------------------------------------------
// 违规记录 (per_item_deduction.lua): 0.5 off per problem, down to 0.

TEST_CASE("rules: 违规记录 deducts 0.5 per problem down to zero", "[rules]") {
  struct Case {
    const char* count;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"0", "8.00"},
      {"1", "7.50"},
      {"2", "7.00"},
      {"15", "0.50"},
      {"16", "0.00"},  // exactly used up
      {"17", "0.00"},  // floor at 0
      {"20", "0.00"},
  }));
  CAPTURE(c.count);
  Record r = full_marks();
  put_number(r, "violations_found", c.count, "个");
  const Scored s = leaf_of(r, "violations");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 违规记录 names the problems it deducted for", "[rules]") {
  Record r = full_marks();
  CHECK_THAT(leaf_of(r, "violations").reason, Contains("未发现违纪违规问题"));
  put_number(r, "violations_found", "1", "个");
  CHECK_THAT(leaf_of(r, "violations").reason, Contains("违纪违规问题1个，每个扣0.5分，得7.50分"));
}

TEST_CASE("rules: 违规记录 with a count that is not a whole number is an error", "[rules]") {
  const char* count = GENERATE("1.5", "-1");
  CAPTURE(count);
  Record r = full_marks();
  put_number(r, "violations_found", count, "个");
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(kViolations));
  CHECK_THAT(message, Contains("violations_found"));
}

// ---------------------------------------------------------------------------
// 目标实现 (share_met.lua): 达到预期值的数量指标个数 ÷ 全部数量指标个数 × 8; an
// indicator below its target, or 30%以上 over it, does not count.

TEST_CASE("rules: 目标实现 counts an indicator met from its target up to, not including, +30%, and says why", "[rules]") {
  // The count (rules.target_met) and the reason's note (rules.meets_target) agree at every edge.
  struct Case {
    const char* target;
    Value actual;
    bool met;
    const char* note;
  };
  const Case c = GENERATE(values<Case>({
      {"100", num("100"), true, "达到"},                // exactly at target
      {"100", num("99.99"), false, "未达预期"},         // just below
      {"100", num("100.01"), true, "达到"},             // just above
      {"100", num("129.99"), true, "达到"},             // +29.99%
      {"100", num("130"), false, "超过预期30%"},        // +30%: 30%以上 includes 30%
      {"100", num("130.01"), false, "超过预期30.01%"},  // +30.01%
      {"100", num("200"), false, "超过预期100%"},
      {"100", num("0"), false, "未达预期"},             // nothing done
      {"25", num("22"), false, "未达预期"},             // 资助贫困生25人左右 → 22人
      {"25", num("32.4975"), true, "达到"},             // +29.99%
      {"25", num("32.5"), false, "超过预期30%"},        // +30%
      {"100", Value::of_text("未完成"), false, "未完成"},  // recorded as not done
  }));
  CAPTURE(c.target, c.actual.display());
  Record r = full_marks();
  r.rows["quantity_indicators"][0] = indicator("科普活动受益人次", c.target, c.actual);
  const Scored s = leaf_of(r, "target_achievement");
  // One of four indicators varies: 4 of 4 met → 8, 3 of 4 → 6.
  CHECK(s.points() == (c.met ? "8.00" : "6.00"));
  CHECK(s.source == LeafSource::kComputed);
  CHECK_THAT(s.reason, Contains(std::string("（科普活动受益人次：") + c.note + "；"));
}

TEST_CASE("rules: 目标实现 is left to judgement when an indicator's actual or target cannot be read", "[rules]") {
  Record r = full_marks();
  r.rows["quantity_indicators"][0] = indicator("科普活动受益人次", "100", GENERATE(Value(), Value::of_text("大部分完成")));
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains("the rule leaves this case to judgement (无法读取的行：科普活动受益人次"));
}

TEST_CASE("rules: 目标实现 scores the share of indicators met × 8", "[rules]") {
  Record r = full_marks();
  SECTION("2 of 3 met") {
    r.rows["quantity_indicators"] = {indicator("a", "100", num("100")), indicator("b", "25", num("22")),
                                     indicator("c", "10", num("12"))};
    CHECK(leaf_of(r, "target_achievement").points() == "5.33");  // 8 × 2 ÷ 3
  }
  SECTION("none of 3 met") {
    r.rows["quantity_indicators"] = {indicator("a", "100", num("99")), indicator("b", "25", num("40")),
                                     indicator("c", "10", Value::of_text("未完成"))};
    CHECK(leaf_of(r, "target_achievement").points() == "0.00");
  }
  SECTION("a single indicator met") {
    r.rows["quantity_indicators"] = {indicator("a", "100", num("100"))};
    CHECK(leaf_of(r, "target_achievement").points() == "8.00");
  }
  SECTION("1 of 2 met") {
    r.rows["quantity_indicators"] = {indicator("a", "100", num("130")), indicator("b", "25", num("25"))};
    CHECK(leaf_of(r, "target_achievement").points() == "4.00");
  }
}

// share_met.lua judges a row of two numbers (target above 0) in its loop and
// any other (a target of 0 or below, a text, 未完成) through judge(): mixed in
// one table, each row fails, counts or is left to judgement as judge() and
// rules.target_met say; without reasons too (as score --all scores), where no
// reason goes through judge() for every row again.
TEST_CASE("rules: 目标实现 judges every row alike, whether its loop or judge() reads it", "[rules]") {
  static Scorer batch = [] {
    Scorer s = Scorer::from_file(jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml", jixiao::test::scripts_dir());
    s.set_reasons(false);
    return s;
  }();
  Record r = full_marks();
  // 戊: 3.9 is +30% of 3, which doubles compute as 29.999999999999996%: the
  // tolerance (rules.EPS) counts it as 30%以上, as rules.target_met does.
  const std::vector<Row> mixed = {indicator("甲", "100", num("100")), indicator("乙", "10", Value::of_text("未完成")),
                                  indicator("丙", "10", num("13")), indicator("丁", "10", num("12.99")),
                                  indicator("戊", "3", num("3.9"))};
  SECTION("a target of 0 among numbers is an error naming its row") {
    r.rows["quantity_indicators"] = {indicator("甲", "100", num("100")), indicator("乙", "0", num("3")),
                                     indicator("丙", "10", num("10"))};
    CHECK_THAT(evaluate_error(r), Contains("row '乙': target must be a number above 0"));
    CHECK_THAT(evaluate_error(batch, r), Contains("row '乙': target must be a number above 0"));
  }
  SECTION("a negative target among numbers is an error naming its row") {
    r.rows["quantity_indicators"] = {indicator("甲", "100", num("100")), indicator("乙", "-5", num("3"))};
    CHECK_THAT(evaluate_error(r), Contains("row '乙': target must be a number above 0"));
    CHECK_THAT(evaluate_error(batch, r), Contains("row '乙': target must be a number above 0"));
  }
  SECTION("without reasons, the count is the same") {
    r.rows["quantity_indicators"] = mixed;
    CHECK(leaf_of(batch, r, "target_achievement").points() == "3.20");
  }
  SECTION("未完成 among numbers is not met, and the rows' notes agree with the count") {
    r.rows["quantity_indicators"] = mixed;
    const Scored s = leaf_of(r, "target_achievement");
    CHECK(s.points() == "3.20");  // 甲 and 丁 of 5
    CHECK_THAT(s.reason, Contains("5个数量指标中2个达到预期（甲：达到；乙：未完成；丙：超过预期30%；丁：达到；戊：超过预期30%）"));
  }
  SECTION("a text target among numbers leaves the leaf to judgement") {
    r.rows["quantity_indicators"] = {indicator("甲", "100", num("100")), indicator("丙", "10", num("10"))};
    r.rows["quantity_indicators"][1].cells[1].second = Value::of_text("电脑5台");
    CHECK_THAT(evaluate_error(r), Contains("the rule leaves this case to judgement (无法读取的行：丙（预期电脑5台"));
  }
}

TEST_CASE("rules: 目标实现 with no indicator rows is left to judgement", "[rules]") {
  Record r = full_marks();
  r.rows["quantity_indicators"].clear();
  SECTION("no judgement recorded: an error naming the leaf") {
    const std::string message = evaluate_error(r);
    CHECK_THAT(message, Contains(kTargetAchievement));
    CHECK_THAT(message, Contains("target_achievement"));
  }
  SECTION("a judgement recorded: it is used") {
    judge(r, "target_achievement", "6.5", "项目数量指标未逐项公开，按自评报告判定");
    const Scored s = leaf_of(r, "target_achievement");
    CHECK(s.points() == "6.50");
    CHECK(s.source == LeafSource::kJudged);
    CHECK_THAT(s.reason, Contains("项目数量指标未逐项公开"));
  }
}

TEST_CASE("rules: 目标实现 with the indicator table not recorded needs a judgement", "[rules]") {
  Record r = full_marks();
  r.rows.erase("quantity_indicators");
  SECTION("no judgement recorded: an error naming the leaf and the table") {
    const std::string message = evaluate_error(r);
    CHECK_THAT(message, Contains(kTargetAchievement));
    CHECK_THAT(message, Contains("row table 'quantity_indicators'"));
  }
  SECTION("a judgement recorded: it is used") {
    judge(r, "target_achievement", "8");
    const Scored s = leaf_of(r, "target_achievement");
    CHECK(s.points() == "8.00");
    CHECK(s.source == LeafSource::kJudged);
  }
}

TEST_CASE("rules: 目标实现 with a target of zero is an error naming the row", "[rules]") {
  Record r = full_marks();
  r.rows["quantity_indicators"][0] = indicator("科普活动受益人次", "0", num("5"));
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(kTargetAchievement));
  CHECK_THAT(message, Contains("科普活动受益人次"));
}

// ---------------------------------------------------------------------------
// Checklists (checklist.lua). 目标制定 and 结果整改: 「否则酌情扣分」, so an unmet
// item needs a judgement. 自评公开 and 应用反馈: 「否则不得分」, so an unmet item
// scores 0.

TEST_CASE("rules: 目标制定 and 结果整改 give full marks when every item holds", "[rules]") {
  const Record r = full_marks();
  const Scored setting = leaf_of(r, "target_setting");
  CHECK(setting.points() == "8.00");
  CHECK(setting.source == LeafSource::kComputed);
  CHECK_THAT(setting.reason, Contains("满足「绩效目标编制要素完整」计4分"));
  CHECK_THAT(setting.reason, Contains("满足「绩效指标细化量化」计4分"));
  const Scored rectified = leaf_of(r, "rectified");
  CHECK(rectified.points() == "4.00");
  CHECK(rectified.source == LeafSource::kComputed);
}

TEST_CASE("rules: 目标制定 and 结果整改 leave an unmet item to judgement (酌情扣分)", "[rules]") {
  struct Case {
    const char* leaf;
    const char* path;
    const char* fact;
    const char* judged;
  };
  const Case c = GENERATE(values<Case>({
      {"target_setting", kTargetSetting, "targets_complete", "6"},
      {"target_setting", kTargetSetting, "indicators_quantified", "5.5"},
      {"rectified", kRectified, "problems_rectified", "2"},
  }));
  CAPTURE(c.leaf, c.fact);
  Record r = full_marks();
  put_flag(r, c.fact, false);
  SECTION("no judgement recorded: an error naming the leaf") {
    const std::string message = evaluate_error(r);
    CHECK_THAT(message, Contains(c.path));
    CHECK_THAT(message, Contains(std::string("'") + c.leaf + "'"));
    CHECK_THAT(message, Contains("1 leaf(s) cannot be scored"));
  }
  SECTION("a judgement recorded: it is used") {
    judge(r, c.leaf, c.judged, "部分要素缺失，酌情扣分");
    const Scored s = leaf_of(r, c.leaf);
    CHECK(s.points() == dec(c.judged).str(2));
    CHECK(s.source == LeafSource::kJudged);
    CHECK_THAT(s.reason, Contains("规则为酌情扣分"));
    CHECK_THAT(s.reason, Contains("部分要素缺失，酌情扣分"));
  }
}

TEST_CASE("rules: 目标制定 with both items unmet and a judgement of 0 scores 0", "[rules]") {
  Record r = full_marks();
  put_flag(r, "targets_complete", false);
  put_flag(r, "indicators_quantified", false);
  judge(r, "target_setting", "0");
  const Scored s = leaf_of(r, "target_setting");
  CHECK(s.points() == "0.00");
  CHECK(s.source == LeafSource::kJudged);
}

TEST_CASE("rules: a judgement does not replace a score the rule computes", "[rules]") {
  Record r = full_marks();
  judge(r, "target_setting", "5");
  const Scored s = leaf_of(r, "target_setting");
  CHECK(s.points() == "8.00");
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 自评公开 and 应用反馈 score 0 when unmet (否则不得分)", "[rules]") {
  struct Case {
    const char* leaf;
    const char* fact;
    const char* full;
  };
  const Case c = GENERATE(values<Case>({
      {"self_eval_published", "published_with_accounts", "2.00"},
      {"feedback", "feedback_on_time", "4.00"},
  }));
  CAPTURE(c.leaf);
  Record r = full_marks();
  CHECK(leaf_of(r, c.leaf).points() == c.full);
  put_flag(r, c.fact, false);
  const Scored s = leaf_of(r, c.leaf);
  CHECK(s.points() == "0.00");
  CHECK(s.source == LeafSource::kComputed);
  CHECK_THAT(s.reason, Contains("不得分"));
  // 不得分 is the rule's own answer: a recorded judgement does not change it.
  judge(r, c.leaf, "1");
  const Scored with_judgement = leaf_of(r, c.leaf);
  CHECK(with_judgement.points() == "0.00");
  CHECK(with_judgement.source == LeafSource::kComputed);
}

// ---------------------------------------------------------------------------
// 专项预算管理: no script, scored by judgement only.

TEST_CASE("rules: 专项预算管理 is scored by its judgement alone", "[rules]") {
  Record r = full_marks();
  SECTION("a judgement is used") {
    judge(r, "special_budget_mgmt", "18", "极个别绩效目标偏离预期，扣2分");
    const Scored s = leaf_of(r, "special_budget_mgmt");
    CHECK(s.points() == "18.00");
    CHECK(s.source == LeafSource::kJudged);
    CHECK_THAT(s.reason, Contains("扣2分"));
  }
  SECTION("no judgement: an error naming the leaf") {
    r.judgements.erase("special_budget_mgmt");
    const std::string message = evaluate_error(r);
    CHECK_THAT(message, Contains(kSpecialBudget));
    CHECK_THAT(message, Contains("'special_budget_mgmt'"));
  }
  SECTION("a judgement above the weight of 20: an error") {
    judge(r, "special_budget_mgmt", "20.5");
    const std::string message = evaluate_error(r);
    CHECK_THAT(message, Contains(kSpecialBudget));
    CHECK_THAT(message, Contains("0..20"));
  }
}

// ---------------------------------------------------------------------------
// Missing inputs: every fact every self-scored leaf declares.

TEST_CASE("rules: a missing fact without a judgement is an error naming the leaf and the fact", "[rules]") {
  struct Case {
    const char* fact;
    std::vector<std::pair<const char*, const char*>> leaves;  // leaf id, path: every leaf declaring it
  };
  const Case c = GENERATE(values<Case>({
      {"targets_complete", {{"target_setting", kTargetSetting}}},
      {"indicators_quantified", {{"target_setting", kTargetSetting}}},
      {"budget_reallocated", {{"budget_accuracy", kBudgetAccuracy}}},
      {"initial_budget", {{"budget_accuracy", kBudgetAccuracy}}},
      {"public_items_budget", {{"spending_control", kSpendingControl}}},
      {"public_items_final", {{"spending_control", kSpendingControl}}},
      {"monitoring_cancelled", {{"dynamic_adjustment", kDynamicAdjustment}}},
      {"balance_written_off", {{"dynamic_adjustment", kDynamicAdjustment}}},
      {"annual_budget", {{"dynamic_adjustment", kDynamicAdjustment}, {"budget_completion", kBudgetCompletion}}},
      {"exec_rate_jun", {{"exec_progress", kExecProgress}}},
      {"exec_rate_sep", {{"exec_progress", kExecProgress}}},
      {"exec_rate_nov", {{"exec_progress", kExecProgress}}},
      {"spent_by_december", {{"budget_completion", kBudgetCompletion}}},
      {"violations_found", {{"violations", kViolations}}},
      {"published_with_accounts", {{"self_eval_published", kSelfEvalPublished}}},
      {"problems_rectified", {{"rectified", kRectified}}},
      {"feedback_on_time", {{"feedback", kFeedback}}},
  }));
  CAPTURE(c.fact);
  Record r = full_marks();
  REQUIRE(r.facts.erase(c.fact) == 1);
  SECTION("no judgement recorded") {
    const std::string message = evaluate_error(r);
    CHECK_THAT(message, Contains(std::to_string(c.leaves.size()) + " leaf(s) cannot be scored"));
    for (const auto& [id, path] : c.leaves) {
      CAPTURE(id);
      CHECK_THAT(message, Contains(std::string("[") + path + "（" + id + "）] missing fact '" + c.fact + "'"));
      CHECK_THAT(message, Contains(std::string("no judgement is recorded for '") + id + "'"));
    }
  }
  SECTION("a judgement recorded: it is used") {
    for (const auto& [id, path] : c.leaves) judge(r, id, "1.5", "原始数据未公开，按佐证材料判定");
    for (const auto& [id, path] : c.leaves) {
      CAPTURE(id);
      const Scored s = leaf_of(r, id);
      CHECK(s.points() == "1.50");
      CHECK(s.source == LeafSource::kJudged);
      CHECK_THAT(s.reason, Contains("原始数据未公开"));
      REQUIRE(s.missing.size() == 1);
      CHECK_THAT(s.missing[0], Contains(std::string("fact '") + c.fact + "'"));
    }
  }
}

// ---------------------------------------------------------------------------
// A fact of the wrong type.

TEST_CASE("rules: a fact of the wrong type is an error naming the fact", "[rules]") {
  struct Case {
    const char* fact;
    const char* path;
    Value value;
  };
  const Case c = GENERATE(values<Case>({
      {"annual_budget", kBudgetCompletion, Value::of_text("686.54万元")},
      {"spent_by_december", kBudgetCompletion, Value::of_bool(true)},
      {"exec_rate_jun", kExecProgress, Value::of_text("38%")},
      {"budget_reallocated", kBudgetAccuracy, Value::of_text("无")},
      {"public_items_final", kSpendingControl, Value::of_text("约110万元")},
      {"monitoring_cancelled", kDynamicAdjustment, Value::of_text("3.1万元")},
      {"violations_found", kViolations, Value::of_bool(false)},
      {"targets_complete", kTargetSetting, Value::of_number(Decimal::from_int(1))},
      {"feedback_on_time", kFeedback, Value::of_text("是")},
  }));
  CAPTURE(c.fact, c.value.display());
  Record r = full_marks();
  put_value(r, c.fact, c.value);
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains(c.path));
  CHECK_THAT(message, Contains(std::string("fact '") + c.fact + "' must be"));
  CHECK_THAT(message, Contains("1 leaf(s) cannot be scored"));
}

// ---------------------------------------------------------------------------
// 自评准确: not self-scored in the shipped set; gap_deduction.lua checked
// through a one-leaf set with the shipped leaf's params.

TEST_CASE("rules: 自评准确 is not self-scored: no score, source not-scored", "[rules]") {
  Record r = full_marks();
  SECTION("without its facts") {
    const Scored s = leaf_of(r, "self_eval_accuracy");
    CHECK_FALSE(s.score.has_value());
    CHECK(s.source == LeafSource::kNotScored);
  }
  SECTION("even with its facts recorded") {
    put_number(r, "self_score", "85", "分");
    put_number(r, "review_score", "70", "分");
    const Scored s = leaf_of(r, "self_eval_accuracy");
    CHECK_FALSE(s.score.has_value());
    CHECK(s.source == LeafSource::kNotScored);
  }
}

namespace {

const char* const kGapSet = R"(id: gap-test
name: 自评准确测试
total: 10
score_places: 2
indicators:
  - id: self_eval_accuracy
    name: 自评准确
    weight: 10
    explanation: 评价部门整体支出自评准确率。
    rule: >-
      部门整体支出自评得分与评价组抽查得分差异在5%以内的，不扣分；在5%-10%之间的，扣4分，在10%-20%的，扣8分，在20%以上的，扣10分。
    script: gap_deduction.lua
    facts: [self_score, review_score]
    params:
      bands:
        - {up_to: 5, deduct: 0}
        - {up_to: 10, deduct: 4}
        - {below: 20, deduct: 8}
      otherwise: 10
)";

Record gap_record(const std::string& self_score, const std::string& review_score) {
  Record r;
  r.entity = "测试部门";
  r.year = 2021;
  r.set_id = "gap-test";
  r.source = "rules_test";
  put_number(r, "self_score", self_score, "分");
  put_number(r, "review_score", review_score, "分");
  return r;
}

}  // namespace

// The same params as the shipped leaf self_eval_accuracy.
TEST_CASE("rules: 自评准确 deducts 0/4/8/10 by the gap between self and review scores", "[rules]") {
  struct Case {
    const char* self_score;
    const char* review;
    const char* points;
  };
  const Case c = GENERATE(values<Case>({
      {"100", "100", "10.00"},    // no gap
      {"105", "100", "10.00"},    // exactly 5%: 以内, no deduction
      {"95", "100", "10.00"},     // 5% under
      {"1.05", "1", "10.00"},     // exactly 5% of figures with no exact binary form
      {"105.01", "100", "6.00"},  // 5.01%: deduct 4
      {"110", "100", "6.00"},     // exactly 10%: deduct 4
      {"110.01", "100", "2.00"},  // 10.01%: deduct 8
      {"119.99", "100", "2.00"},  // 19.99%: deduct 8
      {"120", "100", "0.00"},     // exactly 20%: 「20%以上」含本数, deduct 10
      {"80", "100", "0.00"},      // 20% under
      {"120.01", "100", "0.00"},  // above 20%: deduct 10
      {"79.99", "100", "0.00"},
      {"0", "100", "0.00"},
      {"85", "80", "6.00"},       // 6.25%
      {"84", "80", "10.00"},      // 5%
      {"88", "80", "6.00"},       // 10%
      {"96", "80", "0.00"},       // 20%
  }));
  CAPTURE(c.self_score, c.review);
  Scorer scorer(kGapSet, "test.yaml", jixiao::test::scripts_dir());
  const Record r = gap_record(c.self_score, c.review);
  const Scored s = leaf_of(scorer, r, "self_eval_accuracy");
  CHECK(s.points() == c.points);
  CHECK(s.source == LeafSource::kComputed);
}

TEST_CASE("rules: 自评准确 with a zero review score is an error naming it", "[rules]") {
  Scorer scorer(kGapSet, "test.yaml", jixiao::test::scripts_dir());
  const Record r = gap_record("85", "0");
  const std::string message = evaluate_error(scorer, r);
  CHECK_THAT(message, Contains("[自评准确（self_eval_accuracy）]"));
  CHECK_THAT(message, Contains("fact 'review_score'"));
}

TEST_CASE("rules: 自评准确 with the review score missing is an error naming it", "[rules]") {
  Scorer scorer(kGapSet, "test.yaml", jixiao::test::scripts_dir());
  Record r = gap_record("85", "80");
  r.facts.erase("review_score");
  const std::string message = evaluate_error(scorer, r);
  CHECK_THAT(message, Contains("[自评准确（self_eval_accuracy）] missing fact 'review_score'"));
}

TEST_CASE("rules: a filed score or judgement keyed by a misspelt leaf id is an error, not dropped", "[rules]") {
  Record r = full_marks();
  r.filed_scores["target_setings"] = jixiao::Decimal::from_int(8);
  r.filed_scores["violations"] = jixiao::Decimal::from_int(9);
  judge(r, "exec_progres", "6", "判定");
  const std::string message = evaluate_error(r);
  CHECK_THAT(message, Contains("filed score for 'target_setings', which is not a leaf of liangshan-2021-dept, "
                               "did you mean 'target_setting'?"));
  CHECK_THAT(message, Contains("filed score 9 of 'violations' is outside 0..8"));
  CHECK_THAT(message, Contains("judgement for 'exec_progres', which is not a leaf of liangshan-2021-dept, "
                               "did you mean 'exec_progress'?"));
}
