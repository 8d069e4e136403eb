// Length-prefixed fields, the encoding of every packed value the store keeps
// (a record's leaf results, packed_leaves.h; a record's inputs to scoring,
// packed_inputs.h): each field is its length in bytes in decimal digits (no
// leading zero but for "0"), a ':', then that many bytes as they are.
//
//   14:target_setting4:8.00
//
// Any bytes round-trip (nothing is escaped), a field is read without a copy,
// a field may hold fields of its own, and a damaged value is told from a
// packing by its lengths alone.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace jixiao {

// Appends `value` to `packed` as one field.
void pack_field(std::string& packed, std::string_view value);
// Appends each of `values` as a field, in order: as pack_field one at a time, `packed` grown once.
void pack_fields(std::string& packed, std::initializer_list<std::string_view> values);

namespace packed_fields_detail {
constexpr size_t kMaxDigits = 9;  // a field of 1 GB is beyond any value, and 9 digits never overflow
// Throws the std::invalid_argument take_field describes for `rest`, which does not begin with a field.
[[noreturn]] void throw_defect(std::string_view rest);
}  // namespace packed_fields_detail

// Takes the first field off the front of `rest` and returns it (a view into
// what `rest` views). Throws std::invalid_argument describing the defect
// ("the length 9 runs past the end of the value", "the value ends before
// it", "no ':' after its length", "no length where one should begin", "a
// length with a leading zero", "a length of more than 9 digits") when `rest`
// does not begin with a field; `rest` is then left as it was. Inline: a
// packing is read a field at a time, and most fields are a few bytes.
inline std::string_view take_field(std::string_view& rest) {
  using packed_fields_detail::kMaxDigits;
  // Most fields are under ten bytes: a digit, ':', and no more checks than that.
  if (rest.size() >= 2 && rest[1] == ':' && static_cast<unsigned char>(rest[0] - '0') < 10 &&
      static_cast<size_t>(rest[0] - '0') <= rest.size() - 2) {
    const std::string_view value(rest.data() + 2, static_cast<size_t>(rest[0] - '0'));
    rest.remove_prefix(2 + value.size());
    return value;
  }
  size_t digits = 0, length = 0;
  while (digits < rest.size() && digits <= kMaxDigits && static_cast<unsigned char>(rest[digits] - '0') < 10)
    length = length * 10 + static_cast<size_t>(rest[digits++] - '0');
  if (digits == 0 || digits > kMaxDigits || (digits > 1 && rest[0] == '0') || digits == rest.size() ||
      rest[digits] != ':' || length > rest.size() - digits - 1)
    packed_fields_detail::throw_defect(rest);
  const std::string_view value = rest.substr(digits + 1, length);
  rest.remove_prefix(digits + 1 + length);
  return value;
}

}  // namespace jixiao
