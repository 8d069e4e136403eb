// How a record's leaf results are packed into the one value the results
// table keeps per record and set version (schema 9): written by batch
// scoring, read back by the store and checked by db check.
//
// A value is a head byte, then its leaves:
//
//   head    bits 0-3: the decimals scores are shown with (0 to 6: the set's
//           score places; a score reads back as Decimal::text(places));
//           bit 4: each leaf is named in the value; clear: the leaves are
//           the set version's, in its order (set_versions.leaves: its leaf
//           ids, each a field of packed_fields.h), and the value names none;
//           bits 5-7: zero.
//   leaf    [name] flags [score] [reason]
//   name    (named values only) one byte, how many leading bytes the id
//           shares with the previous leaf's id (at most 255; 0 for the
//           first), then the rest of the id as a field (packed_fields.h).
//   flags   bits 0-2: the source, an index into kLeafSources; bit 3: a
//           score follows; bit 4: it counts millionths (else units of the
//           last shown decimal, 10^-places); bit 5: a reason follows, as a
//           field; bits 6-7: zero. No score is not a score of zero.
//   score   zigzag LEB128: 8.00 at 2 places is 800, two bytes.
//
// A department-year of 13 leaves without reasons is some 40 bytes. Any bytes
// round-trip in ids and reasons (nothing is escaped).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decimal.h"

namespace jixiao {

// Every source a stored leaf may have: scoring's (leaf_source_name) and a
// project row's status (row_status_name); the index is the code stored.
constexpr std::string_view kLeafSources[8] = {"computed", "judged",  "not-scored", "uncovered",
                                              "scored",   "pending", "excluded",   "subtotal"};

// The code of `source` in kLeafSources; nullopt for another text.
std::optional<uint8_t> leaf_source_code(std::string_view source);

// A set version's leaf ids as set_versions.leaves keeps them: each a field.
std::string pack_leaf_ids(const std::vector<std::string_view>& ids);

// Writes one packed value into `out` (its earlier content replaced).
class LeafPacker {
 public:
  // Leaves named each (`named`), or the set version's in its order; scores
  // shown with `places` decimals (0 to Decimal::kPlaces).
  LeafPacker(std::string& out, bool named, int places);
  // Appends a leaf. `leaf_id` is written only in a named value. Throws
  // std::invalid_argument for a source not in kLeafSources.
  void add(std::string_view leaf_id, const std::optional<Decimal>& score, std::string_view source,
           std::string_view reason);
  // The same with the source's code (leaf_source_code), which must be below 8.
  void add(std::string_view leaf_id, const std::optional<Decimal>& score, uint8_t source, std::string_view reason);

 private:
  std::string& out_;
  bool named_;
  int64_t unit_;  // millionths per unit of the last shown decimal
  char last_[255];  // the previous leaf's id, as far as an id may share it
  size_t last_size_ = 0;
};

// One leaf of a packed value. The id and reason are views into the value
// (the id of a named leaf into the reader) valid until the next leaf.
struct PackedLeaf {
  std::string_view leaf_id;
  std::optional<Decimal> score;
  std::string_view source;  // one of kLeafSources
  std::string_view reason;  // "" when none is stored
};

// Reads a packed value leaf by leaf.
class PackedLeaves {
 public:
  // `packed` is the value, `version_leaves` its set version's leaf ids as
  // set_versions.leaves keeps them ("" when it lists none); both must
  // outlive the reader and the leaves it gives.
  PackedLeaves(std::string_view packed, std::string_view version_leaves) : rest_(packed), ids_(version_leaves) {}

  // The next leaf into `leaf`; false after the last one. Throws
  // std::invalid_argument describing the defect ("leaf 3 (violations), its
  // score: the value ends inside it") when the value is not a packing or
  // does not hold its version's leaves; the leaves before it were given as
  // they are.
  bool next(PackedLeaf& leaf);
  // The decimals its scores are shown with; valid after the first next().
  int places() const { return places_; }
  // Whether each leaf is named in the value; valid after the first next().
  bool named() const { return named_; }

 private:
  void head();
  [[noreturn]] void defect(const std::string& what) const;

  std::string_view rest_, ids_;
  bool started_ = false, named_ = false;
  int places_ = 0;
  int64_t unit_ = 1;
  size_t leaves_ = 0;  // given so far
  std::string id_;     // a named leaf's id, put together
  std::string_view at_id_;  // the id of the leaf being read, for messages
};

}  // namespace jixiao
