#include "terminal_text.h"

#include <cstdio>

namespace jixiao {

namespace {

const char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

bool is_bidi_control(long c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); }

std::string escape_of(long c) {
  switch (c) {
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
  }
  char buf[12];
  if (c < 0x80) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
  else std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
  return buf;
}

std::string neutralise(std::string_view text, bool keep_lines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const long c = next_code_point(text, i);
    if (c < 0) out += kReplacement;
    else if (keep_lines && (c == '\n' || c == '\t')) out += static_cast<char>(c);
    else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || is_bidi_control(c)) out += escape_of(c);
    else out.append(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

long next_code_point(std::string_view text, size_t& at) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(at);
  if (b < 0x80) {
    ++at;
    return b;
  }
  int len = 0;
  long c = 0, min = 0;
  if ((b & 0xE0) == 0xC0) len = 2, c = b & 0x1F, min = 0x80;
  else if ((b & 0xF0) == 0xE0) len = 3, c = b & 0x0F, min = 0x800;
  else if ((b & 0xF8) == 0xF0) len = 4, c = b & 0x07, min = 0x10000;
  if (len == 0 || at + len > text.size()) {
    ++at;
    return -1;
  }
  for (int k = 1; k < len; ++k) {
    if ((byte(at + k) & 0xC0) != 0x80) {
      ++at;
      return -1;
    }
    c = (c << 6) | (byte(at + k) & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++at;
    return -1;
  }
  at += len;
  return c;
}

std::string visible(std::string_view text) { return neutralise(text, false); }

std::string visible_lines(std::string_view text) { return neutralise(text, true); }

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    if (next_code_point(text, i) < 0) out += kReplacement;
    else out.append(text.substr(start, i - start));
  }
  return out;
}

}  // namespace jixiao
