// YAML text written by jixiao (new sets, data templates): scalars quoted so
// that they read back exactly as given, whatever they contain.
#pragma once

#include <string>

namespace jixiao {

// `text` as a YAML scalar: plain when it reads back as the same text (ASCII
// letters, digits, CJK and common punctuation, not a number, boolean, null
// or "unknown"), else in double quotes with \" \\ and control characters
// escaped.
std::string yaml_scalar(const std::string& text);

// `text` for a key's value at `indent` spaces: a literal block (|-) when it
// has several lines that a block keeps exactly, else yaml_scalar(text).
std::string yaml_value(const std::string& text, int indent);

}  // namespace jixiao
