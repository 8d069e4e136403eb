// What a project set's row script gave for rows met before, kept by what the
// run was made from, so that ProjectScorer answers a row that comes back
// table after table (按时完成 / 已完成 of the same points) without going to the
// script host at all: no facts put, no ctx looked up, no key of the row's
// name and texts built.
//
// A row's run is made from its inputs (one per 三级指标 name the scorer keeps:
// the Node, its name, params and facts), the readings of its target and
// actual (CellParse serials: never given to another reading while the
// scorer lives), its grade and its points (max_score follows from them). A
// key holds each, so rows on different inputs never share an entry. What is
// kept is only what the caller knows every run on those inputs gives
// (ScriptHost::last_run_repeatable).
//
// Rows of some names never come back alike (a cost to the cent): the
// lookups and finds of each inputs' rows are counted, and every kReview
// lookups, inputs whose rows were found fewer than one in kMinFoundShare
// times stop being looked up or kept, for as long as the memo lives. At
// most max_entries outcomes are kept: past it, all are let go. Neither
// changes an outcome.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "decimal.h"

namespace jixiao {

class RowMemo {
 public:
  struct Key {
    uint32_t target = 0, actual = 0;  // the readings' serials
    int64_t weight = 0;               // the row's points, in millionths
    uint16_t inputs = 0;              // the row inputs' number, from 1
    uint16_t grade = 0;               // grade_number()'s
  };
  struct Outcome {
    bool needs_judgement = false;
    Decimal score;  // as the set keeps a row's (rounded); meaningful unless needs_judgement
  };

  static constexpr size_t kMaxEntries = size_t{1} << 14;
  static constexpr size_t kGradesKept = 16;
  static constexpr uint32_t kReview = 256;
  static constexpr uint32_t kMinFoundShare = 8;

  explicit RowMemo(size_t max_entries = kMaxEntries);

  // The number of `grade` in keys: 0 for "", others from 1 in the order they
  // are first met, the same for as long as the memo lives; nullopt past the
  // first kGradesKept distinct texts (such rows are not looked up).
  std::optional<uint16_t> grade_number(const std::string& grade);

  // Whether rows of inputs `inputs` (from 1) are still looked up and kept.
  bool looking(uint16_t inputs) const { return inputs < stopped_.size() ? !stopped_[inputs] : true; }
  // Whether an outcome is kept under `key`, then given in `out`; counts the
  // lookup for its inputs.
  bool find(const Key& key, Outcome& out);
  // Keeps `outcome` under `key`, found not kept just before.
  void keep(const Key& key, const Outcome& outcome);

  size_t size() const { return entries_; }

 private:
  // 32 bytes: two to a cache line.
  struct Slot {
    Key key;  // key.inputs 0: empty
    bool needs_judgement = false;
    Decimal score;
  };
  size_t place_of(const Key& key) const;  // its slot, or the empty one it would take

  size_t max_entries_;
  std::vector<Slot> slots_;  // a power of two of them, at most half taken
  size_t entries_ = 0;
  std::vector<std::string> grades_;  // grade_number()'s, from 1
  struct Usage {
    uint32_t lookups = 0, found = 0;
  };
  std::vector<Usage> usage_;   // by inputs
  std::vector<bool> stopped_;  // by inputs: no longer looking
};

}  // namespace jixiao
