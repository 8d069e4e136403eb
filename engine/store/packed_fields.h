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

#include <string>
#include <string_view>

namespace jixiao {

// Appends `value` to `packed` as one field.
void pack_field(std::string& packed, std::string_view value);

// Takes the first field off the front of `rest` and returns it (a view into
// what `rest` views). Throws std::invalid_argument describing the defect
// ("the length 9 runs past the end of the value", "the value ends before
// it", "no ':' after its length", "no length where one should begin", "a
// length with a leading zero", "a length of more than 9 digits") when `rest`
// does not begin with a field; `rest` is then left as it was.
std::string_view take_field(std::string_view& rest);

}  // namespace jixiao
