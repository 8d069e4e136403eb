#include "lua_memo.h"

#include <algorithm>
#include <cstring>

namespace jixiao::lua_memo {

namespace {

// What a fact is in a key: one byte, then its value where it has one.
enum Tag : char { kAbsent = 'a', kNull = 'n', kFalse = 'f', kTrue = 't', kNumber = 'd', kText = 's' };

// Writes a key into `key` in place (no append per field), grown as needed: room()
// before each write, done() to cut it to what was written.
class KeyWriter {
 public:
  explicit KeyWriter(std::string& key) : key_(key) {}
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
  // Length first: no text is the start of another, so no two keys run together.
  void text(const std::string& t) {
    integer(t.size());
    room(t.size());
    std::memcpy(&key_[at_], t.data(), t.size());
    at_ += t.size();
  }
  void done() { key_.resize(at_); }

 private:
  std::string& key_;
  size_t at_ = 0;
};

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
  key.done();
  key_valid_ = true;
  return true;
}

bool Memo::find(bool reason, ScriptOutcome& out) {
  if (!key_valid_) return false;
  ++lookups_;
  const auto at = entries_.find(key_);
  if (at == entries_.end() || (reason && !at->second.has_reason)) return false;
  ++hits_;
  out.needs_judgement = at->second.needs_judgement;
  out.score = at->second.score;
  if (reason) out.reason = at->second.reason;
  return true;
}

void Memo::store(const ScriptOutcome& outcome, bool reason) {
  if (!key_valid_) return;
  auto at = entries_.find(key_);
  if (at == entries_.end()) {
    if (entries_.size() >= max_entries_) entries_.clear();
    at = entries_.emplace(key_, Entry{}).first;
  }
  Entry& entry = at->second;
  entry.needs_judgement = outcome.needs_judgement;
  entry.score = outcome.score;
  entry.has_reason = reason;
  entry.reason = reason ? outcome.reason : std::string();
}

}  // namespace jixiao::lua_memo
