// Four length-prefixed fields (packed_fields.h) per leaf.
#include "packed_leaves.h"
#include "packed_fields.h"

#include <stdexcept>

namespace jixiao {

void pack_leaf(std::string& packed, std::string_view leaf_id, std::string_view score, std::string_view source,
               std::string_view reason) {
  pack_fields(packed, {leaf_id, score, source, reason});
}

std::string_view PackedLeaves::field(size_t leaf, const char* name) {
  try {
    return take_field(rest_);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("leaf " + std::to_string(leaf) + ", its " + name + ": " + e.what());
  }
}

bool PackedLeaves::next(PackedLeaf& leaf) {
  if (rest_.empty()) return false;
  const size_t n = ++leaves_;
  leaf.leaf_id = field(n, "leaf id");
  leaf.score = field(n, "score");
  leaf.source = field(n, "source");
  leaf.reason = field(n, "reason");
  return true;
}

}  // namespace jixiao
