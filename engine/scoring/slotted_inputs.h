// A record's scoring inputs by the places of one indicator set, for batch
// scoring (Scorer::score_packed): read from the record's packing
// (packed_inputs.h) into storage kept from one record to the next, so that a
// leaf finds its facts, judgement and filed score by place rather than by
// name, and reading a record builds no map and, once warm, allocates little.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "packed_inputs.h"
#include "record.h"

namespace jixiao {

class SlottedInputs : private InputsSink {
 public:
  static constexpr size_t kNoLeaf = static_cast<size_t>(-1);

  // Places for every fact a leaf of `leaves` declares and for every leaf
  // (its place in `leaves`).
  explicit SlottedInputs(const std::vector<IndicatorSet::LeafRef>& leaves);

  // Reads `packed` (a record's packed inputs, which must outlive what is
  // read: ids are kept as views into it), forgetting the record read before.
  // A number's Value has its Decimal, not the text it was written as (its
  // `text` is empty): scoring reads and shows the Decimal.
  // Throws std::invalid_argument as read_scoring_inputs; what was read is
  // then incomplete, until the next read.
  void read(std::string_view packed);

  // The `k`-th fact leaf `leaf` declares, nullptr when it is not recorded.
  const Fact* fact(size_t leaf, size_t k) const {
    const size_t slot = leaf_slots_[leaf][k];
    return has_fact_[slot] ? &facts_[slot] : nullptr;
  }
  const Judgement* judgement(size_t leaf) const { return has_judgement_[leaf] ? &judgements_[leaf] : nullptr; }
  const Decimal* filed(size_t leaf) const { return has_filed_[leaf] ? &filed_[leaf] : nullptr; }
  // A record holding the rows read and nothing else: what a script's run
  // reads rows from (its facts are handed to the run by place).
  const Record& rows() const { return rows_; }
  // The names of the facts recorded, sorted: for "did you mean".
  std::vector<std::string> fact_names() const;

  // A filed score's or a judgement's key as packed, in packed order (by id),
  // with the place of its leaf, or kNoLeaf for an id that names no leaf.
  struct Keyed {
    std::string_view id;
    size_t leaf;
    Decimal score;  // the filed score; zero for a judgement
  };
  const std::vector<Keyed>& filed_keys() const { return filed_keys_; }
  const std::vector<Keyed>& judgement_keys() const { return judgement_keys_; }

 private:
  Fact& fact(std::string_view name) override;
  std::vector<Row>& table(std::string_view name) override;
  Row& row(std::vector<Row>& table) override;
  void table_read(std::vector<Row>& table) override;
  // Takes the tables of rows_ from `from` up to `to` off, their rows kept in spare_rows_.
  void drop_tables_between(std::map<std::string, std::vector<Row>>::iterator from,
                           std::map<std::string, std::vector<Row>>::iterator to);
  Judgement& judgement(std::string_view leaf) override;
  void filed_score(std::string_view leaf, Decimal score) override;
  // The place of leaf `id`, kNoLeaf when no leaf has it; `next` is where to
  // look first (and kLookAhead - 1 places after it), moved past it.
  static constexpr size_t kLookAhead = 8;
  size_t leaf_place(std::string_view id, size_t& next) const;

  std::vector<std::string> slot_names_;            // every declared fact, sorted
  std::vector<std::vector<size_t>> leaf_slots_;    // per leaf, per declared fact: its slot
  std::vector<std::pair<std::string, size_t>> leaf_ids_;  // leaf id → place, sorted

  // The record read.
  std::vector<Fact> facts_;  // per slot
  std::vector<char> has_fact_;
  std::vector<std::string> other_facts_;  // names of recorded facts no leaf declares
  Fact spare_fact_;                       // where their values are read (and checked)
  std::vector<Judgement> judgements_;     // per leaf
  std::vector<char> has_judgement_;
  Judgement spare_judgement_;
  std::vector<Decimal> filed_;            // per leaf
  std::vector<char> has_filed_;
  std::vector<Keyed> filed_keys_, judgement_keys_;
  // The tables read, kept from one record to the next with their rows (most
  // records have the tables, rows and columns the one before had): a read
  // walks them beside the packing (both by name), reading into those it
  // meets again and taking off those it passes.
  Record rows_;
  std::map<std::string, std::vector<Row>>::iterator next_table_;  // the first table not yet met in this read
  size_t rows_used_ = 0;         // rows of the table being read that hold this record's
  std::vector<Row> spare_rows_;  // rows taken off, with their cells' room
  size_t next_slot_ = 0, next_judged_ = 0, next_filed_ = 0;  // where the next item's place is, as a rule
};

}  // namespace jixiao
