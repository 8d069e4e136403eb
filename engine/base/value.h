// A plain value as scripts see it: parameters of a leaf, a recorded fact, a
// cell of a row. Numbers are exact decimals; text keeps what was written.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "decimal.h"

namespace jixiao {

struct Value {
  enum class Type { kNull, kBool, kNumber, kText, kList, kMap };

  Type type = Type::kNull;
  bool boolean = false;
  Decimal number;
  std::string text;                                  // kText, and the written form of kNumber
  std::vector<Value> list;                           // kList
  std::vector<std::pair<std::string, Value>> map;    // kMap, in written order

  static Value of_bool(bool b);
  static Value of_number(Decimal d);
  static Value of_text(std::string s);

  // The member named `key` of a map, or nullptr.
  const Value* find(const std::string& key) const;
  // "8", "true", "凉山", "[...]", "{...}": for traces and messages.
  std::string display() const;
  // "number", "text", ...: for messages that say what was expected.
  static const char* type_name(Type t);
};

bool operator==(const Value& a, const Value& b);
inline bool operator!=(const Value& a, const Value& b) { return !(a == b); }

}  // namespace jixiao
