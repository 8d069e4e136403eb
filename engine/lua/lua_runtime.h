// Runs scoring scripts (scripts/*.lua) in a sandboxed Lua 5.4 state: the only
// file that includes Lua. The contract for script authors is scripts/README.md.
//
// One ScriptHost serves one indicator set: every script is compiled once (its
// top level, and each module it requires, run once), then its scoring function
// is run for any number of leaves and records. Each leaf's ctx is built once
// and reused. Every run starts from the same state: tables made at a top
// level are frozen, assigning a top-level variable is refused at compile
// time, math.random restarts from a fixed seed and pairs has a defined order.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "files.h"
#include "model.h"
#include "record.h"

struct lua_State;

namespace jixiao {

struct SandboxLimits {
  long long instructions = 10'000'000;  // per leaf evaluation
  size_t memory_bytes = 64u << 20;      // per leaf evaluation, above what the compiled scripts hold
  long long wall_ms = 2000;             // per leaf evaluation
};

// What one script run gave.
struct ScriptOutcome {
  bool needs_judgement = false;  // the script returned nil: the rule leaves this case to a person
  double score = 0;              // raw, before rounding; meaningful unless needs_judgement
  std::string reason;            // one line in Chinese, without the final score; "" when reasons are off
  std::vector<std::string> facts_read;  // in the order the script first read them
  std::vector<std::string> rows_read;
};

class ScriptHost {
 public:
  // `scripts` are the folders scripts and `require`d modules are read from,
  // the first that has the file winning (an analyst's scripts/, then the
  // shipped one); `display_dir` is how messages name them ("scripts").
  ScriptHost(SearchPath scripts, std::string display_dir, int score_places, SandboxLimits limits = {});
  ~ScriptHost();
  ScriptHost(const ScriptHost&) = delete;
  ScriptHost& operator=(const ScriptHost&) = delete;

  // Compiles `script` (a file name under the scripts folder) once and returns
  // its handle; compiling the same name again returns the same handle. Throws
  // Error(kScript) with the script's file and line for a syntax error, a
  // script that does not return a function, a function that assigns a
  // variable of a top level (state that would outlive a run), a require
  // cycle, or an unreadable file.
  int compile(const std::string& script);

  // Runs a compiled script for `leaf` of `record`. A declared fact or row
  // table that is not recorded is an error when the script reads it. The
  // leaf's ctx is kept (keyed by the Node's address and the script,
  // its weight, id and name rewritten when they differ, rebuilt when its
  // params differ) until the host is destroyed. Throws
  // Error(kScript) naming the script line for a Lua error, a fact the leaf
  // did not declare, a result that is not a number in 0..weight, or a reason
  // that is not text; the host stays usable for the next run.
  ScriptOutcome run(int handle, const Node& leaf, const Record& record);
  // As run(), with the record's fact for each of leaf.facts looked up by the
  // caller already, in their order (nullptr where not recorded): what the
  // run reads from, one lookup fewer per fact and run.
  ScriptOutcome run(int handle, const Node& leaf, const Record& record, const std::vector<const Fact*>& facts);
  // As run() with the facts looked up, where `inputs` stands for the facts in
  // the memo (set_memo), which then keys the run by these bytes rather than
  // by the facts' values: the caller vouches that it derives every one of
  // leaf.facts from `inputs` alone, the same way for as long as the host
  // lives (a project row's parses from its cells), so that runs of one leaf
  // with the same `inputs` have the same facts. Shorter than the facts when
  // they are long texts made from short ones. The run reads `facts`.
  ScriptOutcome run(int handle, const Node& leaf, const Record& record, const std::vector<const Fact*>& facts,
                    std::string_view inputs);

  // Whether run() fills ScriptOutcome::reason (on by default). Off, a script
  // that returns its reason as a function and its arguments (scripts/README.md)
  // does not have it called: batch scoring stores no reasons and so builds none.
  void set_reasons(bool on);
  // Whether run() lists what the script read (ScriptOutcome::facts_read and
  // rows_read; on by default). Off, both stay empty.
  void set_traces(bool on);
  // Whether every Node passed to run() keeps its id, name, weight, params
  // and facts for as long as the host lives (off by default): a leaf's ctx
  // is then found by the Node's address alone, without comparing them (the
  // nodes of an indicator set a Scorer holds; not a project table's rows,
  // which are scored one after another in one Node).
  void set_fixed_leaves(bool on);
  // Whether every Node passed to run() keeps its params and facts for as
  // long as the host lives, its id, name and weight perhaps not (off by
  // default): a project table's rows, scored one after another in one Node
  // of the set's params. A leaf's ctx is then found by the Node's address,
  // and only id, name and weight are compared (and written when they differ).
  void set_fixed_params(bool on);
  // Whether run() first looks for an earlier run of the same script on the
  // same inputs (off by default; never while reads are traced): what the
  // script can observe, its ctx (params, weight, leaf id and name) and the
  // values of its declared facts, with max_score and this host's settings
  // (score places, reasons). One found is not run again: its score (or that
  // it needs judgement) and its reason are given back as the run gave them.
  // Runs that failed or were stopped are not kept, nor runs of a leaf that
  // declares row tables or with a fact that is a list or a map. At most
  // 32,768 outcomes are kept (past the first 4,096, one is kept the second
  // time its inputs come), and a leaf whose runs seldom repeat stops being
  // looked up (engine/lua/lua_memo.h): for batches, where the same inputs
  // come back record after record (checklists, a project table's rows).
  void set_memo(bool on);
  // What the memo did so far: runs looked up, runs found there (not run),
  // outcomes it holds now.
  struct MemoCounts {
    size_t lookups = 0, hits = 0, kept = 0;
  };
  MemoCounts memo_counts() const;
  // Whether the outcome of the last script run is one every run of the
  // script on the same ctx and facts gives, as the memo keeps only such: the
  // run did not meet its memory limit (Lua then collected garbage within it,
  // which depends on the runs before). For a caller keeping outcomes itself.
  bool last_run_repeatable() const;

  // Every file compiled or required so far, as (display name, bytes), sorted.
  // A run or a stop (the budget, the clock, memory) leaves the host usable.
  std::vector<std::pair<std::string, std::string>> files_loaded() const;

  // Called from Lua; not for other callers.
  struct Internals;

 private:
  // One run, fast (sandbox::start_fast_run) when `try_fast` and one can be
  // had, which `fast` then says.
  ScriptOutcome attempt(int handle, const Node& leaf, const Record& record, const std::vector<const Fact*>* facts,
                        bool try_fast, bool& fast);
  ScriptOutcome run_with(int handle, const Node& leaf, const Record& record, const std::vector<const Fact*>* facts,
                         const std::string_view* inputs);
  // run_with() without the memo: the run, fast when it can be, else counted.
  ScriptOutcome run_once(int handle, const Node& leaf, const Record& record, const std::vector<const Fact*>* facts);

  lua_State* L_ = nullptr;
  std::unique_ptr<Internals> in_;
};

}  // namespace jixiao
