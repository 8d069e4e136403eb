// Four length-prefixed fields (packed_fields.h) per leaf.
#include "packed_leaves_v8.h"
#include "packed_fields.h"

#include <stdexcept>

namespace jixiao {

std::string_view PackedLeavesV8::field(size_t leaf, const char* name) {
  try {
    return take_field(rest_);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("leaf " + std::to_string(leaf) + ", its " + name + ": " + e.what());
  }
}

bool PackedLeavesV8::next(PackedLeafV8& leaf) {
  if (rest_.empty()) return false;
  const size_t n = ++leaves_;
  leaf.leaf_id = field(n, "leaf id");
  leaf.score = field(n, "score");
  leaf.source = field(n, "source");
  leaf.reason = field(n, "reason");
  return true;
}

}  // namespace jixiao
