// A small streaming JSON writer: objects, arrays, strings (UTF-8 kept as is,
// every control character escaped, invalid UTF-8 replaced by U+FFFD, so the
// output is always valid JSON), exact decimal numbers, booleans, null.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"

namespace jixiao {

class JsonWriter {
 public:
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(const std::string& k);  // inside an object, before each value
  JsonWriter& string(const std::string& s);
  JsonWriter& number(const Decimal& d, int min_places = 0);  // written exactly: 85.00
  JsonWriter& number(const std::optional<Decimal>& d, int min_places = 0);  // null when empty
  JsonWriter& integer(long long n);
  JsonWriter& boolean(bool b);
  JsonWriter& null();

  const std::string& str() const { return out_; }

 private:
  void before_value();
  JsonWriter& close(char bracket);
  void newline();
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
  int indent_;
};

// `s` as a quoted JSON string: always valid JSON, whatever bytes `s` holds.
std::string json_escape(const std::string& s);

}  // namespace jixiao
