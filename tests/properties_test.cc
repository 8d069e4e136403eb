// Properties of scoring that hold for every indicator set and every record,
// checked on generated ones (case_generator.h): random trees whose weights
// add up, leaves scored by the shipped scripts with random parameters or by
// judgements, and facts in and around the thresholds. Every case comes from
// a fixed seed; a failure prints the seed, the set and the record.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "case_generator.h"
#include "error.h"
#include "report.h"
#include "scorer.h"
#include "test_support.h"

namespace {

using jixiao::Decimal;
using jixiao::Evaluation;
using jixiao::LeafSource;
using jixiao::Node;
using jixiao::Record;
using jixiao::Scorer;
using jixiao::Value;
using jixiao::test::GeneratedCase;
using jixiao::test::GeneratedLeaf;

constexpr uint64_t kFirstSeed = 20211231;
constexpr int kCases = 300;

// Runs `check` on every generated case, with the case printed on failure.
void for_each_case(const std::function<void(const GeneratedCase&)>& check) {
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kCases; ++seed) {
    const GeneratedCase c = jixiao::test::generate_case(seed);
    INFO(c.describe());
    check(c);
  }
}

Scorer scorer_for(const GeneratedCase& c) {
  return Scorer(c.set_yaml, "generated/" + c.record.set_id + ".yaml", jixiao::test::scripts_dir());
}

// Scoring a generated case never fails: its inputs are complete and valid.
Evaluation evaluate(Scorer& scorer, const Record& record) {
  try {
    return scorer.evaluate(record);
  } catch (const jixiao::Error& e) {
    FAIL("scoring failed: " << e.what() << "\n" << jixiao::test::describe_record(record));
    throw;
  }
}

// A node's score as the evaluation has it: a leaf's (0 when not
// self-scored), a branch's subtotal.
Decimal score_of(const Evaluation& ev, const Node& n) {
  if (n.is_leaf()) {
    const auto* leaf = ev.leaf(n.id);
    return leaf->score ? *leaf->score : Decimal();
  }
  auto found = ev.subtotals.find(n.id);
  return found == ev.subtotals.end() ? Decimal() : found->second;
}

void check_sums(const Evaluation& ev, const Node& n) {
  if (n.is_leaf()) return;
  Decimal sum;
  for (const Node& child : n.children) {
    sum += score_of(ev, child);
    check_sums(ev, child);
  }
  INFO("node " << n.id);
  REQUIRE(score_of(ev, n) == sum);
}

TEST_CASE("properties: every leaf scores between 0 and its weight", "[properties]") {
  for_each_case([](const GeneratedCase& c) {
    Scorer scorer = scorer_for(c);
    const Evaluation ev = evaluate(scorer, c.record);
    for (const auto& leaf : ev.leaves) {
      INFO(leaf.path << ": " << leaf.reason);
      if (leaf.source == LeafSource::kNotScored) {
        REQUIRE_FALSE(leaf.score.has_value());
        continue;
      }
      REQUIRE(leaf.score.has_value());
      REQUIRE(*leaf.score >= Decimal());
      REQUIRE(*leaf.score <= leaf.node->weight);
    }
  });
}

TEST_CASE("properties: a parent's score is the exact sum of its children's", "[properties]") {
  for_each_case([](const GeneratedCase& c) {
    Scorer scorer = scorer_for(c);
    const Evaluation ev = evaluate(scorer, c.record);
    Decimal total;
    for (const Node& root : scorer.set().roots) {
      check_sums(ev, root);
      total += score_of(ev, root);
    }
    REQUIRE(ev.total == total);
  });
}

// What a person and a program see of one record: the table and the JSON.
std::string output(const Evaluation& ev) { return jixiao::render_table(ev) + jixiao::render_json(ev); }

// Scores `records` with `workers` Scorers of the same set, record i by
// Scorer i % workers, as a batch split over workers would; the outputs in
// the records' order. (Scoring has no worker threads yet: when it has, this
// is where they are started, and the property below holds as it stands.)
std::vector<std::string> score_batch(const GeneratedCase& c, const std::vector<Record>& records, int workers) {
  std::vector<Scorer> scorers;
  for (int w = 0; w < workers; ++w) scorers.push_back(scorer_for(c));
  std::vector<std::string> out;
  for (size_t i = 0; i < records.size(); ++i) out.push_back(output(evaluate(scorers[i % workers], records[i])));
  return out;
}

TEST_CASE("properties: the same inputs give the same output, whatever was scored before and by which Scorer",
          "[properties]") {
  for_each_case([](const GeneratedCase& c) {
    std::vector<Record> records = {c.record};
    for (uint64_t k = 1; k <= 3; ++k) records.push_back(jixiao::test::generate_record(c, c.seed * 7 + k));
    const std::vector<std::string> reference = score_batch(c, records, 1);
    // The same Scorer again, in the opposite order: nothing carries over.
    Scorer again = scorer_for(c);
    for (size_t i = records.size(); i-- > 0;) {
      INFO("record " << i << " scored again, in reverse order\n" << jixiao::test::describe_record(records[i]));
      REQUIRE(output(evaluate(again, records[i])) == reference[i]);
    }
    for (int workers : {2, 3}) {
      INFO("scored by " << workers << " Scorers");
      REQUIRE(score_batch(c, records, workers) == reference);
    }
  });
}

// The score printed in the table's 得分 column for each node, by id, and
// the printed 得分合计.
struct Printed {
  std::map<std::string, Decimal> scores;
  Decimal total;
};

Decimal parse_printed(const std::string& text) {
  const auto d = Decimal::parse(text);
  INFO("printed '" << text << "'");
  REQUIRE(d.has_value());
  return *d;
}

// Reads the table back: node rows come in the set's document order, each
// with the node's name first, then 分值, 自评得分 and 得分.
Printed read_table(const std::string& table, const jixiao::IndicatorSet& set) {
  Printed p;
  const auto nodes = set.nodes();
  size_t next = 0;
  for (const std::string& line : jixiao::test::lines_of(table)) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (w.size() >= 3 && w[0] == "得分合计") p.total = parse_printed(w[1]);
    if (next < nodes.size() && w.size() >= 4 && w[0] == nodes[next].node->name) {
      if (w[3] != "—") p.scores[nodes[next].node->id] = parse_printed(w[3]);
      ++next;
    }
  }
  INFO(table);
  REQUIRE(next == nodes.size());
  return p;
}

TEST_CASE("properties: the printed total is the sum of the printed leaf scores", "[properties]") {
  for_each_case([](const GeneratedCase& c) {
    Scorer scorer = scorer_for(c);
    const Evaluation ev = evaluate(scorer, c.record);
    const std::string table = jixiao::render_table(ev);
    INFO(table);
    const Printed printed = read_table(table, scorer.set());
    Decimal leaves;
    for (const auto& ref : scorer.set().leaves()) {
      const auto found = printed.scores.find(ref.node->id);
      if (found != printed.scores.end()) leaves += found->second;
    }
    REQUIRE(leaves == printed.total);
    // And each printed subtotal is the sum of the printed leaves under it.
    for (const auto& ref : scorer.set().nodes()) {
      if (ref.node->is_leaf()) continue;
      Decimal under;
      for (const auto& leaf : scorer.set().leaves())
        for (const Node* ancestor : leaf.ancestors)
          if (ancestor == ref.node && printed.scores.count(leaf.node->id)) under += printed.scores.at(leaf.node->id);
      INFO("node " << ref.node->id);
      const auto subtotal = printed.scores.find(ref.node->id);  // "—" when no leaf under it is scored
      REQUIRE((subtotal == printed.scores.end() ? Decimal() : subtotal->second) == under);
    }
  });
}

// ---- Monotonicity: a rule that rewards an input never scores lower when
// that input improves. Each script's rewarded inputs and their direction:
//
//   proportional.lua        actual ↑, base ↓          (执行进度 = actual ÷ base)
//   budget_execution.lua    executed ↑, planned ↓
//   checkpoints.lua         every rate ↑
//   adjustment_ratio.lua    amount ↓, base ↑          (调剂金额 ÷ 年初预算)
//   ratio_bands.lua         amount ↓, base ↑
//   deviation_bands.lua     final closer to budget    (|决算 − 预算| ÷ 预算)
//   gap_deduction.lua       self_score closer to review_score
//   per_item_deduction.lua  count ↓
//   checklist.lua           a condition false → true
//   share_met.lua           a row not met → met (actual = target)
//   dynamic_adjustment.lua  with 调整取消额 > 0: cancelled ↑, written_off ↓;
//                           with 调整取消额 = 0: written_off ↓, annual_budget ↑.
//     Not between the two: the rule as published gives (1 − 10 × 注销/预算) × 8
//     when nothing was cancelled, and 取消/(取消 + 注销) × 8 as soon as
//     anything was, so cancelling 0.01 of 1 written off scores far less than
//     cancelling nothing. That is the rule's text, not the engine's doing.

int64_t millionths(const Record& r, const std::string& fact) { return r.facts.at(fact).value.number.millionths(); }

Record with_fact(Record r, const std::string& fact, int64_t m) {
  r.facts.at(fact).value = Value::of_number(*Decimal::parse(jixiao::test::decimal_text(m)));
  return r;
}

struct Change {
  std::string what;  // "actual ↑"
  Record better;
};

// Records that are better than `r` for `leaf`'s rule, one input at a time.
std::vector<Change> improvements(const GeneratedLeaf& leaf, const Record& r, std::mt19937_64& rng) {
  std::vector<Change> out;
  const auto has = [&](const std::string& role) {
    const auto found = leaf.roles.find(role);
    return found != leaf.roles.end() && r.facts.count(found->second) &&
           r.facts.at(found->second).value.type == Value::Type::kNumber;
  };
  const auto delta = [&](int64_t scale) {
    // A cent up to about the value itself, in cents.
    return std::uniform_int_distribution<int64_t>(1, std::max<int64_t>(1, scale / 10'000))(rng) * 10'000;
  };
  const auto up = [&](const std::string& role) {
    if (!has(role)) return;
    const std::string f = leaf.roles.at(role);
    out.push_back({role + " ↑", with_fact(r, f, millionths(r, f) + delta(millionths(r, f) + 1'000'000))});
  };
  const auto down = [&](const std::string& role, int64_t floor) {
    if (!has(role)) return;
    const std::string f = leaf.roles.at(role);
    const int64_t m = millionths(r, f);
    if (m <= floor) return;
    const int64_t lower = std::max(floor, m - delta(m));
    out.push_back({role + " ↓", with_fact(r, f, lower)});
  };
  const auto closer = [&](const std::string& role, const std::string& to) {
    if (!has(role) || !has(to)) return;
    const std::string f = leaf.roles.at(role);
    const int64_t m = millionths(r, f), goal = millionths(r, leaf.roles.at(to));
    if (m == goal) return;
    const int64_t step = std::uniform_int_distribution<int64_t>(1, 4)(rng);  // a quarter of the way, up to all of it
    out.push_back({role + " closer to " + to, with_fact(r, f, m + (goal - m) * step / 4)});
  };
  const std::string& s = leaf.script;
  if (s == "proportional.lua") {
    up("actual");
    down("base", 10'000);
  } else if (s == "budget_execution.lua") {
    up("executed");
    down("planned", 10'000);
  } else if (s == "checkpoints.lua") {
    for (const auto& [role, fact] : leaf.roles) up(role);
  } else if (s == "adjustment_ratio.lua" || s == "ratio_bands.lua") {
    down("amount", 0);
    up("base");
  } else if (s == "deviation_bands.lua") {
    closer("final", "budget");
  } else if (s == "gap_deduction.lua") {
    closer("self", "review");
  } else if (s == "per_item_deduction.lua") {
    const std::string count = has("count") ? leaf.roles.at("count") : "";
    if (!count.empty() && millionths(r, count) > 0)
      out.push_back({"count ↓", with_fact(r, count, millionths(r, count) - 1'000'000)});
  } else if (s == "checklist.lua") {
    for (const auto& [role, fact] : leaf.roles) {
      if (!r.facts.count(fact) || r.facts.at(fact).value.boolean) continue;
      Record better = r;
      better.facts.at(fact).value = Value::of_bool(true);
      out.push_back({role + " false → true", better});
    }
  } else if (s == "share_met.lua") {
    const auto rows = r.rows.find(leaf.table);
    if (rows == r.rows.end()) return out;
    for (size_t i = 0; i < rows->second.size(); ++i) {
      Record better = r;
      auto& cells = better.rows.at(leaf.table)[i].cells;
      const Value& target = cells[1].second;
      Value& actual = cells[2].second;
      if (actual.type == Value::Type::kNumber && actual.number == target.number) continue;
      actual = target;
      out.push_back({"row " + std::to_string(i + 1) + " met", better});
    }
  } else if (s == "dynamic_adjustment.lua") {
    if (!has("cancelled")) return out;
    if (millionths(r, "monitoring_cancelled") > 0) {
      up("cancelled");
      down("written_off", 0);
    } else {
      down("written_off", 0);
      up("budget");
    }
  }
  return out;
}

TEST_CASE("properties: a rule never scores lower when an input it rewards improves", "[properties]") {
  std::map<std::string, int> compared;  // script → comparisons made
  for_each_case([&](const GeneratedCase& c) {
    Scorer scorer = scorer_for(c);
    std::mt19937_64 rng(c.seed);
    for (const GeneratedLeaf& leaf : c.leaves) {
      if (leaf.script.empty() || !leaf.self_scored) continue;
      for (const Change& change : improvements(leaf, c.record, rng)) {
        INFO("leaf " << leaf.id << " (" << leaf.script << "), " << change.what << ", improved record:\n"
                     << jixiao::test::describe_record(change.better));
        const Evaluation before = scorer.evaluate_one(leaf.id, c.record);
        const Evaluation after = scorer.evaluate_one(leaf.id, change.better);
        const auto& b = before.leaves.front();
        const auto& a = after.leaves.front();
        if (b.source != LeafSource::kComputed || a.source != LeafSource::kComputed) continue;  // a judgement decides
        INFO("before: " << b.reason << "\nafter: " << a.reason);
        REQUIRE(*a.score >= *b.score);
        ++compared[leaf.script];
      }
    }
  });
  // Every script was actually put to the test.
  for (const char* script : {"proportional.lua", "budget_execution.lua", "checkpoints.lua", "adjustment_ratio.lua",
                             "ratio_bands.lua", "deviation_bands.lua", "gap_deduction.lua", "per_item_deduction.lua",
                             "checklist.lua", "share_met.lua", "dynamic_adjustment.lua"}) {
    INFO(script);
    CHECK(compared[script] >= 20);
  }
}

}  // namespace
