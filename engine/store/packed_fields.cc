// Lengths rather than separators: nothing in a value has to be escaped on
// the way in or looked for on the way out. Reading is inline in the header;
// here is only what describes a defect.
#include "packed_fields.h"

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace jixiao {

void pack_field(std::string& packed, std::string_view value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value.size()).ptr;
  const auto length = static_cast<size_t>(end - digits);
  // Grown once and written in place: a batch packs a few fields for every result it writes.
  const size_t at = packed.size();
  packed.resize(at + length + 1 + value.size());
  char* out = &packed[at];
  std::memcpy(out, digits, length);
  out[length] = ':';
  if (!value.empty()) std::memcpy(out + length + 1, value.data(), value.size());
}

namespace packed_fields_detail {

void throw_defect(std::string_view rest) {
  size_t digits = 0, length = 0;
  while (digits < rest.size() && digits <= kMaxDigits && rest[digits] >= '0' && rest[digits] <= '9')
    length = length * 10 + static_cast<size_t>(rest[digits++] - '0');
  if (digits == 0)
    throw std::invalid_argument(rest.empty() ? "the value ends before it" : "no length where one should begin");
  if (digits > kMaxDigits)
    throw std::invalid_argument("a length of more than " + std::to_string(kMaxDigits) + " digits");
  if (digits > 1 && rest[0] == '0') throw std::invalid_argument("a length with a leading zero");
  if (digits == rest.size() || rest[digits] != ':') throw std::invalid_argument("no ':' after its length");
  throw std::invalid_argument("the length " + std::to_string(length) + " runs past the end of the value");
}

}  // namespace packed_fields_detail

}  // namespace jixiao
