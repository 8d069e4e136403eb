// Reading a packing by place: the packing's own reader (read_scoring_inputs)
// hands each item to this sink, which puts it in the place of its fact or
// leaf, found by binary search over names sorted once per set.
#include "slotted_inputs.h"
#include "packed_fields.h"

#include <algorithm>
#include <utility>

namespace jixiao {

SlottedInputs::SlottedInputs(const std::vector<IndicatorSet::LeafRef>& leaves) : InputsSink(false) {
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
  next_slot_ = next_judged_ = next_filed_ = 0;
  next_table_ = rows_.rows.begin();
  read_scoring_inputs(packed, *this);
  drop_tables_between(next_table_, rows_.rows.end());  // tables of the record before that this one has not
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
  size_t slot = next_slot_;
  if (slot >= slot_names_.size() || !same_field(slot_names_[slot], name)) {
    slot = static_cast<size_t>(std::lower_bound(slot_names_.begin(), slot_names_.end(), name,
                                                [](const std::string& a, std::string_view b) { return a < b; }) -
                               slot_names_.begin());
    if (slot == slot_names_.size() || !same_field(slot_names_[slot], name)) {
      next_slot_ = slot;
      other_facts_.emplace_back(name);
      return spare_fact_;
    }
  }
  next_slot_ = slot + 1;
  has_fact_[slot] = 1;
  return facts_[slot];
}

std::vector<Row>& SlottedInputs::table(std::string_view name) {
  auto& tables = rows_.rows;
  // Tables packed by name, as the map is: those before `name` that were not met are not this record's.
  auto after = next_table_;
  while (after != tables.end() && after->first < name) ++after;
  if (after != next_table_) {
    drop_tables_between(next_table_, after);
  }
  rows_used_ = 0;
  if (after != tables.end() && after->first == name) {
    next_table_ = std::next(after);
    return after->second;
  }
  // A table met before in this read (only in a packing not made by
  // pack_inputs: names out of order, or twice) is appended to, as a reader by name does.
  const auto met = tables.find(std::string(name));
  if (met != tables.end()) {
    rows_used_ = met->second.size();
    next_table_ = after;
    return met->second;
  }
  next_table_ = after;
  return tables.emplace_hint(after, name, std::vector<Row>())->second;
}

Row& SlottedInputs::row(std::vector<Row>& table) {
  if (rows_used_ < table.size()) return table[rows_used_++];
  ++rows_used_;
  if (spare_rows_.empty()) return table.emplace_back();
  table.push_back(std::move(spare_rows_.back()));
  spare_rows_.pop_back();
  return table.back();
}

void SlottedInputs::table_read(std::vector<Row>& table) {
  while (table.size() > rows_used_) {
    spare_rows_.push_back(std::move(table.back()));
    table.pop_back();
  }
}

void SlottedInputs::drop_tables_between(std::map<std::string, std::vector<Row>>::iterator from,
                                        std::map<std::string, std::vector<Row>>::iterator to) {
  for (auto at = from; at != to; ++at)
    for (Row& row : at->second) spare_rows_.push_back(std::move(row));
  rows_.rows.erase(from, to);
}

size_t SlottedInputs::leaf_place(std::string_view id, size_t& next) const {
  // Filed scores and judgements are each packed by id, as leaf_ids_ is
  // sorted: the next leaf is the one, or one a few after it (a leaf with no
  // judgement or filed score is passed), as a rule.
  size_t at = next;
  const size_t window = std::min(leaf_ids_.size(), next + kLookAhead);
  while (at < window && !same_field(leaf_ids_[at].first, id)) ++at;
  if (at == window) {
    at = static_cast<size_t>(std::lower_bound(leaf_ids_.begin(), leaf_ids_.end(), id,
                                              [](const std::pair<std::string, size_t>& a, std::string_view b) {
                                                return a.first < b;
                                              }) -
                             leaf_ids_.begin());
    if (at == leaf_ids_.size() || !same_field(leaf_ids_[at].first, id)) {
      next = at;
      return kNoLeaf;
    }
  }
  next = at + 1;
  return leaf_ids_[at].second;
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
