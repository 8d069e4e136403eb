#include "utf8.h"

#include <cstdint>
#include <cstdio>

namespace jixiao {

namespace {

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

std::string code_point(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

TextProblem invalid(size_t offset, const std::string& why) { return {offset, "invalid UTF-8: " + why}; }

}  // namespace

std::optional<TextProblem> find_invalid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    int length = 0;
    uint32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      cp = lead & 0x07;
    } else if (lead >= 0x80 && lead <= 0xBF) {
      return invalid(i, "byte " + hex_byte(lead) + " continues a character that was never started");
    } else if (lead == 0xC0 || lead == 0xC1) {
      return invalid(i, "byte " + hex_byte(lead) + " starts an overlong encoding");
    } else {
      return invalid(i, "byte " + hex_byte(lead) + " never occurs in UTF-8");
    }
    for (int k = 1; k < length; ++k) {
      if (i + k >= text.size()) return invalid(i, "the text ends inside a character");
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80)
        return invalid(i, "byte " + hex_byte(lead) + " starts a character of " + std::to_string(length) +
                              " bytes, but byte " + hex_byte(next) + " follows");
      cp = (cp << 6) | (next & 0x3F);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000))
      return invalid(i, "an overlong encoding of " + code_point(cp));
    if (cp >= 0xD800 && cp <= 0xDFFF) return invalid(i, "a surrogate (" + code_point(cp) + ") is not a character");
    if (cp > 0x10FFFF) return invalid(i, "beyond U+10FFFF, the last code point");
    i += length;
  }
  return std::nullopt;
}

std::optional<TextProblem> find_control_character(std::string_view text, bool allow_carriage_return) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    uint32_t cp = b;
    if (b == 0xC2 && i + 1 < text.size()) cp = (static_cast<unsigned char>(text[i + 1]) & 0x3F) | 0x80;
    const bool control = cp < 0x20 || cp == 0x7F || (b == 0xC2 && cp >= 0x80 && cp <= 0x9F);
    if (!control || cp == '\t' || cp == '\n' || (cp == '\r' && allow_carriage_return)) continue;
    return TextProblem{i, (cp == 0 ? "a NUL byte (U+0000)" : "a control character (" + code_point(cp) + ")") +
                              std::string(" is not allowed in text")};
  }
  return std::nullopt;
}

}  // namespace jixiao
