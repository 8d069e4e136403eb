#include "project_runs.h"

#include <catch2/catch.hpp>

using jixiao::Decimal;
using jixiao::Node;
using jixiao::ScriptOutcome;
using jixiao::ScriptRuns;
using jixiao::Value;

namespace {

struct Inputs {
  std::vector<Value> facts;
  Node node;
  std::vector<Value*> values() {
    std::vector<Value*> out;
    for (Value& v : facts) out.push_back(&v);
    return out;
  }
};

Inputs inputs() {
  Inputs in;
  in.facts = {Value::of_text("≥90%"), Value::of_number(*Decimal::parse("90")), Value::of_bool(false)};
  in.node.id = "row";
  in.node.script = "indicator_row.lua";
  in.node.name = "验收合格率";
  in.node.weight = *Decimal::parse("12.5");
  in.node.max_score = *Decimal::parse("12.5");
  return in;
}

ScriptOutcome outcome(double score, const char* reason) {
  ScriptOutcome out;
  out.score = score;
  out.reason = reason;
  return out;
}

}  // namespace

TEST_CASE("project-runs: a run is found again for the same inputs, and kept as it was given", "[project-runs]") {
  ScriptRuns runs;
  Inputs in = inputs();
  CHECK(runs.find(in.values(), in.node) == nullptr);
  CHECK(runs.keep(outcome(11.25, "正向指标")).reason == "正向指标");
  Inputs again = inputs();  // other objects, the same values
  const ScriptOutcome* found = runs.find(again.values(), again.node);
  REQUIRE(found != nullptr);
  CHECK(found->score == 11.25);
  CHECK(found->reason == "正向指标");
  CHECK_FALSE(found->needs_judgement);
}

TEST_CASE("project-runs: any value, the name, weight or most told apart runs again", "[project-runs]") {
  ScriptRuns runs;
  Inputs in = inputs();
  REQUIRE(runs.find(in.values(), in.node) == nullptr);
  runs.keep(outcome(12.5, "kept"));
  const std::vector<std::pair<const char*, void (*)(Inputs&)>> changes = {
      {"a text", [](Inputs& i) { i.facts[0] = Value::of_text("≥91%"); }},
      {"a number", [](Inputs& i) { i.facts[1] = Value::of_number(*Decimal::parse("90.000001")); }},
      {"a bool", [](Inputs& i) { i.facts[2] = Value::of_bool(true); }},
      {"a type", [](Inputs& i) { i.facts[1] = Value::of_text("90"); }},
      {"texts split elsewhere", [](Inputs& i) { i.facts[0] = Value::of_text("≥90"); i.facts.insert(i.facts.begin() + 1, Value::of_text("%")); }},
      {"the name", [](Inputs& i) { i.node.name = "验收合格率 "; }},
      {"the id", [](Inputs& i) { i.node.id = "budget"; }},
      {"the script", [](Inputs& i) { i.node.script = "budget_execution.lua"; }},
      {"the weight", [](Inputs& i) { i.node.weight = *Decimal::parse("12.6"); }},
      {"the most", [](Inputs& i) { i.node.max_score = *Decimal::parse("15"); }},
      {"no most", [](Inputs& i) { i.node.max_score.reset(); }},
  };
  for (const auto& [what, change] : changes) {
    INFO(what);
    Inputs other = inputs();
    change(other);
    CHECK(runs.find(other.values(), other.node) == nullptr);
  }
  Inputs same = inputs();
  CHECK(runs.find(same.values(), same.node) != nullptr);
}

TEST_CASE("project-runs: a row left to judgement is kept as such", "[project-runs]") {
  ScriptRuns runs;
  Inputs in = inputs();
  REQUIRE(runs.find(in.values(), in.node) == nullptr);
  ScriptOutcome judged;
  judged.needs_judgement = true;
  judged.reason = "定性指标，须评定达成程度";
  runs.keep(judged);
  const ScriptOutcome* found = runs.find(in.values(), in.node);
  REQUIRE(found != nullptr);
  CHECK(found->needs_judgement);
  CHECK(found->reason == "定性指标，须评定达成程度");
}
