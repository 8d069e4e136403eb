// What a department recorded for one year: the inputs of scoring (facts, rows,
// judgements), each with its provenance, and the self-scores it filed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decimal.h"
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

struct Record {
  std::string entity;   // 凉山州科学技术协会
  int year = 0;
  std::string kind = "filed";  // "filed": as the department filed it
  std::string set_id;   // the indicator set it is scored under
  std::string source;   // the data file it was imported from

  std::map<std::string, Fact> facts;
  std::map<std::string, std::vector<Row>> rows;       // table name → rows
  std::map<std::string, Judgement> judgements;        // leaf id → judgement
  std::map<std::string, Decimal> filed_scores;        // leaf id → 自评得分
  std::optional<Decimal> filed_total;                 // 总分 as filed

  std::string title() const;  // "凉山州科学技术协会 2021"
};

}  // namespace jixiao
