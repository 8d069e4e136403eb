// Lengths rather than separators: nothing in a value has to be escaped on
// the way in or looked for on the way out. Reading a length of one or two
// digits is inline in the header; here is reading any, and every defect.
#include "packed_fields.h"

#include <charconv>
#include <algorithm>
#include <stdexcept>

namespace jixiao {

namespace {

size_t digits_of(size_t n) {
  size_t digits = 1;
  for (; n >= 10; n /= 10) ++digits;
  return digits;
}

}  // namespace

void pack_fields(std::string& packed, std::initializer_list<std::string_view> values) {
  // Grown once and written in place: a batch packs four fields for every result it writes.
  size_t bytes = 0;
  for (std::string_view value : values) bytes += digits_of(value.size()) + 1 + value.size();
  const size_t at = packed.size();
  packed.resize(at + bytes);
  char* out = packed.data() + at;
  char* const end = packed.data() + packed.size();
  for (std::string_view value : values) {
    if (value.size() < 10) *out++ = static_cast<char>('0' + value.size());  // most fields: one digit
    else out = std::to_chars(out, end, value.size()).ptr;
    *out++ = ':';
    if (!value.empty()) out = std::copy(value.begin(), value.end(), out);
  }
}

void pack_field(std::string& packed, std::string_view value) { pack_fields(packed, {value}); }

namespace packed_fields_detail {

std::string_view take_any_field(std::string_view& rest) {
  size_t digits = 0, length = 0;
  while (digits < rest.size() && digits <= kMaxDigits && rest[digits] >= '0' && rest[digits] <= '9')
    length = length * 10 + static_cast<size_t>(rest[digits++] - '0');
  if (digits == 0)
    throw std::invalid_argument(rest.empty() ? "the value ends before it" : "no length where one should begin");
  if (digits > kMaxDigits)
    throw std::invalid_argument("a length of more than " + std::to_string(kMaxDigits) + " digits");
  if (digits > 1 && rest[0] == '0') throw std::invalid_argument("a length with a leading zero");
  if (digits == rest.size() || rest[digits] != ':') throw std::invalid_argument("no ':' after its length");
  if (length > rest.size() - digits - 1)
    throw std::invalid_argument("the length " + std::to_string(length) + " runs past the end of the value");
  const std::string_view value = rest.substr(digits + 1, length);
  rest.remove_prefix(digits + 1 + length);
  return value;
}

}  // namespace packed_fields_detail

}  // namespace jixiao
