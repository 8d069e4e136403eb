// Fuzz target: the reader of project table cells (「资助贫困生25人左右」,
// 「≥95%」, 「因疫情未执行」), as a target and as an actual. It never throws;
// what it reads must be consistent with what it was given.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "target_text.h"

namespace {

using jixiao::ParsedValue;
using jixiao::fuzz::require;

void check(const ParsedValue& p, const std::string& text, const char* as) {
  const std::string what = std::string(as) + " 「" + text + "」: ";
  require(p.text == text, what + "the text as written is not kept");
  require(*jixiao::kind_name(p.kind) != '\0' && *jixiao::op_name(p.op) != '\0', what + "a kind or op without a name");
  switch (p.kind) {
    case ParsedValue::Kind::kNumber:
      // (Bytes that are not UTF-8 can spell a sign once spaces between them are dropped.)
      require(p.value >= jixiao::Decimal() || !jixiao::fuzz::valid_utf8(text) || text.find('-') != std::string::npos ||
                  text.find("−") != std::string::npos || text.find("－") != std::string::npos ||
                  text.find("负") != std::string::npos,
              what + "a figure read as negative without a minus sign: " + p.value.str());
      require(p.unit.size() <= 12, what + "a unit of more than 12 bytes: " + p.unit);
      break;
    case ParsedValue::Kind::kUnread:
    case ParsedValue::Kind::kNotDone:
      require(!p.why.empty(), what + "unread or not done without saying why");
      break;
    case ParsedValue::Kind::kText:
      break;
  }
  if (jixiao::fuzz::valid_utf8(text))
    require(jixiao::fuzz::valid_utf8(p.unit) && jixiao::fuzz::valid_utf8(p.why),
            what + "valid UTF-8 in, a unit or reason that is not: " + p.unit + " / " + p.why);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ParsedValue target = jixiao::parse_target(text);
  check(target, text, "target");
  const ParsedValue actual = jixiao::parse_actual(text);
  check(actual, text, "actual");
  // An actual is read as a target unless it says the work was not done; a
  // date differs only in its operator (a target date is a deadline, ≤; an
  // actual date is when the work was done, =).
  if (actual.kind != ParsedValue::Kind::kNotDone)
    require(actual.kind == target.kind && (actual.op == target.op || target.kind == ParsedValue::Kind::kDate) &&
                actual.value == target.value && actual.unit == target.unit,
            "「" + text + "」 is read differently as an actual");
  return 0;
}
