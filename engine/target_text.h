// Reads the targets and actuals of project self-evaluation tables as they
// are written ("资助贫困生25人左右", "≥95%", "90%以上", "完成了资助贫困生22人",
// "因…未执行") into an operator, a number and a unit, keeping the text, and
// says plainly when a text cannot be read rather than guessing.
#pragma once

#include <string>

#include "decimal.h"

namespace jixiao {

struct ParsedValue {
  enum class Kind {
    kNumber,   // one figure: op, value and unit are set
    kText,     // no figure at all: a qualitative statement
    kNotDone,  // an actual saying the work was not done (未执行, 未完成, 取消 …)
    kUnread,   // figures that cannot be compared mechanically: `why` says which
  };
  enum class Op { kEq, kGe, kGt, kLe, kLt, kApprox };

  Kind kind = Kind::kUnread;
  Op op = Op::kEq;
  Decimal value;
  std::string unit;  // 人, %, 期/年, 份（册）; empty when none is written
  std::string why;   // kUnread: why the text could not be read
  std::string text;  // as written
};

// A target (预期指标值): 以上/不低于/≥ → kGe, 以下/以内/不超过/≤ → kLe,
// 左右/约 → kApprox, otherwise kEq. Years and dates ("2021年", "6月底",
// "1-12月") are not figures; several figures, or a date alone, are kUnread.
ParsedValue parse_target(const std::string& text);

// An actual (实际完成指标值): as a target, and kNotDone when it says the work
// was not done.
ParsedValue parse_actual(const std::string& text);

const char* op_name(ParsedValue::Op op);      // "ge", "le", "eq", "approx", "gt", "lt"
const char* op_symbol(ParsedValue::Op op);    // "≥", "≤", "=", "≈", ">", "<"
const char* kind_name(ParsedValue::Kind kind);  // "number", "text", "not-done", "unread"

}  // namespace jixiao
