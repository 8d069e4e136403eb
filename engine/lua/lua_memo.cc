#include "lua_memo.h"

#include <algorithm>
#include <cstring>

namespace jixiao::lua_memo {

namespace {

// What a fact is in a key: one byte, then its value where it has one.
enum Tag : char { kAbsent = 'a', kNull = 'n', kFalse = 'f', kTrue = 't', kNumber = 'd', kText = 's' };
// What follows max_score in a key: the facts, or the caller's inputs.
enum Kind : char { kFacts = 'F', kInputs = 'I' };

// Writes a key into `key` in place (no append per field), grown as needed
// and never shrunk: room() before each write.
class KeyWriter {
 public:
  explicit KeyWriter(std::vector<char>& key) : key_(key) {}
  void room(size_t bytes) {
    if (at_ + bytes > key_.size()) key_.resize(std::max(2 * key_.size(), at_ + bytes + 256));
  }
  void byte(char c) {
    room(1);
    key_[at_++] = c;
  }
  void integer(uint64_t value) {
    room(sizeof value);
    std::memcpy(&key_[at_], &value, sizeof value);
    at_ += sizeof value;
  }
  void decimal(Decimal d) { integer(static_cast<uint64_t>(d.millionths())); }
  // Length first (7 bits a byte, the high bit set on all but the last): no
  // text is the start of another, so no two keys run together. Most facts'
  // texts are short: those are copied 16 bytes at once, without a call (the
  // bytes past the text are overwritten by what comes next).
  void text(const std::string& t) {
    // A std::string of 15 bytes or fewer keeps them in a buffer of 16 at least
    // (its own short-string buffer, or a larger block it once took).
    text(t.c_str(), t.size(), t.size() <= 15);
  }
  // `padded`: 16 bytes may be read from `bytes` whatever `n` is.
  void text(const char* bytes, size_t n, bool padded) {
    room(10 + n + 16);
    const size_t size = n;
    for (; n >= 0x80; n >>= 7) key_[at_++] = static_cast<char>(n | 0x80);
    key_[at_++] = static_cast<char>(n);
    if (padded) std::memcpy(&key_[at_], bytes, 16);
    else std::memcpy(&key_[at_], bytes, size);
    at_ += size;
  }
  size_t size() const { return at_; }

 private:
  std::vector<char>& key_;
  size_t at_ = 0;
};

// A hash of `size` bytes, 8 at a time: what the table probes from (keys are
// compared in full).
uint64_t hash_of(const char* bytes, size_t size) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ size;
  auto mix = [&](uint64_t word) {
    h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  };
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + i, 8);
    mix(word);
  }
  if (i < size) {
    uint64_t word = 0;
    std::memcpy(&word, bytes + i, size - i);
    mix(word);
  }
  return h ^ (h >> 29);
}

}  // namespace

void MemoUsage::note(bool hit) {
  ++lookups_;
  if (hit) ++hits_;
  if (lookups_ % kReview == 0 && static_cast<uint64_t>(hits_) * kMinHitShare < lookups_) looking_ = false;
}

bool Memo::make_key(uint64_t context, const Node& leaf, bool fixed, const Record& record,
                    const std::vector<const Fact*>* found, const std::string_view* inputs) {
  key_valid_ = false;
  if (!leaf.rows.empty()) return false;
  KeyWriter key(key_);
  key.integer(context);
  if (!fixed) {
    key.decimal(*leaf.weight);  // scripts run only for leaves of known weight
    key.text(leaf.id);
    key.text(leaf.name);
  }
  key.byte(leaf.max_score ? 'm' : '-');
  if (leaf.max_score) key.decimal(*leaf.max_score);
  key.byte(inputs != nullptr ? kInputs : kFacts);
  if (inputs != nullptr) {
    key.text(inputs->data(), inputs->size(), false);
    return end_key(key.size());
  }
  for (size_t i = 0; i < leaf.facts.size(); ++i) {
    const Fact* fact = nullptr;
    if (found != nullptr) {
      fact = (*found)[i];
    } else if (auto at = record.facts.find(leaf.facts[i]); at != record.facts.end()) {
      fact = &at->second;
    }
    if (fact == nullptr) {
      key.byte(kAbsent);
      continue;
    }
    const Value& v = fact->value;
    switch (v.type) {
      case Value::Type::kNull: key.byte(kNull); break;
      case Value::Type::kBool: key.byte(v.boolean ? kTrue : kFalse); break;
      case Value::Type::kNumber:
        key.byte(kNumber);
        key.decimal(v.number);
        break;
      case Value::Type::kText:
        key.byte(kText);
        key.text(v.text);
        break;
      case Value::Type::kList:
      case Value::Type::kMap: return false;  // a fresh table per read: not worth a key
    }
  }
  return end_key(key.size());
}

bool Memo::end_key(size_t size) {
  if (size > kMaxBytes / 16) return false;  // a long text: not kept, it would crowd out the rest
  key_size_ = size;
  key_hash_ = hash_of(key_.data(), key_size_);
  key_valid_ = true;
  return true;
}

namespace {

// The tag of a slot for a key's hash: never 0, which marks an empty slot.
uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32) | 1; }

}  // namespace

size_t Memo::slot_of_key() const {
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = tag_of(key_hash_);
  const bool inline_key = key_size_ <= kInline;
  for (size_t at = key_hash_ & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.tag == 0) return at;
    if (slot.tag != tag || slot.key_size != key_size_) continue;
    const char* key = inline_key ? slot.key : bytes_.data() + slot.at;
    if (std::memcmp(key, key_.data(), key_size_) == 0) return at;
  }
}

bool Memo::find(bool reason, ScriptOutcome& out) {
  if (!key_valid_) return false;
  ++lookups_;
  if (slots_.empty()) return false;
  const Slot& slot = slots_[slot_of_key()];
  if (slot.tag == 0 || (reason && !slot.has_reason)) return false;
  ++hits_;
  out.needs_judgement = slot.needs_judgement;
  out.score = slot.score;
  if (reason) {
    const size_t from = slot.at + (slot.key_size <= kInline ? 0 : slot.key_size);
    out.reason.assign(bytes_.data() + from, slot.reason_size);
  }
  return true;
}

void Memo::clear() {
  bytes_.clear();
  entries_ = 0;
  std::fill(slots_.begin(), slots_.end(), Slot{});
}

// Twice the slots, the entries placed again: at most half of them are taken.
void Memo::grow() {
  std::vector<Slot> old(std::max<size_t>(2 * slots_.size(), 64));
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.tag == 0) continue;
    size_t at = slot.hash & mask;  // the slots are far fewer than 2^32
    while (slots_[at].tag != 0) at = (at + 1) & mask;
    slots_[at] = slot;
  }
}

bool Memo::met_before() {
  if (filter_.empty() || filter_set_ >= kFilterBits / 2) {
    filter_.assign(kFilterBits / 64, 0);
    filter_set_ = 0;
  }
  const size_t bit = (key_hash_ >> 40) % kFilterBits;  // bits neither the slot nor its tag's low bit use alone
  uint64_t& word = filter_[bit / 64];
  const uint64_t mask = uint64_t{1} << (bit % 64);
  if (word & mask) return true;
  word |= mask;
  ++filter_set_;
  return false;
}

void Memo::store(const ScriptOutcome& outcome, bool reason) {
  if (!key_valid_) return;
  const size_t outside = (key_size_ <= kInline ? 0 : key_size_) + (reason ? outcome.reason.size() : 0);
  if (outside > kMaxBytes / 8) return;  // a long reason: not kept, it would crowd out the rest
  size_t at = slots_.empty() ? 0 : slot_of_key();
  if (slots_.empty() || slots_[at].tag == 0 || bytes_.size() + outside > kMaxBytes) {
    // A new entry, or one kept without the reason wanted now and no room for it.
    const bool known = !slots_.empty() && slots_[at].tag != 0;
    if (!known && entries_ >= kAdmitFreely && !met_before()) return;
    if (entries_ >= max_entries_ || bytes_.size() + outside > kMaxBytes) clear();
    if (2 * (entries_ + 1) > slots_.size()) grow();
    at = slot_of_key();
    if (slots_[at].tag == 0) ++entries_;
  }
  Slot& slot = slots_[at];
  slot.tag = tag_of(key_hash_);
  slot.hash = static_cast<uint32_t>(key_hash_);
  slot.score = outcome.score;
  slot.key_size = static_cast<uint32_t>(key_size_);
  slot.reason_size = static_cast<uint32_t>(reason ? outcome.reason.size() : 0);
  slot.needs_judgement = outcome.needs_judgement;
  slot.has_reason = reason;
  slot.at = static_cast<uint32_t>(bytes_.size());
  if (key_size_ <= kInline) std::memcpy(slot.key, key_.data(), key_size_);
  if (outside == 0) return;
  if (bytes_.capacity() < kMaxBytes) bytes_.reserve(kMaxBytes);  // once: what is kept never moves
  if (key_size_ > kInline) bytes_.insert(bytes_.end(), key_.data(), key_.data() + key_size_);
  if (reason) bytes_.insert(bytes_.end(), outcome.reason.begin(), outcome.reason.end());
}

}  // namespace jixiao::lua_memo
