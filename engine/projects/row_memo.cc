#include "row_memo.h"

#include <algorithm>

namespace jixiao {

namespace {

constexpr size_t kFirstSlots = 256;

bool same(const RowMemo::Key& a, const RowMemo::Key& b) {
  return a.target == b.target && a.actual == b.actual && a.weight == b.weight && a.inputs == b.inputs &&
         a.grade == b.grade;
}

// splitmix64's mixer: every bit of `h` moves the low bits the table uses.
uint64_t mix(uint64_t h) {
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

// Each field mixed in turn into what the fields before it gave.
uint64_t hash_of(const RowMemo::Key& k) {
  uint64_t h = mix(uint64_t{k.target} << 32 | k.actual);
  h = mix(h ^ static_cast<uint64_t>(k.weight));
  return mix(h ^ (uint64_t{k.inputs} << 16 | k.grade));
}

}  // namespace

RowMemo::RowMemo(size_t max_entries) : max_entries_(max_entries) {}

std::optional<uint16_t> RowMemo::grade_number(const std::string& grade) {
  if (grade.empty()) return 0;
  for (size_t i = 0; i < grades_.size(); ++i)
    if (grades_[i] == grade) return static_cast<uint16_t>(i + 1);
  if (grades_.size() >= kGradesKept) return std::nullopt;
  grades_.push_back(grade);
  return static_cast<uint16_t>(grades_.size());
}

size_t RowMemo::place_of(const Key& key) const {
  const size_t mask = slots_.size() - 1;
  for (size_t at = hash_of(key) & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.key.inputs == 0 || same(slot.key, key)) return at;
  }
}

bool RowMemo::find(const Key& key, Outcome& out) {
  if (usage_.size() <= key.inputs) {
    usage_.resize(key.inputs + 1);
    stopped_.resize(key.inputs + 1, false);
  }
  Usage& usage = usage_[key.inputs];
  ++usage.lookups;
  const Slot* slot = slots_.empty() ? nullptr : &slots_[place_of(key)];
  const bool found = slot != nullptr && slot->key.inputs != 0;
  if (found) ++usage.found;
  if (usage.lookups % kReview == 0 && uint64_t{usage.found} * kMinFoundShare < usage.lookups)
    stopped_[key.inputs] = true;
  if (!found) return false;
  out = {slot->needs_judgement, slot->score};
  return true;
}

void RowMemo::keep(const Key& key, const Outcome& outcome) {
  if (!looking(key.inputs)) return;
  if (entries_ >= max_entries_) {  // all let go: the rows that come back are met again soon
    std::fill(slots_.begin(), slots_.end(), Slot{});
    entries_ = 0;
  }
  if (2 * (entries_ + 1) > slots_.size()) {  // twice the slots, the entries placed again
    std::vector<Slot> old(std::max(2 * slots_.size(), kFirstSlots));
    old.swap(slots_);
    for (const Slot& slot : old)
      if (slot.key.inputs != 0) slots_[place_of(slot.key)] = slot;
  }
  Slot& slot = slots_[place_of(key)];
  if (slot.key.inputs == 0) ++entries_;
  slot = Slot{key, outcome.needs_judgement, outcome.score};
}

}  // namespace jixiao
