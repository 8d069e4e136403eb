// The outcomes of a project set's row script kept by what it was run with, so
// that a row read before is not run again: a run is a function of its inputs
// alone (the sandbox keeps no state from one run to the next), and a
// province's tables repeat the same cells (按时完成 | 已完成) thousands of times.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "lua_runtime.h"
#include "model.h"

namespace jixiao {

class ScriptRuns {
 public:
  // The outcome kept for a run of `node` with the facts `values`, or nullptr.
  // The key is every value (type and content), the node's id, script, name,
  // weight and most; its params are not compared: one ScriptRuns serves one
  // part of one set, whose params do not change. The pointer is valid until
  // the next call of find or keep.
  const ScriptOutcome* find(const std::vector<Value*>& values, const Node& node);

  // Keeps `outcome` as the outcome of the inputs the last find did not find,
  // and gives it. A run that failed is not kept: it is run again, and fails
  // again, each time.
  const ScriptOutcome& keep(ScriptOutcome outcome);

 private:
  std::string key_;  // of the last find: its buffer is reused
  std::unordered_map<std::string, ScriptOutcome> kept_;
};

}  // namespace jixiao
