#include "project_runs.h"

#include <catch2/catch.hpp>

using jixiao::Decimal;
using jixiao::RowRun;
using jixiao::ScriptOutcome;
using jixiao::ScriptRuns;

namespace {

struct Run {
  uint64_t target = 7, actual = 8;
  std::string grade, name = "验收合格率";
  Decimal weight = *Decimal::parse("12.5");
  RowRun row() const { return {target, actual, grade, name, weight}; }
};

ScriptOutcome outcome(double score, const char* reason) {
  ScriptOutcome out;
  out.score = score;
  out.reason = reason;
  return out;
}

}  // namespace

TEST_CASE("project-runs: a run is found again for the same inputs, and kept as it was given", "[project-runs]") {
  ScriptRuns runs;
  CHECK(runs.find(Run().row()) == nullptr);
  CHECK(runs.keep(outcome(11.25, "正向指标")).reason == "正向指标");
  const ScriptOutcome* found = runs.find(Run().row());  // other strings, the same texts
  REQUIRE(found != nullptr);
  CHECK(found->score == 11.25);
  CHECK(found->reason == "正向指标");
  CHECK_FALSE(found->needs_judgement);
}

TEST_CASE("project-runs: a run with any input told apart is run again", "[project-runs]") {
  ScriptRuns runs;
  REQUIRE(runs.find(Run().row()) == nullptr);
  runs.keep(outcome(12.5, "kept"));
  const std::vector<std::pair<const char*, void (*)(Run&)>> changes = {
      {"the target's parse", [](Run& r) { r.target = 9; }},
      {"the actual's parse", [](Run& r) { r.actual = 7; }},
      {"the parses swapped", [](Run& r) { std::swap(r.target, r.actual); }},
      {"the grade", [](Run& r) { r.grade = "良"; }},
      {"the name", [](Run& r) { r.name = "验收合格率 "; }},
      {"texts split elsewhere", [](Run& r) { r.grade = "验收"; r.name = "合格率"; }},
      {"the weight", [](Run& r) { r.weight = *Decimal::parse("12.500001"); }},
  };
  for (const auto& [what, change] : changes) {
    INFO(what);
    Run other;
    change(other);
    CHECK(runs.find(other.row()) == nullptr);
  }
  CHECK(runs.find(Run().row()) != nullptr);
}

TEST_CASE("project-runs: a row left to judgement is kept as such", "[project-runs]") {
  ScriptRuns runs;
  REQUIRE(runs.find(Run().row()) == nullptr);
  ScriptOutcome judged;
  judged.needs_judgement = true;
  judged.reason = "定性指标，须评定达成程度";
  runs.keep(judged);
  const ScriptOutcome* found = runs.find(Run().row());
  REQUIRE(found != nullptr);
  CHECK(found->needs_judgement);
  CHECK(found->reason == "定性指标，须评定达成程度");
}
