// jixiao's public interface: what the engine hands back, as plain values a
// program may keep, copy and compare after the Engine is gone. Scores are
// exact decimal text at the set's places ("85.00", "3.50"), never doubles:
// parse them with whatever decimal type the program uses. Missing is never
// zero: a score that does not exist is an empty std::optional.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jixiao::api {

// A department-year stored in the database.
struct RecordKey {
  std::string entity;  // 凉山州科学技术协会
  int year = 0;        // 2021
  std::string kind;    // "filed" (自评), "review" (评价组复核) or "projects" (项目自评表)
  std::string set_id;  // the indicator set the record names: liangshan-2021-dept
};

// An indicator set, loaded and its scripts compiled.
struct SetInfo {
  std::string id;            // liangshan-2021-dept
  std::string name;          // 凉山州2021年部门整体支出绩效评价指标体系
  std::string file;          // the YAML it was actually loaded from (the home's or the shipped one)
  std::string content_hash;  // sha256 of the set, its bases and every script it compiled
  std::string total;         // full marks: "100.00"
  int leaves = 0;            // how many leaves (三级指标) it scores
};

// One leaf (三级指标) scored.
struct LeafScore {
  std::string id;                     // exec_progress
  std::string path;                   // 部门预算管理 › 预算执行 › 执行进度
  std::optional<std::string> weight;  // 分值: "6.00"; empty when the set leaves it unknown
  std::optional<std::string> score;   // 得分 recomputed; empty when not scored (see source)
  std::optional<std::string> filed;   // 自评得分 as the record filed it, when it did
  // "computed" (by its script), "judged" (a recorded judgement), "not-scored"
  // (the department does not score it: 自评准确), "uncovered" (cannot be
  // scored: missing inputs and judgement, or an unknown weight or rule).
  std::string source;
  std::string reason;                 // one line, as `jixiao score` prints it
  std::vector<std::string> missing;   // what is missing, for a judgement or an uncovered leaf
};

// A department-year scored under one set.
struct Score {
  std::string entity;
  int year = 0;
  std::string set_id;
  std::string set_hash;              // SetInfo::content_hash of the set it was scored under
  std::string total;                 // exact sum of the leaves' scores: "85.00"
  std::optional<std::string> max;    // what a department can score itself ("90.00"); empty when unknown
  bool complete = false;             // every self-scored leaf has a score: total is final
  std::vector<LeafScore> leaves;     // in the set's order
};

// One leaf of a comparison: filed against recomputed.
struct LeafDifference {
  std::string id;
  std::string path;
  std::optional<std::string> filed;       // 自评得分
  std::optional<std::string> recomputed;  // 复核得分
  std::optional<std::string> difference;  // filed − recomputed, when both exist
  std::string reason;                     // why the recomputed score is what it is
};

// A department-year's filed self-scores against the evidence recomputed.
struct Comparison {
  std::string entity;
  int year = 0;
  std::string set_id;
  std::string basis;             // what was recomputed: 评价组复核记录, or 按自评记录的输入重新计算
  std::string filed_total;       // 总分 as filed
  std::string recomputed_total;
  std::string gap;               // filed − recomputed
  std::string relative_gap_pct;  // |gap| ÷ recomputed × 100, 2 decimals (more when 2 would round it onto a tenth: 10.004)
  // What the set's 自评准确 rule deducts for this gap; empty when the set has no such rule.
  std::optional<std::string> accuracy_deduction;
  std::vector<LeafDifference> leaves;  // in the set's order
};

// One leaf result stored by batch scoring (`jixiao score --all`).
struct StoredResult {
  RecordKey record;
  std::string set_hash;  // the content hash of the set the record was scored under
  std::string leaf_id;
  std::optional<std::string> score;  // empty when the leaf has no score
  std::string source;                // as LeafScore::source
  std::string reason;                // "": score --all stores no reasons (scoring the record again gives them)
};

}  // namespace jixiao::api
