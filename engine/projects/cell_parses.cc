#include "cell_parses.h"

#include <cstring>

namespace jixiao {

namespace {

constexpr size_t kFirstSlots = 1024;

// A cell's texts are a few bytes to a few dozen: taken eight bytes at a
// time, each folded in with a multiply, and the whole mixed once at the end
// (murmur3's finaliser), so that the low bits the index uses depend on every
// byte. Lengths are folded in too: "ab"+"" and "a"+"b" hash apart.
uint64_t fold(uint64_t h, uint64_t v) { return (h ^ v) * 0x9E3779B97F4A7C15ull; }

uint64_t load8(const char* at) {
  uint64_t v;
  std::memcpy(&v, at, 8);
  return v;
}

uint64_t load4(const char* at) {
  uint32_t v;
  std::memcpy(&v, at, 4);
  return v;
}

// The bytes past the last whole eight are read as one word that ends where
// the text does (overlapping bytes already folded in), or, in a text shorter
// than eight, as two four-byte words or its first, middle and last byte.
uint64_t fold_text(uint64_t h, std::string_view text) {
  const char* at = text.data();
  const size_t n = text.size();
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) h = fold(h, load8(at + i));
    return fold(h, (i < n ? load8(at + n - 8) : 0) ^ n);
  }
  if (n >= 4) return fold(h, (load4(at) << 32 | load4(at + n - 4)) ^ n << 56);
  if (n > 0)
    return fold(h, static_cast<uint64_t>(static_cast<unsigned char>(at[0])) << 16 |
                       static_cast<uint64_t>(static_cast<unsigned char>(at[n / 2])) << 8 |
                       static_cast<unsigned char>(at[n - 1]) | static_cast<uint64_t>(n) << 56);
  return fold(h, 0);
}

uint64_t finish(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

}  // namespace

CellParses::CellParses(size_t cap) : cap_(cap), store_(std::make_shared<Store>()) {
  store_->slots.resize(kFirstSlots);
}

std::shared_ptr<const void> CellParses::start() {
  if (store_->kept.size() >= cap_) {  // a fresh store: the old one lives on with its holders
    store_ = std::make_shared<Store>();
    store_->slots.resize(kFirstSlots);
  }
  return store_;
}

size_t CellParses::size() const { return store_->kept.size(); }

uint64_t CellParses::hash_of(char which, std::string_view a, std::string_view b, std::string_view c) {
  return finish(fold_text(fold_text(fold_text(static_cast<unsigned char>(which), a), b), c));
}

void CellParses::fetch_slot(uint64_t hash) const {
  const std::vector<Slot>& slots = store_->slots;
  __builtin_prefetch(&slots[hash & (slots.size() - 1)]);
}

void CellParses::fetch_reading(uint64_t hash) const {
  const std::vector<Slot>& slots = store_->slots;
  const Slot& slot = slots[hash & (slots.size() - 1)];  // the first place probed: most often the cell's
  if (slot.kept == nullptr || slot.hash != hash) return;
  // What lookup() compares, the key and the texts (a Kept's own buffer when
  // short), and the reading the caller reads next: the whole of the Kept.
  const auto first = reinterpret_cast<uintptr_t>(slot.kept);
  for (uintptr_t line = first & ~uintptr_t{63}; line < first + sizeof(Kept); line += 64)
    __builtin_prefetch(reinterpret_cast<const void*>(line));
}

const CellParse* CellParses::lookup(uint64_t hash, char which, std::string_view a, std::string_view b,
                                    std::string_view c) const {
  const std::vector<Slot>& slots = store_->slots;
  const size_t mask = slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots[i];
    if (slot.kept == nullptr) return nullptr;
    if (slot.hash != hash) continue;
    const Kept* k = slot.kept;
    if (k->which != which || k->a_size != a.size() || k->b_size != b.size() ||
        k->texts.size() != a.size() + b.size() + c.size())
      continue;
    const std::string_view t = k->texts;  // compared as views: an empty one may have no data
    if (t.substr(0, a.size()) == a && t.substr(a.size(), b.size()) == b && t.substr(a.size() + b.size()) == c)
      return &k->parse;
  }
}

void CellParses::place(std::vector<Slot>& slots, Slot slot) {
  const size_t mask = slots.size() - 1;
  size_t i = slot.hash & mask;
  while (slots[i].kept != nullptr) i = (i + 1) & mask;
  slots[i] = slot;
}

const CellParse& CellParses::keep(uint64_t hash, char which, std::string_view a, std::string_view b,
                                  std::string_view c, ParsedValue parsed) {
  Store& s = *store_;
  Kept& k = s.kept.emplace_back();
  static_cast<ParsedValue&>(k.parse) = std::move(parsed);
  k.parse.value_text = k.parse.value.str();
  k.parse.serial = ++serials_;
  k.texts.reserve(a.size() + b.size() + c.size());
  k.texts.append(a).append(b).append(c);
  k.a_size = static_cast<uint32_t>(a.size());
  k.b_size = static_cast<uint32_t>(b.size());
  k.which = which;
  if (2 * s.kept.size() > s.slots.size()) {  // grown past half: the index twice as wide, refilled
    std::vector<Slot> old(2 * s.slots.size());
    old.swap(s.slots);
    for (const Slot& each : old)
      if (each.kept != nullptr) place(s.slots, each);
  }
  place(s.slots, Slot{hash, &k});
  return k.parse;
}

}  // namespace jixiao
