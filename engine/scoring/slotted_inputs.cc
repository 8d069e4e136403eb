// Reading a packing by place: the packing's own reader (read_scoring_inputs)
// hands each item to this sink, which puts it in the place of its fact or
// leaf, found by binary search over names sorted once per set.
#include "slotted_inputs.h"

#include <algorithm>
#include <utility>

namespace jixiao {

SlottedInputs::SlottedInputs(const std::vector<IndicatorSet::LeafRef>& leaves) {
  for (const auto& leaf : leaves) slot_names_.insert(slot_names_.end(), leaf.node->facts.begin(), leaf.node->facts.end());
  std::sort(slot_names_.begin(), slot_names_.end());
  slot_names_.erase(std::unique(slot_names_.begin(), slot_names_.end()), slot_names_.end());
  for (size_t i = 0; i < leaves.size(); ++i) {
    auto& slots = leaf_slots_.emplace_back();
    for (const auto& name : leaves[i].node->facts)
      slots.push_back(
          static_cast<size_t>(std::lower_bound(slot_names_.begin(), slot_names_.end(), name) - slot_names_.begin()));
    leaf_ids_.emplace_back(leaves[i].node->id, i);
  }
  std::sort(leaf_ids_.begin(), leaf_ids_.end());
  facts_.resize(slot_names_.size());
  has_fact_.resize(slot_names_.size());
  judgements_.resize(leaves.size());
  has_judgement_.resize(leaves.size());
  filed_.resize(leaves.size());
  has_filed_.resize(leaves.size());
  for (size_t s = 0; s < slot_names_.size(); ++s) facts_[s].name = slot_names_[s];
}

void SlottedInputs::read(std::string_view packed) {
  std::fill(has_fact_.begin(), has_fact_.end(), 0);
  std::fill(has_judgement_.begin(), has_judgement_.end(), 0);
  std::fill(has_filed_.begin(), has_filed_.end(), 0);
  other_facts_.clear();
  filed_keys_.clear();
  judgement_keys_.clear();
  // The rows read before kept, to be read into again: most records have the tables and columns the one before had.
  for (auto& [name, table] : rows_.rows) {
    for (Row& row : table) spare_rows_.push_back(std::move(row));
    table.clear();
    spare_tables_.push_back(std::move(table));
  }
  rows_.rows.clear();
  next_slot_ = next_judged_ = next_filed_ = 0;
  read_scoring_inputs(packed, *this);
}

std::vector<std::string> SlottedInputs::fact_names() const {
  std::vector<std::string> names = other_facts_;
  for (size_t s = 0; s < slot_names_.size(); ++s)
    if (has_fact_[s]) names.push_back(slot_names_[s]);
  std::sort(names.begin(), names.end());
  return names;
}

Fact& SlottedInputs::fact(std::string_view name) {
  // Packed by name, as the slots are: the next slot is the one, as a rule.
  auto at = slot_names_.begin() + static_cast<std::ptrdiff_t>(next_slot_);
  if (at == slot_names_.end() || *at != name)
    at = std::lower_bound(slot_names_.begin(), slot_names_.end(), name,
                          [](const std::string& a, std::string_view b) { return a < b; });
  next_slot_ = static_cast<size_t>(at - slot_names_.begin()) + (at != slot_names_.end() && *at == name);
  Fact* f = &spare_fact_;
  if (at != slot_names_.end() && *at == name) {
    const size_t slot = static_cast<size_t>(at - slot_names_.begin());
    has_fact_[slot] = 1;
    f = &facts_[slot];
  } else {
    other_facts_.emplace_back(name);
  }
  return *f;
}

std::vector<Row>& SlottedInputs::table(std::string_view name) {
  const auto placed = rows_.rows.emplace_hint(rows_.rows.end(), name, std::vector<Row>());
  if (placed->second.empty() && !spare_tables_.empty()) {  // a new table (not one packed twice): room from before
    placed->second = std::move(spare_tables_.back());
    spare_tables_.pop_back();
  }
  return placed->second;
}

Row& SlottedInputs::row(std::vector<Row>& table) {
  if (spare_rows_.empty()) return table.emplace_back();
  table.push_back(std::move(spare_rows_.back()));
  spare_rows_.pop_back();
  return table.back();
}

size_t SlottedInputs::leaf_place(std::string_view id, size_t& next) const {
  // Filed scores and judgements are each packed by id, as leaf_ids_ is sorted.
  auto at = leaf_ids_.begin() + static_cast<std::ptrdiff_t>(next);
  if (at == leaf_ids_.end() || at->first != id)
    at = std::lower_bound(leaf_ids_.begin(), leaf_ids_.end(), id,
                          [](const std::pair<std::string, size_t>& a, std::string_view b) { return a.first < b; });
  const bool found = at != leaf_ids_.end() && at->first == id;
  next = static_cast<size_t>(at - leaf_ids_.begin()) + found;
  return found ? at->second : kNoLeaf;
}

Judgement& SlottedInputs::judgement(std::string_view leaf) {
  const size_t place = leaf_place(leaf, next_judged_);
  judgement_keys_.push_back({leaf, place, Decimal()});
  if (place == kNoLeaf) return spare_judgement_;
  has_judgement_[place] = 1;
  return judgements_[place];
}

void SlottedInputs::filed_score(std::string_view leaf, Decimal score) {
  const size_t place = leaf_place(leaf, next_filed_);
  filed_keys_.push_back({leaf, place, score});
  if (place == kNoLeaf) return;
  has_filed_[place] = 1;
  filed_[place] = score;
}

}  // namespace jixiao
