// An indicator system (绩效评价指标体系) as loaded from indicator-sets/: a tree
// of weighted nodes whose leaves name the script that scores them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "decimal.h"
#include "error.h"
#include "value.h"

namespace jixiao {

// A worked example of a leaf's rule, written in the set beside the rule:
// inputs and what scoring them must give. `jixiao check` runs them all.
struct Example {
  Location where;
  std::vector<std::pair<std::string, Value>> facts;  // fact name → value
  std::vector<std::pair<std::string, Value>> rows;   // table name → list of rows (maps)
  enum class Expect { kScore, kJudgement, kError } expect = Expect::kScore;
  Decimal score;       // kScore: the rounded score
  std::string reason;  // kScore, optional: the reason must contain this text
  std::string error;   // kError: the error message must contain this text
};

struct Node {
  std::string id;           // ASCII, unique in the set: used on the command line
  std::string name;         // 目标制定
  // 分值; empty when the set writes `weight: unknown` (not published). A leaf
  // whose weight is unknown is never scored: its points are uncovered.
  std::optional<Decimal> weight;
  std::optional<Decimal> max_score;  // the highest score a script may return; the weight when empty
  Location where;           // where the node starts in the set file
  Location weight_where;    // where its weight is written: a variant's file and line when the variant set it
  std::vector<Node> children;

  // Leaves only.
  std::string explanation;  // 指标解释, verbatim
  std::string rule;         // 计分标准, verbatim
  bool rule_unknown = false;    // `rule: unknown`: the scoring rule is not published
  std::string script;       // file under scripts/, e.g. "checkpoints.lua"; empty: judged only
  bool script_unknown = false;  // `script: unknown`: no script chosen yet; only a judgement scores it
  Value params;             // a mapping handed to the script as ctx.params
  Location params_where;    // where params: is written (the node's start when it has none)
  std::vector<std::pair<std::string, Location>> param_where;  // each param's value, where it is written
  std::vector<std::string> facts;  // fact names the script reads
  std::vector<std::string> rows;   // row tables the script reads
  bool self_scored = true;  // false: the department does not score it (自评准确)
  std::vector<Example> examples;

  bool is_leaf() const { return children.empty(); }
  // The unknowns of this node, as the report names them: 分值（未公布）,
  // 计分标准（未公布）, 评分脚本（未选定）.
  std::vector<std::string> unknowns() const;
};

struct IndicatorSet {
  std::string id;           // liangshan-2021-dept
  Location id_where;        // where the id is written (the variant's own, for a variant)
  std::string name;         // 凉山州2021年部门整体支出绩效评价指标体系
  std::string file;         // the YAML it was loaded from
  std::string source;       // where the rules were published
  Decimal total;            // full score, the sum of the top-level weights
  int score_places = 2;     // leaf scores are rounded half-up to this many decimals
  std::vector<Node> roots;

  // The node with this id, or nullptr.
  const Node* find(const std::string& id) const;
  // Leaves in document order, each with its path of names (部门预算管理 › 预算编制 › 目标制定).
  struct LeafRef {
    const Node* node;
    std::string path;
    std::vector<const Node*> ancestors;  // outermost first, without the leaf
  };
  std::vector<LeafRef> leaves() const;
  // Every node, branches and leaves, in document order.
  struct NodeRef {
    const Node* node;
    const Node* parent;  // nullptr at the top level
    int depth;           // 0 at the top level
    std::string path;
  };
  std::vector<NodeRef> nodes() const;
  // How many levels the deepest leaf is down (3 for 一级/二级/三级).
  int depth() const;
  // The highest score a department can give itself: the total less the
  // leaves it does not score (自评准确); empty when one of those has an
  // unknown weight.
  std::optional<Decimal> self_score_max() const;
  // Every node with something unknown, in document order.
  std::vector<NodeRef> unknown_nodes() const;
};

}  // namespace jixiao
