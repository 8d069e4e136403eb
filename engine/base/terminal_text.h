// Text from files and scripts made safe to show: control characters made
// visible, so a reason cannot move the cursor, recolour the screen or split a
// table row, and invalid UTF-8 replaced, so every writer emits valid text.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

// The next code point of `text` from `at`, advancing `at`; -1 (and one byte
// consumed) for a byte that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates and values past U+10FFFF are ill-formed).
long next_code_point(std::string_view text, size_t& at);

// `text` with every control character shown as an escape and every invalid
// byte as U+FFFD (�): \n \r \t as those two characters, other C0 controls and
// DEL as \xHH (ESC is \x1b), C1 controls and the bidirectional overrides
// (U+202A–U+202E, U+2066–U+2069) as \uHHHH. Everything else is kept as is.
std::string visible(std::string_view text);

// The same, but line breaks and tabs are kept: for multi-line text (a rule's
// explanation, a script, a whole report already laid out).
std::string visible_lines(std::string_view text);

// `text` with invalid UTF-8 bytes replaced by U+FFFD, nothing else changed.
std::string valid_utf8(std::string_view text);

}  // namespace jixiao
