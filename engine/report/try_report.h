// What `jixiao try` prints: one leaf (or one project row, or the budget row)
// scored on inputs given on the command line, as one model with a text and a
// JSON writer (the same weight, score, reason and inputs in both).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decimal.h"

namespace jixiao {

struct TriedInput {
  std::string name, value, unit;  // as the rule read it: "exec_rate_jun", "38", "%"
};

struct TryModel {
  std::string set_id, file;
  bool project = false;            // a project set's row or budget row, or a department set's leaf
  std::string path, part;          // "一、…›…" (or the row's name) and the leaf's id, row or budget
  std::optional<std::string> category;  // a project row's 一级指标
  std::optional<Decimal> weight;   // empty: the set does not publish it
  std::string weight_basis;        // a project row's: how its weight was found; else empty
  std::optional<Decimal> score;    // empty: not scored
  std::string no_score;            // what the text says then: （无） or （须人工判定）
  std::vector<std::string> missing;  // what the rule lacked
  std::string reason;
  std::vector<TriedInput> read;    // what the rule read
  std::vector<std::string> unread;  // given but not read
  std::string params;              // the params as the set writes them
  std::string script;              // scripts/NAME, empty when none
  int places = 2;                  // the set's score places
};

// "SET › PATH（PART）", then 指标体系, 一级指标 (a project row), 分值, 得分,
// 说明, 读取, 未读取 (when any), 参数 and 脚本, one line each.
std::string render_try_text(const TryModel& m);

// {"schema_version", "engine_version", "set", "kind": "department|project",
// "part", "path", "file", "category" (a project row), "weight", "weight_basis"
// (a project row), "score" (null when not scored), "missing", "reason",
// "inputs": [{"name", "value", "unit"}], "unread", "params", "script"}.
std::string render_try_json(const TryModel& m);

}  // namespace jixiao
