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

uint64_t fold_text(uint64_t h, std::string_view text) {
  const char* at = text.data();
  size_t left = text.size();
  for (; left >= 8; at += 8, left -= 8) {
    uint64_t v;
    std::memcpy(&v, at, 8);
    h = fold(h, v);
  }
  uint64_t tail = text.size();
  for (size_t i = 0; i < left; ++i) tail = tail << 8 | static_cast<unsigned char>(at[i]);
  return fold(h, tail);
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
  store_->slots.assign(kFirstSlots, nullptr);
}

std::shared_ptr<const void> CellParses::start() {
  if (store_->kept.size() >= cap_) {  // a fresh store: the old one lives on with its holders
    store_ = std::make_shared<Store>();
    store_->slots.assign(kFirstSlots, nullptr);
  }
  return store_;
}

size_t CellParses::size() const { return store_->kept.size(); }

uint64_t CellParses::hash_of(char which, std::string_view a, std::string_view b, std::string_view c) {
  return finish(fold_text(fold_text(fold_text(static_cast<unsigned char>(which), a), b), c));
}

const CellParse* CellParses::lookup(uint64_t hash, char which, std::string_view a, std::string_view b,
                                    std::string_view c) const {
  const std::vector<Kept*>& slots = store_->slots;
  const size_t mask = slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Kept* k = slots[i];
    if (k == nullptr) return nullptr;
    if (k->hash != hash || k->which != which || k->a_size != a.size() || k->b_size != b.size() ||
        k->texts.size() != a.size() + b.size() + c.size())
      continue;
    const std::string_view t = k->texts;  // compared as views: an empty one may have no data
    if (t.substr(0, a.size()) == a && t.substr(a.size(), b.size()) == b && t.substr(a.size() + b.size()) == c)
      return &k->parse;
  }
}

const CellParse& CellParses::keep(uint64_t hash, char which, std::string_view a, std::string_view b,
                                  std::string_view c, ParsedValue parsed) {
  Store& s = *store_;
  Kept& k = s.kept.emplace_back();
  static_cast<ParsedValue&>(k.parse) = std::move(parsed);
  k.parse.value_text = k.parse.value.str();
  k.parse.serial = ++serials_;
  k.hash = hash;
  k.texts.reserve(a.size() + b.size() + c.size());
  k.texts.append(a).append(b).append(c);
  k.a_size = static_cast<uint32_t>(a.size());
  k.b_size = static_cast<uint32_t>(b.size());
  k.which = which;
  if (2 * s.kept.size() > s.slots.size()) {  // grown past half: the index twice as wide, refilled
    s.slots.assign(2 * s.slots.size(), nullptr);
    const size_t mask = s.slots.size() - 1;
    for (Kept& each : s.kept) {
      size_t i = each.hash & mask;
      while (s.slots[i] != nullptr) i = (i + 1) & mask;
      s.slots[i] = &each;
    }
    return k.parse;
  }
  const size_t mask = s.slots.size() - 1;
  size_t i = hash & mask;
  while (s.slots[i] != nullptr) i = (i + 1) & mask;
  s.slots[i] = &k;
  return k.parse;
}

}  // namespace jixiao
