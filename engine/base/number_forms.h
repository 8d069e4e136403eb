// Says why a written number is not read as one: YAML and spreadsheets allow
// forms (1e308, 0x10, .nan, 1,000) that jixiao's exact decimals do not, and
// "the value is text" would hide the reason.
#pragma once

#include <optional>
#include <string>

namespace jixiao {

// For text that looks like a number in a form Decimal::parse refuses, what is
// wrong with it and what to write instead, such as "hexadecimal ('0x10') is
// not accepted: write 16". nullopt for text that does not look like a number
// at all (and for numbers Decimal::parse accepts).
std::optional<std::string> unread_number(const std::string& text);

}  // namespace jixiao
