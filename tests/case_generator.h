// Random indicator sets and department-years for property tests, the same
// for the same seed: trees whose weights add up, leaves scored by the shipped
// scripts with random parameters or by recorded judgements, and facts drawn
// in and around each rule's thresholds.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "record.h"

namespace jixiao::test {

// One generated leaf: which shipped script scores it (empty: judged only)
// and which fact plays which part in its rule.
struct GeneratedLeaf {
  std::string id;
  std::string script;                        // "proportional.lua", or "" for a judged leaf
  std::map<std::string, std::string> roles;  // part of the rule → fact name: "actual" → "l4_actual"
  std::string table;                         // share_met.lua: its row table
  std::string otherwise;                     // checklist.lua: "zero" or "judgement"
  bool self_scored = true;
  int64_t weight = 0;                        // in millionths
  std::map<std::string, double> targets;     // fact → the threshold its rule compares it with
};

struct GeneratedCase {
  uint64_t seed = 0;
  std::string set_yaml;  // a set that loads: parse it with parse_set or a Scorer
  std::vector<GeneratedLeaf> leaves;
  Record record;         // every self-scored leaf either computable or judged

  // The seed, the set and the record as text: what a failing property prints.
  std::string describe() const;
};

// The case for `seed`: a set of one to four top-level nodes, up to three
// levels deep, with score_places 0..3, and a record for it.
GeneratedCase generate_case(uint64_t seed);

// Another department-year for the same set as `c`, drawn from `seed`.
Record generate_record(const GeneratedCase& c, uint64_t seed);

// A record's facts, rows, judgements and filed scores, one a line.
std::string describe_record(const Record& r);

// A decimal as the engine writes it ("12.5"), for building inputs in tests.
std::string decimal_text(int64_t millionths);

}  // namespace jixiao::test
