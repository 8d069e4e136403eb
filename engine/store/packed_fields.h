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
#include <cstdint>
#include <cstring>
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
// take_field for any `rest`: a length of any number of digits, and every defect.
std::string_view take_any_field(std::string_view& rest);
}  // namespace packed_fields_detail

// Takes the first field off the front of `rest` and returns it (a view into
// what `rest` views). Throws std::invalid_argument describing the defect
// ("the length 9 runs past the end of the value", "the value ends before
// it", "no ':' after its length", "no length where one should begin", "a
// length with a leading zero", "a length of more than 9 digits") when `rest`
// does not begin with a field; `rest` is then left as it was. Inline for a
// length of one or two digits: a packing is read a field at a time, and most
// fields are under a hundred bytes (a Chinese name of four characters is 12).
inline std::string_view take_field(std::string_view& rest) {
  const char* const p = rest.data();
  const size_t n = rest.size();
  if (n >= 2) {
    const size_t first = static_cast<unsigned char>(p[0] - '0');
    size_t length = first, head = 2;
    if (p[1] != ':') {  // two digits, the first not 0, then ':'
      const size_t second = static_cast<unsigned char>(p[1] - '0');
      if (first - 1 >= 9 || second >= 10 || n < 3 || p[2] != ':') return packed_fields_detail::take_any_field(rest);
      length = first * 10 + second;
      head = 3;
    } else if (first >= 10) {
      return packed_fields_detail::take_any_field(rest);
    }
    if (length <= n - head) {
      rest = std::string_view(p + head + length, n - head - length);
      return std::string_view(p + head, length);
    }
  }
  return packed_fields_detail::take_any_field(rest);
}

namespace packed_fields_detail {
// Whether the first and the last sizeof(Word) bytes of `p` and `q` (n of
// them, sizeof(Word) <= n <= 2 * sizeof(Word)) are the same: all n of them.
template <typename Word>
bool same_ends(const char* p, const char* q, size_t n) {
  Word p1, p2, q1, q2;
  std::memcpy(&p1, p, sizeof(Word));
  std::memcpy(&p2, p + n - sizeof(Word), sizeof(Word));
  std::memcpy(&q1, q, sizeof(Word));
  std::memcpy(&q2, q + n - sizeof(Word), sizeof(Word));
  return ((p1 ^ q1) | (p2 ^ q2)) == 0;
}
}  // namespace packed_fields_detail

// Whether `a` and `b` hold the same bytes: as `a == b`, inline and without a
// call for up to 16 bytes (two words, overlapping), as most names, units and
// cells a packing holds are; a reader compares each field it takes with what
// it kept from the record before.
inline bool same_field(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* const p = a.data();
  const char* const q = b.data();
  if (n > 16) return std::memcmp(p, q, n) == 0;
  if (n >= 8) return packed_fields_detail::same_ends<uint64_t>(p, q, n);
  if (n >= 4) return packed_fields_detail::same_ends<uint32_t>(p, q, n);
  return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
}

}  // namespace jixiao
