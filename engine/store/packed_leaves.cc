// Lengths rather than separators: nothing in a reason has to be escaped on
// the way in or looked for on the way out, and a damaged value is told from
// a packing by its lengths alone.
#include "packed_leaves.h"

#include <charconv>
#include <stdexcept>

namespace jixiao {

namespace {

constexpr size_t kMaxDigits = 9;  // a field of 1 GB is beyond any reason, and 9 digits never overflow

void pack_field(std::string& packed, std::string_view value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value.size()).ptr;
  packed.append(digits, end);
  packed += ':';
  packed.append(value);
}

}  // namespace

void pack_leaf(std::string& packed, std::string_view leaf_id, std::string_view score, std::string_view source,
               std::string_view reason) {
  pack_field(packed, leaf_id);
  pack_field(packed, score);
  pack_field(packed, source);
  pack_field(packed, reason);
}

std::string_view PackedLeaves::field(size_t leaf, const char* name) {
  auto defect = [&](const std::string& what) {
    return std::invalid_argument("leaf " + std::to_string(leaf) + ", its " + name + ": " + what);
  };
  size_t digits = 0, length = 0;
  while (digits < rest_.size() && digits <= kMaxDigits && rest_[digits] >= '0' && rest_[digits] <= '9')
    length = length * 10 + static_cast<size_t>(rest_[digits++] - '0');
  if (digits == 0) throw defect(rest_.empty() ? "the value ends before it" : "no length where one should begin");
  if (digits > kMaxDigits) throw defect("a length of more than " + std::to_string(kMaxDigits) + " digits");
  if (digits > 1 && rest_[0] == '0') throw defect("a length with a leading zero");
  if (digits == rest_.size() || rest_[digits] != ':') throw defect("no ':' after its length");
  if (length > rest_.size() - digits - 1)
    throw defect("the length " + std::to_string(length) + " runs past the end of the value");
  const std::string_view value = rest_.substr(digits + 1, length);
  rest_.remove_prefix(digits + 1 + length);
  return value;
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
