// Scores project self-evaluation tables under a project set: the budget row
// from 预算数 and 执行数, and every indicator row from its target and actual as
// written, each through the set's Lua script, or by a person's judgement
// recorded on the row (within its band, when the set scores qualitative rows
// by bands). Rows that cannot be decided are reported as pending with the
// reason, never scored 0 in silence.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cell_parses.h"
#include "lua_runtime.h"
#include "project_set.h"
#include "record.h"
#include "row_memo.h"
#include "target_text.h"

namespace jixiao {

// Where a figure the table states departs from what the declared rule gives (偏离).
struct Departure {
  Decimal rule, stated, difference;  // difference = stated − rule
};

struct ProjectRowResult {
  const ProjectRow* row = nullptr;
  // As read (a bare figure as ≥ when the set reads it so); shared with the
  // scorer's kept parses and with rows of the same cells, and kept alive by
  // the ProjectResult's `readings`. Set for every row.
  const ParsedValue* target = nullptr;
  const ParsedValue* actual = nullptr;
  std::string category;       // the set's category the row's 一级指标 belongs to
  Decimal weight;             // points of the row
  std::string weight_basis;   // "stated in the table" or "产出指标 50 ÷ 21 rows"
  // kSubtotal: a parent row printing its children's subtotal: shown with the
  // recomputed subtotal as `score`, checked, never counted.
  enum class Status { kScored, kPending, kExcluded, kSubtotal } status = Status::kScored;
  std::optional<Decimal> score;  // rounded; kScored (and kSubtotal when every child is scored)
  bool judged = false;           // the score is a person's judgement, not the rule's
  std::optional<Decimal> converted;  // 折算得分 = score × the row's 权重占比, when it has one
  std::string reason;
  std::optional<Departure> departure;  // the table's 得分 for the row departs from `score`
};

struct ProjectResult {
  const Project* project = nullptr;
  std::optional<Decimal> budget_score;  // empty when 预算数/执行数 are not recorded
  Decimal budget_weight;
  std::string budget_reason;
  std::vector<ProjectRowResult> rows;
  std::shared_ptr<const void> readings;  // what the rows' target and actual live in (CellParses::start)
  Decimal total;           // budget (when scored) plus the scored rows
  Decimal pending_weight;  // points not yet decided: pending rows, and the budget row when it has no figures
  std::string grade;       // empty while points are pending
  std::optional<Decimal> converted;  // 折算得分 = total × the project's weight share, when it has one
  bool weights_assumed = false;      // the table prints no 分值: points spread as the set declares
  std::optional<Departure> budget_departure, total_departure;
  Decimal departures;                // the rows' and the budget row's differences, summed
  // Stated figures that cannot all be right (分值 not adding up, a total above
  // the maximum, a row above its 分值): each names where, and says 不一致.
  // No grade is given while there is one.
  std::vector<std::string> inconsistencies;
};

const char* row_status_name(ProjectRowResult::Status s);  // "scored", "pending", "excluded", "subtotal"

// A project set as ProjectScorer parses it, before any script is compiled:
// what every scorer of the set starts from, so a batch's workers parse it once.
struct ParsedProjectSet {
  std::string hashed;  // the bytes of the set file and its bases, as they were read
  ProjectSet set;
};

class ProjectScorer {
 public:
  ProjectScorer(const std::string& set_yaml, const std::string& set_file, const SearchPath& scripts,
                const SetFinder& find = {});
  // The set the constructor parses from `set_yaml`, for scorers made from it;
  // throws as the constructor does for the set.
  static ParsedProjectSet parse(const std::string& set_yaml, const std::string& set_file, const SetFinder& find = {});
  // A scorer of a set already parsed: the same as the constructor from its
  // text, its scripts compiled into a ScriptHost of its own.
  ProjectScorer(ParsedProjectSet parsed, const SearchPath& scripts);
  const ProjectSet& set() const { return set_; }
  // sha256 over the set file's bytes, its bases', and every script and
  // module compiled (as Scorer::content_hash): results of score --all are
  // stored under it.
  const std::string& content_hash() const { return content_hash_; }

  // Throws Error naming the project and row (and `data_file`, the data
  // source the project was imported from, when given) for a row whose 一级指标
  // the set does not know (with the nearest category), or a script error.
  ProjectResult score(const Project& project, const std::string& data_file = {});

  // Whether score() writes each row's and the budget row's reason, and each
  // row's weight basis (on by default). Off, every reason and weight basis
  // is "" and a script's reason given as a function is not called; scores,
  // statuses, weights, totals, grades, departures,
  // inconsistencies and errors are the same. For score --all, which stores
  // no reasons: `jixiao score --projects` rebuilds them by scoring again.
  void set_reasons(bool on);
  bool reasons() const { return reasons_; }

  // Whether the scripts' runs are looked up in a memo first (off by default;
  // ScriptHost::set_memo): for batches, where rows of the same target,
  // actual and weight come back table after table. Results are the same.
  // While reasons are off, rows are kept in the scorer's own memo (RowMemo)
  // and answered there without the script host, and the budget row is not
  // looked up (its figures seldom come back alike); while they are on, in
  // the script host's.
  void set_memo(bool on);

  // One row alone (`part` "row": target and actual, optionally weight,
  // category and grade) or the budget row alone ("budget": planned and
  // executed), scored as score() scores it in a project of its own: for
  // `jixiao try` and the set's examples. Throws Error(kInput) for another
  // part, an input it does not take, or one it lacks.
  struct Trial {
    std::unique_ptr<Project> project;  // what `result` points into
    ProjectResult result;
  };
  Trial score_part(const std::string& part, const std::vector<std::pair<std::string, Value>>& inputs);

  // Runs the examples written under budget: and rows:, in that order.
  struct ExampleResult {
    std::string path;      // "project-selfeval-2021 › 绩效指标"
    Location where;
    std::string inputs;    // "target=≥95%, actual=90%, weight=10"
    std::string expected;  // "9.47", "judgement"
    std::string actual;    // "9.47（正向指标…）", or the error
    bool passed = false;
  };
  std::vector<ExampleResult> run_examples();

 private:
  // What a script is run with, built once and reused from row to row: the
  // facts (names, labels, provenance) and the node stay, only the facts'
  // values and the node's name, weight and most change.
  struct Inputs {
    Record record;
    Node node;
    std::vector<Value*> values;  // of record.facts, in the order of the names they were built from
    std::vector<const Fact*> found;  // of record.facts, in node.facts' order: the script host reads them by place
  };
  static Inputs inputs_of(const std::vector<std::string>& facts, const std::string& id, const ProjectPart& part);
  // The rows' inputs for rows of one 三级指标 name, and the parses their facts
  // hold now (put). Rows of a name, from table to table, read alike: their
  // facts mostly stay as the last row of the name left them, here and in
  // the ctx the script host keeps for the node.
  struct Put {
    uint64_t serial = 0;  // of the CellParse the facts hold; 0: none yet
    ParsedValue::Kind kind = ParsedValue::Kind::kUnread;
    ParsedValue::Op op = ParsedValue::Op::kEq;
  };
  struct RowInputs {
    Inputs in;
    Put put[2];  // the target's and the actual's
    std::string key;  // the readings' serials and the grade the facts are made from: the memo's key (row_key)
    uint32_t number = 0;  // in RowMemo's keys, from 1; 0 (other_rows_, named anew by its rows): not kept there
  };
  // The inputs of rows named `name`: their own for the first kRowInputsKept
  // names (their node named so), then other_rows_ for every further name.
  // `place`: the row's place in its table, where tables mostly name their
  // rows as the table before did: the inputs found there last are tried first.
  RowInputs& row_inputs_of(const std::string& name, size_t place);
  // A row's target and actual as read, each parse kept in parses_ for the
  // same cells later: every row's target and actual are one of these.
  // `hash`: of the row's target cells (target_hash) or actual cells (actual_hash).
  const CellParse& target_of(const ProjectRow& row, uint64_t hash);
  const CellParse& actual_of(const ProjectRow& row, uint64_t hash);
  // The key of row `r`'s run of `rows` in row_memo_; false for a row not
  // looked up there (of other_rows_, of inputs it stopped looking up, of a
  // grade past those it numbers, of readings past 2^32).
  bool memo_key(const RowInputs& rows, const ProjectRowResult& r, RowMemo::Key& key);
  // The most a row of `weight` points may score: weight × cap_pct_ / 100, to the millionth.
  Decimal most_of(Decimal weight);
  // A script's score as the set keeps a row's (round_score), kept by the
  // double's bits: rows scored alike (and runs the memo answers) give the
  // same double again. Throws as round_score does for one that is no score.
  Decimal rounded_score(double score);

  std::string hashed_;  // the bytes of the set file and its bases, as they are read
  ProjectSet set_;
  std::unique_ptr<ScriptHost> host_;
  int budget_handle_ = 0;
  int row_handle_ = 0;
  std::string content_hash_;
  Inputs budget_inputs_;
  static constexpr size_t kRowInputsKept = 32;
  std::unordered_map<std::string, std::unique_ptr<RowInputs>> row_inputs_;  // by 三级指标 name
  std::unique_ptr<RowInputs> other_rows_;                                   // rows of names past kRowInputsKept
  bool memo_ = false;  // set_memo
  RowMemo row_memo_;   // outcomes of rows of own inputs (number > 0), while memo_ and not reasons_
  static constexpr size_t kPlacesKept = 64;
  std::vector<RowInputs*> by_place_;  // row_inputs_of's last own inputs for each place below kPlacesKept; nullptr: none
  // Parses kept per scorer: enough for the distinct cells of a province's
  // tables; past it they are dropped and read again.
  static constexpr size_t kParsesKept = 1 << 16;
  CellParses parses_{kParsesKept};  // cells 't' (target), 'c' (actual beside a unit cell), 'a' (actual alone)
  std::vector<uint64_t> hashes_;    // score()'s: each row's target_hash and actual_hash, reused
  double cap_pct_ = 100;                                 // rows.params.over_cap_pct
  bool reasons_ = true;                                  // set_reasons
  static constexpr size_t kMostsKept = 64;                // most_of's results kept; past it they are dropped
  std::vector<std::pair<Decimal, Decimal>> mosts_;        // weights given to most_of, and its results
  struct Rounded {
    bool kept = false;
    uint64_t bits = 0;  // of the double
    Decimal score;
  };
  std::array<Rounded, 256> rounded_{};  // rounded_score's, each at a place its bits' hash picks
  std::vector<std::vector<size_t>> by_category_;         // score()'s counted rows by category index, reused
  std::vector<std::pair<size_t, std::string>> assumed_;  // by category index: the last weight basis built, for how many rows
  std::vector<std::vector<Decimal>> spreads_;              // by category index: the last points spread over its rows
};

}  // namespace jixiao
