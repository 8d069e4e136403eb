// The memo of script outcomes (ScriptHost::set_memo) changes nothing: every
// shipped department script, on facts in and around its thresholds (of every
// type, missing, null), and a generated province's department-years and
// project tables give with it what they give without it.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "case_generator.h"
#include "error.h"
#include "files.h"
#include "project_scorer.h"
#include "province_gen.h"
#include "scorer.h"
#include "test_support.h"

using namespace jixiao;

namespace {

// Every number in `v` (params), for facts at and around the thresholds.
void numbers_in(const Value& v, std::vector<Decimal>& out) {
  if (v.type == Value::Type::kNumber) out.push_back(v.number);
  for (const Value& item : v.list) numbers_in(item, out);
  for (const auto& item : v.map) numbers_in(item.second, out);
}

// A few values a fact of `leaf` may take: mostly numbers at and beside its
// params' thresholds, and each other kind once (missing is nullptr).
std::vector<std::optional<Value>> values_for(const Node& leaf, std::mt19937_64& random) {
  std::vector<Decimal> numbers = {Decimal(), Decimal::from_int(1), Decimal::from_int(100), Decimal::from_int(-1)};
  numbers_in(leaf.params, numbers);
  const Decimal step = *Decimal::parse("0.01");
  std::vector<std::optional<Value>> pool = {std::nullopt, Value{}, Value::of_bool(true), Value::of_bool(false),
                                            Value::of_text("是"), Value::of_text("1")};
  for (size_t i = 0; i < 6; ++i) {
    const Decimal at = numbers[random() % numbers.size()];
    for (const Decimal d : {at, at - step, at + step}) pool.push_back(Value::of_number(d));
  }
  return pool;
}

std::string outcome_text(ScriptHost& host, int handle, const Node& leaf, const Record& record) {
  try {
    const ScriptOutcome o = host.run(handle, leaf, record);
    std::ostringstream out;
    out << (o.needs_judgement ? std::string("nil") : std::to_string(o.score)) << " | " << o.reason;
    return out.str();
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

std::string leaves_text(const std::vector<LeafResult>& leaves) {
  std::ostringstream out;
  for (const LeafResult& l : leaves) {
    out << l.path << " " << static_cast<int>(l.source) << " " << (l.score ? l.score->str() : "-") << " " << l.reason;
    for (const auto& m : l.missing) out << " missing " << m;
    out << "\n";
  }
  return out.str();
}

std::string project_text(const ProjectResult& p) {
  std::ostringstream out;
  out << (p.budget_score ? p.budget_score->str() : "-") << " " << p.budget_reason << " total " << p.total.str()
      << " pending " << p.pending_weight.str() << " grade " << p.grade << "\n";
  for (const ProjectRowResult& r : p.rows)
    out << row_status_name(r.status) << " " << (r.score ? r.score->str() : "-") << " " << r.judged << " " << r.reason
        << "\n";
  for (const auto& i : p.inconsistencies) out << i << "\n";
  return out.str();
}

}  // namespace

TEST_CASE("memo: every shipped department script gives the same with the memo as without, facts of every kind",
          "[memo]") {
  std::mt19937_64 random(20261130);
  size_t hits = 0, runs = 0;
  for (const char* set : {"liangshan-2021-dept", "sichuan-2022-dept", "hunan-2023-dept", "example-county-2022-dept"}) {
    const auto find = [](const std::string& id) { return test::sets_dir() + "/" + id + ".yaml"; };
    const Scorer scorer = Scorer::from_file(find(set), test::scripts_dir(), {}, find);
    ScriptHost with(test::scripts_dir(), "scripts", scorer.set().score_places);
    ScriptHost without(test::scripts_dir(), "scripts", scorer.set().score_places);
    for (ScriptHost* host : {&with, &without}) {
      host->set_fixed_leaves(true);
      host->set_traces(false);
    }
    with.set_memo(true);
    for (const auto& ref : scorer.set().leaves()) {
      const Node& leaf = *ref.node;
      if (leaf.script.empty() || !leaf.weight) continue;
      const int with_handle = with.compile(leaf.script), without_handle = without.compile(leaf.script);
      std::vector<std::vector<std::optional<Value>>> pools;
      for (size_t f = 0; f < leaf.facts.size(); ++f) pools.push_back(values_for(leaf, random));
      for (int i = 0; i < 400; ++i) {
        Record record;
        for (size_t f = 0; f < leaf.facts.size(); ++f) {
          const auto& value = pools[f][random() % pools[f].size()];
          if (value) record.facts[leaf.facts[f]] = test::value_fact(leaf.facts[f], *value);
        }
        const bool reasons = i % 3 != 0;
        with.set_reasons(reasons);
        without.set_reasons(reasons);
        const std::string expected = outcome_text(without, without_handle, leaf, record);
        INFO(set << " " << leaf.id << " " << test::describe_record(record) << " reasons " << reasons);
        REQUIRE(outcome_text(with, with_handle, leaf, record) == expected);
        REQUIRE(outcome_text(with, with_handle, leaf, record) == expected);  // found, when it was kept
        ++runs;
      }
    }
    hits += with.memo_counts().hits;
  }
  // Errors are never kept, and a leaf whose lookups seldom find stops looking,
  // but many runs were found.
  CHECK(hits > runs / 5);
}

TEST_CASE("memo: a generated province's department-years and project tables score the same with the memo",
          "[memo]") {
  const std::string dept = test::sets_dir() + "/liangshan-2021-dept.yaml";
  const std::string projects = test::sets_dir() + "/project-selfeval-2021.yaml";
  Scorer gen = Scorer::from_file(dept, test::scripts_dir());
  GenOptions options;
  options.departments = 120;
  options.seed = 7;
  options.project_set = "project-selfeval-2021";
  const std::vector<Record> records = generate_province(options, gen);

  Scorer with = Scorer::from_file(dept, test::scripts_dir());
  Scorer without = Scorer::from_file(dept, test::scripts_dir());
  ProjectScorer project_with(read_file(projects), projects, test::scripts_dir());
  ProjectScorer project_without(read_file(projects), projects, test::scripts_dir());
  with.set_memo(true);
  project_with.set_memo(true);
  size_t tables = 0;
  for (const bool reasons : {false, true}) {
    for (Scorer* s : {&with, &without}) {
      s->set_traces(false);
      s->set_reasons(reasons);
    }
    project_with.set_reasons(reasons);
    project_without.set_reasons(reasons);
    for (const Record& r : records) {
      INFO(r.entity << " " << r.kind << " reasons " << reasons);
      if (r.kind != "projects") {
        REQUIRE(leaves_text(with.score_leaves(r)) == leaves_text(without.score_leaves(r)));
        continue;
      }
      for (const Project& p : r.projects) {
        REQUIRE(project_text(project_with.score(p)) == project_text(project_without.score(p)));
        ++tables;
      }
    }
  }
  CHECK(tables > 200);
}
