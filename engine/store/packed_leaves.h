// How a record's leaf results are packed into the one value the results
// table keeps per record and set version (schema 7): written by batch scoring,
// read back by the store and checked by db check.
//
// The packing: for each leaf, in the order written, four fields: leaf id,
// score (exact decimal text, empty when there is none), source, reason (empty
// when none is stored). Each field is its length in bytes in decimal digits
// (no leading zero but for "0"), a ':', then that many bytes as they are
// (packed_fields.h):
//
//   14:target_setting4:8.008:computed0:9:violations0:9:uncovered0:
//
// Any bytes round-trip (tabs, newlines, quotes, NUL: nothing is escaped), a
// value is read without a copy, and `cast(leaves AS TEXT)` in sqlite3 shows it.
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

// Appends one leaf to `packed`.
void pack_leaf(std::string& packed, std::string_view leaf_id, std::string_view score, std::string_view source,
               std::string_view reason);

// One leaf of a packed value; its fields point into the value read.
struct PackedLeaf {
  std::string_view leaf_id, score, source, reason;
};

// Reads a packed value leaf by leaf, without copying.
class PackedLeaves {
 public:
  // `packed` must outlive the reader and the leaves it gives.
  explicit PackedLeaves(std::string_view packed) : rest_(packed) {}

  // The next leaf into `leaf`; false after the last one. Throws
  // std::invalid_argument describing the defect ("leaf 3, its score: the
  // length runs past the end of the value") when the value is not a packing;
  // the leaves before it were given as they are.
  bool next(PackedLeaf& leaf);

 private:
  std::string_view field(size_t leaf, const char* name);

  std::string_view rest_;
  size_t leaves_ = 0;  // given so far
};

}  // namespace jixiao
