// A head byte, then per leaf a flags byte, a varint score and, rarely, a
// name and a reason as fields (packed_fields.h).
#include "packed_leaves.h"
#include "packed_fields.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "rounding.h"

namespace jixiao {

namespace {

constexpr uint8_t kNamed = 0x10;                       // head: each leaf is named
constexpr uint8_t kSource = 0x07, kScore = 0x08, kMillionths = 0x10, kReason = 0x20;  // flags

// 10^(kPlaces - places): the millionths of one unit of the last shown decimal.
int64_t unit_of(int places) {
  int64_t unit = 1;
  for (int i = places; i < Decimal::kPlaces; ++i) unit *= 10;
  return unit;
}

std::string hex_byte(uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", b);
  return text;
}

}  // namespace

std::optional<uint8_t> leaf_source_code(std::string_view source) {
  for (uint8_t i = 0; i < 8; ++i)
    if (source == kLeafSources[i]) return i;
  return std::nullopt;
}

std::string pack_leaf_ids(const std::vector<std::string_view>& ids) {
  std::string out;
  for (std::string_view id : ids) pack_field(out, id);
  return out;
}

LeafPacker::LeafPacker(std::string& out, bool named, int places) : out_(out), named_(named), unit_(unit_of(places)) {
  if (places < 0 || places > Decimal::kPlaces)
    throw std::invalid_argument("scores shown with " + std::to_string(places) + " decimals");
  out_.clear();
  out_ += static_cast<char>(places | (named ? kNamed : 0));
}

void LeafPacker::add(std::string_view leaf_id, const std::optional<Decimal>& score, std::string_view source,
                     std::string_view reason) {
  const std::optional<uint8_t> code = leaf_source_code(source);
  if (!code) throw std::invalid_argument("a leaf's source '" + std::string(source) + "' is none of those stored");
  add(leaf_id, score, *code, reason);
}

void LeafPacker::add(std::string_view leaf_id, const std::optional<Decimal>& score, uint8_t source,
                     std::string_view reason) {
  // The leaf in one append, but for a long id or a reason: [shared, digit, ':', up to 9 bytes,] flags, a varint.
  char bytes[3 + 9 + 1 + 10];
  size_t n = 0;
  if (named_) {
    size_t shared = 0;
    const size_t most = std::min(leaf_id.size(), last_size_);
    while (shared < most && leaf_id[shared] == last_[shared]) ++shared;
    const std::string_view rest = leaf_id.substr(shared);
    if (rest.size() < 10) {  // most: "1", "total" after "ID/"
      bytes[n++] = static_cast<char>(shared);
      bytes[n++] = static_cast<char>('0' + rest.size());
      bytes[n++] = ':';
      n = static_cast<size_t>(std::copy(rest.begin(), rest.end(), bytes + n) - bytes);
    } else {
      out_ += static_cast<char>(shared);
      pack_field(out_, rest);
    }
    last_size_ = std::min(leaf_id.size(), sizeof last_);
    std::copy(leaf_id.begin(), leaf_id.begin() + static_cast<std::ptrdiff_t>(last_size_), last_);
  }
  const size_t at = n++;
  uint8_t flags = source;
  if (score) {
    const int64_t m = score->millionths();
    const bool whole = m % unit_ == 0;  // else a score with more decimals than shown: in millionths
    const int64_t v = whole ? m / unit_ : m;
    flags |= kScore | (whole ? 0 : kMillionths);
    uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);  // zigzag: small magnitudes, few bytes
    for (; z >= 0x80; z >>= 7) bytes[n++] = static_cast<char>(0x80 | (z & 0x7f));
    bytes[n++] = static_cast<char>(z);
  }
  if (!reason.empty()) flags |= kReason;
  bytes[at] = static_cast<char>(flags);
  out_.append(bytes, n);
  if (!reason.empty()) pack_field(out_, reason);
}

void PackedLeaves::defect(const std::string& what) const {
  std::string leaf = "leaf " + std::to_string(leaves_);
  if (!at_id_.empty()) leaf += " (" + std::string(at_id_) + ")";
  throw std::invalid_argument(leaf + ", " + what);
}

void PackedLeaves::head() {
  started_ = true;
  if (rest_.empty()) throw std::invalid_argument("the value is empty, without its head byte");
  const uint8_t h = static_cast<uint8_t>(rest_[0]);
  places_ = h & 0x0f;
  if ((h & 0xe0) != 0 || places_ > Decimal::kPlaces)
    throw std::invalid_argument("its head byte " + hex_byte(h) + " is not one (decimals 0 to 6, and 0x10 for named leaves)");
  named_ = (h & kNamed) != 0;
  unit_ = unit_of(places_);
  rest_.remove_prefix(1);
  if (!named_ && ids_.empty()) throw std::invalid_argument("it holds its set version's leaves, and the version lists none");
}

bool PackedLeaves::next(PackedLeaf& leaf) {
  if (!started_) head();
  at_id_ = {};
  if (rest_.empty()) {
    if (named_ || ids_.empty()) return false;
    ++leaves_;
    std::string_view next = ids_;
    try {
      at_id_ = take_field(next);
    } catch (const std::invalid_argument&) {
    }
    defect("of its set version: the value ends before it");
  }
  ++leaves_;
  if (named_) {
    const size_t shared = static_cast<uint8_t>(rest_[0]);
    rest_.remove_prefix(1);
    if (shared > id_.size())
      defect("its id: shares " + std::to_string(shared) + " bytes with the previous leaf's id, of " +
             std::to_string(id_.size()));
    std::string_view tail;
    try {
      tail = take_field(rest_);
    } catch (const std::invalid_argument& e) {
      defect(std::string("its id: ") + e.what());
    }
    id_.resize(shared);
    id_.append(tail);
    at_id_ = id_;
  } else {
    if (ids_.empty()) defect("its set version lists only " + std::to_string(leaves_ - 1) + " leaves");
    try {
      at_id_ = take_field(ids_);
    } catch (const std::invalid_argument& e) {
      defect(std::string("its id in its set version's list: ") + e.what());
    }
  }
  leaf.leaf_id = at_id_;
  if (rest_.empty()) defect("its flags: the value ends before them");
  const uint8_t flags = static_cast<uint8_t>(rest_[0]);
  rest_.remove_prefix(1);
  if ((flags & 0xc0) != 0 || ((flags & kMillionths) && !(flags & kScore)))
    defect("its flags " + hex_byte(flags) + " are not flags of a leaf");
  leaf.source = kLeafSources[flags & kSource];
  leaf.score.reset();
  if (flags & kScore) {
    uint64_t z = 0;
    for (int shift = 0;; shift += 7) {
      if (rest_.empty()) defect("its score: the value ends inside it");
      const uint8_t b = static_cast<uint8_t>(rest_[0]);
      rest_.remove_prefix(1);
      if (shift == 63 && b > 1) defect("its score: more than 64 bits");
      z |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    const int64_t v = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    int64_t m = 0;
    if (__builtin_mul_overflow(v, (flags & kMillionths) ? 1 : unit_, &m) || m == INT64_MIN)
      defect("its score: out of the range of a decimal");
    leaf.score = from_millionths(m);
  }
  leaf.reason = {};
  if (flags & kReason) {
    try {
      leaf.reason = take_field(rest_);
    } catch (const std::invalid_argument& e) {
      defect(std::string("its reason: ") + e.what());
    }
  }
  return true;
}

}  // namespace jixiao
