#include "utf8.h"

#include <catch2/catch.hpp>

#include <string>

using jixiao::find_control_character;
using jixiao::find_invalid_utf8;

namespace {

// "offset: message" of the first problem, or "ok".
std::string utf8_verdict(const std::string& bytes) {
  const auto p = find_invalid_utf8(bytes);
  return p ? std::to_string(p->offset) + ": " + p->message : "ok";
}

std::string control_verdict(const std::string& bytes, bool allow_cr = false) {
  const auto p = find_control_character(bytes, allow_cr);
  return p ? std::to_string(p->offset) + ": " + p->message : "ok";
}

}  // namespace

TEST_CASE("utf8: the first and last code point of each length are accepted", "[utf8]") {
  CHECK(utf8_verdict(std::string("\x00", 1)) == "ok");
  CHECK(utf8_verdict("\x7F") == "ok");
  CHECK(utf8_verdict("\xC2\x80") == "ok");          // U+0080
  CHECK(utf8_verdict("\xDF\xBF") == "ok");          // U+07FF
  CHECK(utf8_verdict("\xE0\xA0\x80") == "ok");      // U+0800
  CHECK(utf8_verdict("\xED\x9F\xBF") == "ok");      // U+D7FF, below the surrogates
  CHECK(utf8_verdict("\xEE\x80\x80") == "ok");      // U+E000, above them
  CHECK(utf8_verdict("\xEF\xBF\xBF") == "ok");      // U+FFFF
  CHECK(utf8_verdict("\xF0\x90\x80\x80") == "ok");  // U+10000
  CHECK(utf8_verdict("\xF4\x8F\xBF\xBF") == "ok");  // U+10FFFF
  CHECK(utf8_verdict("凉山州科协 85.00") == "ok");
}

TEST_CASE("utf8: overlong encodings are refused", "[utf8]") {
  CHECK(utf8_verdict("a\xC0\xAF") == "1: invalid UTF-8: byte 0xC0 starts an overlong encoding");
  CHECK(utf8_verdict("\xC1\xBF") == "0: invalid UTF-8: byte 0xC1 starts an overlong encoding");
  CHECK(utf8_verdict("\xE0\x9F\xBF") == "0: invalid UTF-8: an overlong encoding of U+07FF");
  CHECK(utf8_verdict("\xF0\x8F\xBF\xBF") == "0: invalid UTF-8: an overlong encoding of U+FFFF");
}

TEST_CASE("utf8: surrogates and code points beyond U+10FFFF are refused", "[utf8]") {
  CHECK(utf8_verdict("x\xED\xA0\x80") == "1: invalid UTF-8: a surrogate (U+D800) is not a character");
  CHECK(utf8_verdict("\xED\xBF\xBF") == "0: invalid UTF-8: a surrogate (U+DFFF) is not a character");
  CHECK(utf8_verdict("\xF4\x90\x80\x80") == "0: invalid UTF-8: beyond U+10FFFF, the last code point");
  CHECK(utf8_verdict("\xF5\x80\x80\x80") == "0: invalid UTF-8: byte 0xF5 never occurs in UTF-8");
  CHECK(utf8_verdict("\xFF") == "0: invalid UTF-8: byte 0xFF never occurs in UTF-8");
}

TEST_CASE("utf8: truncated sequences and stray continuation bytes are refused", "[utf8]") {
  CHECK(utf8_verdict("ab\xE5\x87") == "2: invalid UTF-8: the text ends inside a character");
  CHECK(utf8_verdict("\xE5\x87x") ==
        "0: invalid UTF-8: byte 0xE5 starts a character of 3 bytes, but byte 0x78 follows");
  CHECK(utf8_verdict("\xF0\x90\x80") == "0: invalid UTF-8: the text ends inside a character");
  CHECK(utf8_verdict("凉\x80") == "3: invalid UTF-8: byte 0x80 continues a character that was never started");
}

TEST_CASE("utf8: control characters are found, tab and line feed are text", "[utf8]") {
  CHECK(control_verdict("a\tb\nc") == "ok");
  CHECK(control_verdict(std::string("ab\0c", 4)) == "2: a NUL byte (U+0000) is not allowed in text");
  CHECK(control_verdict("8.00\r0.00") == "4: a control character (U+000D) is not allowed in text");
  CHECK(control_verdict("8.00\r\n", true) == "ok");
  CHECK(control_verdict("\x1B[2J") == "0: a control character (U+001B) is not allowed in text");
  CHECK(control_verdict("x\x7F") == "1: a control character (U+007F) is not allowed in text");
  CHECK(control_verdict("\xC2\x9B" "2J") == "0: a control character (U+009B) is not allowed in text");
  CHECK(control_verdict("\xC2\xA0") == "ok");  // U+00A0, the first after the C1 controls
  CHECK(control_verdict("凉山") == "ok");
}
