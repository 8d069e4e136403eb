// Reads the targets and actuals of project self-evaluation tables as they
// are printed ("资助贫困生25人左右", "≧ 100 %", "90%以上", "2023年12月底前",
// "完成了资助贫困生22人", "因…未执行") into an operator, a number and a unit,
// or a date, keeping the text, and says plainly when a text cannot be read
// rather than guessing.
#pragma once

#include <optional>
#include <string>

#include "decimal.h"

namespace jixiao {

struct ParsedValue {
  enum class Kind {
    kNumber,   // one figure: op, value and unit are set
    kDate,     // a date or month (计划 2023年12月, 年底前): op and year/month/day are set
    kText,     // no figure at all: a qualitative statement
    kNotDone,  // an actual saying the work was not done (未执行, 未完成, 未能举办, 取消 …)
    kUnread,   // figures that cannot be compared mechanically: `why` says which
  };
  enum class Op { kEq, kGe, kGt, kLe, kLt, kApprox };

  Kind kind = Kind::kUnread;
  Op op = Op::kEq;
  bool bare = false;  // kNumber: no operator was written (a bare 90% or 8000); op is then kEq
  Decimal value;
  std::string unit;  // 人, %, 期/年, 份（册）; empty when none is written
  int year = 0, month = 0, day = 0;  // kDate: 0 where the text does not say
  std::string why;   // kUnread: why the text could not be read
  std::string text;  // as written

  // kDate: "2023年12月", "12月", "2023年"; otherwise empty.
  std::string date_text() const;
};

// A target (预期指标值). Operators in any spelling, with spaces anywhere:
// ≥ ≧ >= ＞＝ 不低于 不少于 达到 以上 → kGe; ≤ ≦ <= ＜＝ 不高于 不超过 以下 以内 → kLe;
// > 超过 超 高于 → kGt; < 低于 少于 → kLt; 左右 约 → kApprox; = ＝ ═ ﹦ → kEq;
// none written → kEq with `bare` set. Full-width digits and ％ (and 百分比) read
// as ASCII. Dates and months alone ("2023年12月", "12月底前", "年底前",
// "2021年1-12月") are kDate, read as a deadline (kLe); beside a figure they
// are ignored. Several figures are kUnread.
ParsedValue parse_target(const std::string& text);

// An actual (实际完成指标值): as a target (a bound such as "≥266米" keeps its
// figure and operator; a date is kDate with kEq), and kNotDone when it says
// the work was not done.
ParsedValue parse_actual(const std::string& text);

// The three-cell layout 指标性质 | 指标值 | 度量单位: `nature` is an operator
// in any spelling, 正向/反向 (≥/≤) or 定性 (the value is then text); an empty
// nature reads the value cell alone. A nature it does not know is kUnread.
ParsedValue parse_target_cells(const std::string& nature, const std::string& value, const std::string& unit);

// An actual printed beside a separate 度量单位 cell: the unit is taken from
// that cell when the actual writes none.
ParsedValue parse_actual_with_unit(const std::string& text, const std::string& unit);

// Whether a date actual meets a date target (by then, for kLe; from then,
// for kGe; the same, for kEq), compared at the precision both state: a
// target without a year is taken in the actual's year. Empty when either is
// not a date.
std::optional<bool> date_met(const ParsedValue& target, const ParsedValue& actual);

const char* op_name(ParsedValue::Op op);      // "ge", "le", "eq", "approx", "gt", "lt"
const char* op_symbol(ParsedValue::Op op);    // "≥", "≤", "=", "≈", ">", "<"
const char* kind_name(ParsedValue::Kind kind);  // "number", "date", "text", "not-done", "unread"

}  // namespace jixiao
