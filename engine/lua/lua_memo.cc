#include "lua_memo.h"

#include <algorithm>
#include <cstring>

namespace jixiao::lua_memo {

namespace {

// What a fact is in a key: one byte, then its value where it has one.
enum Tag : char { kAbsent = 'a', kNull = 'n', kFalse = 'f', kTrue = 't', kNumber = 'd', kText = 's' };

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
    size_t n = t.size();
    room(10 + n + 16);
    for (; n >= 0x80; n >>= 7) key_[at_++] = static_cast<char>(n | 0x80);
    key_[at_++] = static_cast<char>(n);
    n = t.size();
    // A std::string of 15 bytes or fewer keeps them in a buffer of 16 at least
    // (its own short-string buffer, or a larger block it once took).
    if (n <= 15) std::memcpy(&key_[at_], t.c_str(), 16);
    else std::memcpy(&key_[at_], t.data(), n);
    at_ += n;
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
                    const std::vector<const Fact*>* found) {
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
  if (key.size() > kMaxKeyBytes / 16) return false;  // a long text: not kept, it would crowd out the rest
  key_size_ = key.size();
  key_hash_ = hash_of(key_.data(), key_size_);
  key_valid_ = true;
  return true;
}

size_t Memo::slot_of_key() const {
  const size_t mask = slots_.size() - 1;
  for (size_t at = key_hash_ & mask;; at = (at + 1) & mask) {
    if (slots_[at] == 0) return at;
    const Entry& e = entries_[slots_[at] - 1];
    if (e.hash == key_hash_ && e.key_size == key_size_ &&
        std::memcmp(keys_.data() + e.key_at, key_.data(), key_size_) == 0)
      return at;
  }
}

bool Memo::find(bool reason, ScriptOutcome& out) {
  if (!key_valid_) return false;
  ++lookups_;
  if (slots_.empty()) return false;
  const uint32_t at = slots_[slot_of_key()];
  if (at == 0 || (reason && !entries_[at - 1].has_reason)) return false;
  const Entry& entry = entries_[at - 1];
  ++hits_;
  out.needs_judgement = entry.needs_judgement;
  out.score = entry.score;
  if (reason) out.reason = entry.reason;
  return true;
}

void Memo::clear() {
  entries_.clear();
  keys_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
}

// Twice the slots, the entries placed again: at most half of them are taken.
void Memo::grow() {
  slots_.assign(std::max<size_t>(2 * slots_.size(), 64), 0);
  const size_t mask = slots_.size() - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t at = entries_[i].hash & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = static_cast<uint32_t>(i + 1);
  }
}

void Memo::store(const ScriptOutcome& outcome, bool reason) {
  if (!key_valid_) return;
  size_t at = slots_.empty() ? 0 : slot_of_key();
  if (slots_.empty() || slots_[at] == 0) {
    if (entries_.size() >= max_entries_ || keys_.size() + key_size_ > kMaxKeyBytes) clear();
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    at = slot_of_key();
    entries_.push_back(
        Entry{key_hash_, static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(key_size_), false, false, 0, {}});
    keys_.append(key_.data(), key_size_);
    slots_[at] = static_cast<uint32_t>(entries_.size());
  }
  Entry& entry = entries_[slots_[at] - 1];
  entry.needs_judgement = outcome.needs_judgement;
  entry.score = outcome.score;
  entry.has_reason = reason;
  entry.reason = reason ? outcome.reason : std::string();
}

}  // namespace jixiao::lua_memo
