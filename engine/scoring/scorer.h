// Scores department-years under one indicator set. The set is parsed and its
// scripts compiled once; evaluate() then runs for any number of records, and
// does not care where a record came from (database, YAML, a test).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lua_runtime.h"
#include "model.h"
#include "record.h"
#include "set_inheritance.h"
#include "sha256.h"
#include "slotted_inputs.h"

namespace jixiao {

enum class LeafSource {
  kComputed,   // its script computed the score from recorded inputs
  kJudged,     // a recorded judgement gave the score
  kNotScored,  // the department does not self-score it (e.g. 自评准确)
  kUncovered,  // cannot be scored: its weight or rule is unknown, or inputs and judgement are missing
};

const char* leaf_source_name(LeafSource s);  // "computed", "judged", "not-scored", "uncovered"

struct InputTrace {
  std::string name;    // fact name, or row table name
  std::string label;   // 年度预算总额
  std::string value;   // as recorded: "686.54", "true", "3 rows"
  std::string unit;
  std::string provenance;
};

struct LeafResult {
  const Node* node = nullptr;
  std::string path;                 // 部门预算管理 › 预算执行 › 执行进度
  LeafSource source = LeafSource::kComputed;
  std::optional<Decimal> score;     // rounded; empty when kNotScored or kUncovered
  std::optional<Decimal> filed;     // 自评得分 as filed, when recorded
  std::string reason;               // one line, ending with the score
  std::vector<InputTrace> inputs;   // what the script read, or the judgement's basis
  // What is missing: declared inputs not recorded (why a judgement was used,
  // or, for kUncovered, why there is no score), or the set's unknowns.
  std::vector<std::string> missing;
  std::string uncovered_why;        // kUncovered: the sentence --complete reports
};

// The self-scores a record filed, summed up a set's tree.
struct FiledSums {
  std::map<std::string, Decimal> subtotals;  // branch id → sum of the filed leaves under it
  Decimal leaf_sum;                          // all filed leaf scores
  bool any = false;                          // whether any leaf score was filed
  Decimal total;                             // 总分 as filed, or leaf_sum when none was

  std::optional<Decimal> subtotal(const std::string& node_id) const;
};

FiledSums filed_sums(const std::vector<IndicatorSet::LeafRef>& leaves, const Record& record);

struct Evaluation {
  const IndicatorSet* set = nullptr;
  std::string set_hash;
  const Record* record = nullptr;
  std::vector<LeafResult> leaves;               // in document order
  std::map<std::string, Decimal> subtotals;     // node id → sum of its scored leaves' scores
  FiledSums filed;                              // the record's own 自评得分, summed
  Decimal total;                                // exact sum of the rounded leaf scores
  std::optional<Decimal> max;                   // the self-assessment maximum (90 of 100); empty when unknown
  Decimal covered;                              // the weight of the leaves that were scored
  std::map<std::string, Decimal> covered_under;  // branch id → the weight of its scored leaves
  // Where the filed figures contradict themselves or what can be recomputed
  // (不一致), one sentence each.
  std::vector<std::string> inconsistencies;

  const LeafResult* leaf(const std::string& id) const;
  // True when every self-scored leaf has a score: the total is final.
  bool complete() const;
  // The self-assessment maximum less the covered weight; empty when the maximum is unknown.
  std::optional<Decimal> uncovered() const;
  // The covered weight as a percentage of the maximum; empty when that is unknown.
  std::optional<Decimal> covered_pct() const;
  // The leaves without a score, in document order.
  std::vector<const LeafResult*> gaps() const;
};

// Error(kMissing) naming the department-year and, for each leaf without a
// score, what is missing: for callers that need a whole record (--complete).
Error incomplete_error(const Evaluation& ev);

// A department set as Scorer parses it, before any script is compiled: what
// every scorer of the set starts from, so a batch's workers parse it once.
struct ParsedSet {
  IndicatorSet set;
  Sha256 hash;  // so far over the set file's bytes and its bases', in the order read
};

class Scorer {
 public:
  // Parses the set from `set_yaml` (named `set_file` in messages) and
  // compiles every script it names. Throws Error (kInput for the set,
  // kScript for a script) with file and line; kInput too for a leaf whose
  // weight has more decimals than the set's score_places (full marks could
  // not be scored as the weight).
  // A set that extends another finds its base through `find`.
  Scorer(const std::string& set_yaml, const std::string& set_file, const SearchPath& scripts,
         SandboxLimits limits = {}, const SetFinder& find = {});
  static Scorer from_file(const std::string& set_file, const SearchPath& scripts, SandboxLimits limits = {},
                          const SetFinder& find = {});
  // The set the constructor parses from `set_yaml`, for scorers made from it;
  // throws as the constructor does for the set.
  static ParsedSet parse(const std::string& set_yaml, const std::string& set_file, const SetFinder& find = {});
  // A scorer of a set already parsed: the same as the constructor from its
  // text, its scripts compiled into a ScriptHost of its own.
  Scorer(ParsedSet parsed, const SearchPath& scripts, SandboxLimits limits = {});

  const IndicatorSet& set() const { return set_; }
  // sha256 over the set file's bytes, its bases', and every script and
  // module compiled while the Scorer was built (modules are required at a
  // script's top level, so that is all of them).
  const std::string& content_hash() const { return content_hash_; }

  // Scores every leaf of `record`: its script when all the facts and rows it
  // declares are recorded, the recorded judgement otherwise. A leaf with
  // neither, or whose weight or rule the set leaves unknown, is kUncovered
  // with what is missing: never a silent 0 (see Evaluation::complete()).
  // Throws Error naming the department, year and leaf for a script error, a
  // judgement outside 0..weight, or a filed score or judgement keyed by
  // something that is not a leaf (with the nearest id). The Evaluation
  // points into this Scorer and `record`.
  Evaluation evaluate(const Record& record);

  // The leaves of `record`, in document order, exactly as evaluate() scores
  // them (scores, sources, reasons, errors), without subtotals, totals or
  // checks of the filed figures: what batch scoring stores. Throws as evaluate().
  std::vector<LeafResult> score_leaves(const Record& record);

  // score_leaves() of a record read with Store::Reading::kPacked (its inputs
  // in Record::packed): the same results and errors, the inputs read by
  // place into storage this Scorer keeps (slotted_inputs.h). Throws
  // std::invalid_argument, as unpack_inputs, when the packing does not read.
  // The leaves are kept by this Scorer, their storage reused from one record
  // to the next: valid until its next score_packed().
  const std::vector<LeafResult>& score_packed(const Record& record);

  // Whether evaluate() fills each LeafResult's `inputs` (what JSON and
  // explain show; on by default). Batch scoring, which stores scores only,
  // turns them off: nothing else in the Evaluation changes.
  void set_traces(bool on) {
    traces_ = on;
    host_->set_traces(on);
  }

  // Whether evaluate() builds each LeafResult's `reason` (on by default).
  // Off, every reason is "" and scripts do not write theirs (uncovered_why
  // does not quote them either); scores, sources and errors are the same. For batch scoring, which stores no
  // reasons: they come back by scoring the record again with reasons on.
  void set_reasons(bool on);

  // Whether the script runs of score_leaves() and score_packed() are looked
  // up in a memo first, while traces are off (ScriptHost::set_memo; off by
  // default): for batches, where many records give a leaf the same facts.
  void set_memo(bool on) { host_->set_memo(on); }

  // Scores one leaf of `record` as evaluate() would, whatever the other
  // leaves' inputs: an Evaluation holding just that leaf (no totals).
  // Throws Error naming the leaf, or for an unknown leaf id.
  Evaluation evaluate_one(const std::string& leaf_id, const Record& record);

  // Runs the script of leaf `leaf_id` alone on `record`'s facts, whether or
  // not the department self-scores it (自评准确 is scored this way by
  // compare). Throws Error naming the leaf when it has no script, lacks a
  // declared fact, or its script fails.
  ScriptOutcome run_leaf(const std::string& leaf_id, const Record& record);

  // The text of a script (a file name under scripts/) as it was compiled,
  // or "" when the set uses no such script.
  std::string script_source(const std::string& script) const;

  // Runs every example written in the set (Node::examples) through its
  // leaf's script, in document order.
  struct ExampleResult {
    std::string path;      // the leaf
    Location where;        // the example in the set file
    std::string inputs;    // "exec_rate_jun=38, …"
    std::string expected;  // "1.90", "judgement", "error containing …"
    std::string actual;    // "1.90（6月执行进度38%…）", or the error
    bool passed = false;
  };
  std::vector<ExampleResult> run_examples();

 private:
  // A leaf of `record` into `result` (all of it set, its storage kept), its
  // inputs read from `slotted` when given (score_packed), else from the record.
  void evaluate_leaf(const IndicatorSet::LeafRef& leaf, const Record& record, const SlottedInputs* slotted,
                     LeafResult& result);
  // Every leaf of `record` into `leaves`, one per leaf of leaves_ (kept when it has as many).
  void leaves_of(const Record& record, const SlottedInputs* slotted, std::vector<LeafResult>& leaves);
  size_t place(const IndicatorSet::LeafRef& leaf) const { return static_cast<size_t>(&leaf - leaves_.data()); }
  int handle(const IndicatorSet::LeafRef& leaf) const { return handles_[place(leaf)]; }
  void check_keys_name_leaves(const std::vector<SlottedInputs::Keyed>& filed,
                              const std::vector<SlottedInputs::Keyed>& judgements,
                              std::vector<std::string>& problems) const;
  FiledSums filed_sums_of(const Record& record) const;
  const IndicatorSet::LeafRef& leaf_ref(const std::string& leaf_id) const;  // throws for an unknown id

  IndicatorSet set_;  // set once in the constructor
  std::unique_ptr<ScriptHost> host_;
  std::vector<IndicatorSet::LeafRef> leaves_;  // set_.leaves(), computed once
  std::optional<Decimal> self_score_max_;      // set_.self_score_max(), likewise
  std::map<std::string, size_t> leaf_index_;   // leaf id → its place in leaves_
  std::vector<int> handles_;            // per leaf of leaves_: its compiled script, -1 for none
  // Summing scores up the tree without a map lookup per leaf and ancestor:
  // every leaf's and branch's id, sorted, and per leaf of leaves_ the places
  // in it of its ancestors and of itself.
  std::vector<std::string> node_ids_;
  std::vector<std::vector<size_t>> ancestor_places_;
  std::vector<size_t> leaf_places_;
  std::string content_hash_;
  std::vector<const Fact*> found_facts_;  // evaluate_leaf's lookup of a leaf's facts, handed to its script's run
  std::optional<SlottedInputs> slotted_;  // score_packed's record, read by place
  std::vector<LeafResult> packed_leaves_;  // score_packed's leaves, reused
  bool traces_ = true;
  bool reasons_ = true;
};

}  // namespace jixiao
