// What a department recorded for one year: the inputs of scoring (facts, rows,
// judgements), each with its provenance, and the self-scores it filed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decimal.h"
#include "error.h"
#include "value.h"

namespace jixiao {

// Where an input comes from: a quote from a source document, an inference
// with its reason, or both (a figure derived from a quoted one).
struct Provenance {
  std::string file;      // source document, e.g. 003_d3b1babfb2d71a4b.txt
  std::string quote;     // the phrase in it, verbatim
  std::string inferred;  // why the value was inferred; empty when quoted as is

  // "003_….txt: 「…」" and/or "inferred: …".
  std::string display() const;
};

struct Fact {
  std::string name;   // ASCII, as scripts read it: ctx.facts.annual_budget
  std::string label;  // 年度预算总额
  Value value;        // a number, true/false or text
  std::string unit;   // 万元, 元, %, 个; empty for booleans and text
  Provenance provenance;
};

struct Row {
  std::vector<std::pair<std::string, Value>> cells;  // column → value, in written order
  Provenance provenance;
};

// A score decided by a person (酌情扣分, or raw figures not published).
struct Judgement {
  Decimal score;
  std::string basis;  // the stated reason, in Chinese
  Provenance provenance;
};

// One row of a project self-evaluation table (项目支出绩效自评表), as written.
struct ProjectRow {
  std::string level1;   // 一级指标: 产出指标 / 项目完成指标, 效益指标, 满意度指标 (points split off)
  std::optional<Decimal> level1_points;  // 70 when the table prints 「产出指标(70分)」
  std::string level2;   // 二级指标: 数量指标, 质量指标, …
  std::string name;     // 三级指标
  std::string target;   // 预期指标值, verbatim ("" when the cell is empty)
  std::string actual;   // 实际完成指标值, verbatim
  std::string nature;   // 指标性质 (≥, ≤, 正向, 定性 …), when the table prints it in its own cell
  std::string unit;     // 度量单位, when the table prints it in its own cell
  std::optional<Decimal> weight;  // 分值, when the table states it
  std::optional<Decimal> score;   // 得分 as filed, when the table states it
  std::string grade;    // 达成 / 部分达成 / 未达成, when recorded for a qualitative row
  std::optional<Judgement> judgement;    // a person's score for the row, with basis and provenance
  bool subtotal = false;                 // a parent row printing the subtotal of the rows under it
  std::optional<Decimal> weight_share;   // the row's 权重占比, for its own 折算得分
  std::string note;
  int line = 0;         // where the row is in the source document
};

struct Project {
  std::string id;       // ASCII, unique in the record
  std::string name;     // 项目名称
  std::string table;    // which table it is
  std::string owner;    // 预算单位 / 主管部门
  Provenance provenance;
  std::optional<Decimal> planned, executed;              // 预算数, 执行数
  std::optional<Decimal> fiscal_planned, fiscal_executed; // 其中：财政拨款
  std::string budget_unit;  // 万元
  std::optional<Decimal> weight_share;  // 权重占比, for 折算得分 = 得分 × 权重占比
  // The budget row and the table's result as printed, beside what jixiao recomputes.
  std::optional<Decimal> initial_budget;  // 年初预算数
  std::string rate_printed;               // 执行率 as printed ("99.5%")
  std::optional<Decimal> budget_weight;   // the budget row's 分值
  std::optional<Decimal> budget_score;    // the budget row's 得分
  std::optional<Decimal> stated_total;    // 总分
  std::string stated_grade;               // 等级 / 评价等次
  std::string goal, goal_achieved, note;
  std::vector<ProjectRow> rows;
};

// Rows of a department-year's table taken from its project self-evaluation
// tables at import. Either every row of `level2` in project `project`, with
// the review team's reading of cells the engine cannot read alone; or, when
// `totals` is set, one row per project with its 总分 and budget (for a
// department leaf scored from its projects, scripts/project_mean.lua).
struct RowsFromProjects {
  std::string project;  // project id
  std::string level2;   // 数量指标
  struct Reading {
    Value target, actual;  // figures (or cell text) the row is read as; unset when `grade` is
    std::string grade;     // 达成 / 部分达成 / 未达成, for a row that is not numeric (project totals only)
    std::string why;
    Location where;        // where the reading is written (not stored)
  };
  std::map<std::string, Reading> readings;  // target text as written → reading
  // "recomputed": each project's total as its project set recomputes it;
  // "printed": the 总分 its table prints. Empty: the rows of `level2`.
  std::string totals;
  std::vector<std::string> projects;  // the projects that count, in order; empty: every project of the record
  // With `totals` "recomputed": the review's readings of rows the engine
  // leaves pending, by project id, then by the row's target text as written.
  std::map<std::string, std::map<std::string, Reading>> project_readings;
  Location where;                     // where the table is written in the source (not stored)
};

struct Record {
  std::string entity;   // 凉山州科学技术协会
  int year = 0;
  std::string kind = "filed";  // "filed" as filed, "review" re-scored, "projects" project tables
  std::string set_id;   // the indicator set it is scored under
  Location set_where;   // where `set:` names it in the source (not stored)
  std::string source;   // the data file it was imported from
  std::string source_hash;  // its content's hash as stored (Store::load_many); empty when not read from a database

  std::map<std::string, Fact> facts;
  std::map<std::string, std::vector<Row>> rows;       // table name → rows
  std::map<std::string, Judgement> judgements;        // leaf id → judgement
  std::map<std::string, Decimal> filed_scores;        // leaf id → 自评得分
  std::optional<Decimal> filed_total;                 // 总分 as filed
  std::vector<Project> projects;                      // project self-evaluation tables
  std::map<std::string, RowsFromProjects> rows_from_projects;  // table → where its rows come from (import only)
  // Read with Store::Reading::kPacked: the inputs as packed (packed_inputs.h),
  // not read into the fields above, which stay empty; else empty.
  std::string packed;

  std::string title() const;  // "凉山州科学技术协会 2021"
};

}  // namespace jixiao
