#include "json_writer.h"

#include <cstdio>

#include "terminal_text.h"

namespace jixiao {

// Every control character is escaped (C0, DEL and C1), and a byte that is not
// well-formed UTF-8 becomes U+FFFD: whatever reached the writer, the output
// is valid JSON. A NUL is written as \u0000 and does not end the string.
std::string json_escape(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const long c = next_code_point(s, i);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case -1: out += "\xEF\xBF\xBD"; break;
      default:
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04lx", c);
          out += buf;
        } else {
          out.append(s, start, i - start);
        }
    }
  }
  return out + "\"";
}

void JsonWriter::newline() {
  if (indent_ <= 0) return;
  out_ += '\n';
  out_.append(first_.size() * indent_, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += bracket;
  return *this;
}

JsonWriter& JsonWriter::end_object() { return close('}'); }

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(const std::string& k) {
  before_value();
  out_ += json_escape(k) + (indent_ > 0 ? ": " : ":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(const std::string& s) {
  before_value();
  out_ += json_escape(s);
  return *this;
}

JsonWriter& JsonWriter::number(const Decimal& d, int min_places) {
  before_value();
  out_ += d.str(min_places);
  return *this;
}

JsonWriter& JsonWriter::number(const std::optional<Decimal>& d, int min_places) {
  return d ? number(*d, min_places) : null();
}

JsonWriter& JsonWriter::integer(long long n) {
  before_value();
  out_ += std::to_string(n);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

}  // namespace jixiao
