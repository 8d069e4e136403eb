// Checks that text from files is well-formed UTF-8 without control
// characters, so names, reasons and quotes can go to a terminal or into JSON
// as they are. Positions are byte offsets, as yaml-cpp counts its columns.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jixiao {

struct TextProblem {
  size_t offset = 0;    // byte offset of the first byte of the offending sequence
  std::string message;  // "invalid UTF-8: byte 0xC0 starts an overlong encoding"
};

// The first ill-formed UTF-8 sequence in `text`, or nullopt when all of it is
// well-formed (RFC 3629): a stray continuation byte, a byte that never occurs
// (0xC0, 0xC1, 0xF5–0xFF), an overlong encoding, a surrogate (U+D800–U+DFFF),
// a code point above U+10FFFF, or a sequence cut short.
std::optional<TextProblem> find_invalid_utf8(std::string_view text);

// The first control character in well-formed UTF-8 `text`, or nullopt: NUL
// and the other C0 controls except tab and line feed (and carriage return
// when `allow_carriage_return`), DEL, and the C1 controls U+0080–U+009F.
std::optional<TextProblem> find_control_character(std::string_view text, bool allow_carriage_return);

}  // namespace jixiao
