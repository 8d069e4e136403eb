// The outcomes of a project set's row script kept by what it was run with, so
// that a row read before is not run again: a run is a function of its inputs
// alone (the sandbox keeps no state from one run to the next), and a
// province's tables repeat the same cells (按时完成 | 已完成) thousands of times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "decimal.h"
#include "lua_runtime.h"

namespace jixiao {

// What a row's script is run with, as ProjectScorer gives it: its facts are
// a function of the parse of its target and of its actual (each named by a
// serial its scorer gives each parse it makes, never twice) and its grade;
// its node is the rows' part with the row's name, its weight and the most it
// may score (a function of the weight).
struct RowRun {
  uint64_t target = 0, actual = 0;  // the parses' serials
  const std::string& grade;
  const std::string& name;
  Decimal weight;
};

class ScriptRuns {
 public:
  // The outcome kept for `run`, or nullptr. The pointer is valid until the
  // next call of find or keep.
  const ScriptOutcome* find(const RowRun& run);

  // Keeps `outcome` as the outcome of the run the last find did not find,
  // and gives it. A run that failed is not kept: it is run again, and fails
  // again, each time.
  const ScriptOutcome& keep(ScriptOutcome outcome);

 private:
  std::string key_;  // of the last find: its buffer is reused
  std::unordered_map<std::string, ScriptOutcome> kept_;
};

}  // namespace jixiao
