// The result of one score or compare run as the HTML and xlsx writers see it:
// the indicator tree row by row in the 自评表 layout (一级/二级/三级, 分值,
// 自评得分, 复核得分, departures, reasons), the totals, coverage, and where
// the result comes from (set id and hash, engine version). Built once per
// command; every writer reads the same numbers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compare.h"
#include "scorer.h"

namespace jixiao {

struct ReportRow {
  std::string id;
  std::string path;                     // 部门预算管理 › 预算执行 › 执行进度
  int level = 1;                        // 1 一级, 2 二级, 3 三级
  std::vector<std::string> names;       // the names of the row's ancestors and its own, one per level
  bool leaf = false;
  std::optional<Decimal> weight;        // 分值; empty when the set leaves it unknown
  std::optional<Decimal> filed;         // 自评得分
  std::optional<Decimal> recomputed;    // 复核得分 (or the recomputed score)
  std::optional<Decimal> difference;    // filed − recomputed, when both exist
  std::string claim;                    // 多报, 少报 or ""
  std::string source;                   // computed, judged, not-scored, uncovered; a branch: "", or
                                        // "partial" when its score leaves out a leaf without one
  std::string reason;                   // a leaf's reason, or what a branch lacks (未能计算 8.00 分)
  std::vector<std::string> provenance;  // a leaf's inputs with where they come from, one line each
};

struct ReportModel {
  std::string kind;                     // "score" or "compare"
  std::string title;                    // 凉山州科学技术协会 2021 · …
  std::string record_title;             // 凉山州科学技术协会 2021
  std::string entity;
  int year = 0;
  std::string set_id, set_name, set_hash;
  std::string engine_version;
  int places = 2;
  int levels = 3;                       // depth of the set's tree
  std::string basis;                    // compare: what was recomputed
  std::vector<ReportRow> rows;          // in document order, branches before their children
  std::optional<Decimal> full_score;    // the set's 满分
  std::optional<Decimal> max;           // the self-assessment maximum, when known
  std::optional<Decimal> filed_total;
  Decimal recomputed_total;
  std::optional<Decimal> gap;           // compare: filed − recomputed
  std::optional<Decimal> relative_gap_pct;
  std::string accuracy;                 // compare: what the 自评准确 rule deducts, one sentence
  bool complete = true;                 // every self-scored leaf has a score
  Decimal covered;                      // weight of the scored leaves
  std::vector<std::string> gaps;        // leaves without a score and what they lack
};

// What a branch of a record with gaps cannot recompute, for its 说明 cell:
// "未能计算 8.00 分" (its weight less the weight of its scored leaves),
// "分值未公布" when its weight is unknown, "" when nothing is missing.
std::string branch_gap(const Evaluation& ev, const Node& node, int places);

// The model of `score`: recomputed scores beside the record's own 自评得分.
ReportModel score_model(const Evaluation& ev);

// The model of `compare`: filed beside recomputed, with differences.
ReportModel compare_model(const Comparison& c);

// The totals in one sentence: for a comparison "自评总分 85.00，复核得分 71.05
// （basis），差 +13.95，相对差异 19.63%；按「…」规则扣 8.00 分（…）"; for a score
// the total against the maximum and the filed total, or, with gaps, what was
// covered and that it is not final.
std::string summary_line(const ReportModel& m);

}  // namespace jixiao
