// The packing of a record's leaf results of schema versions 7 and 8, read
// for migration 9 (which packs them anew, packed_leaves.h) and for db check
// of a database not yet migrated.
//
// For each leaf, in the order written, four fields (packed_fields.h): leaf
// id, score (exact decimal text, empty when there is none), source, reason
// (empty when none is stored):
//
//   14:target_setting4:8.008:computed0:9:violations0:9:uncovered0:
#pragma once

#include <string>
#include <string_view>

namespace jixiao {

// One leaf of a version 8 value; its fields point into the value read.
struct PackedLeafV8 {
  std::string_view leaf_id, score, source, reason;
};

// Reads a version 8 value leaf by leaf, without copying.
class PackedLeavesV8 {
 public:
  // `packed` must outlive the reader and the leaves it gives.
  explicit PackedLeavesV8(std::string_view packed) : rest_(packed) {}

  // The next leaf into `leaf`; false after the last one. Throws
  // std::invalid_argument describing the defect ("leaf 3, its score: the
  // length runs past the end of the value") when the value is not a packing;
  // the leaves before it were given as they are.
  bool next(PackedLeafV8& leaf);

 private:
  std::string_view field(size_t leaf, const char* name);

  std::string_view rest_;
  size_t leaves_ = 0;  // given so far
};

}  // namespace jixiao
