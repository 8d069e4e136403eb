#include "scorer.h"

#include <catch2/catch.hpp>

#include <string>

#include "error.h"
#include "test_support.h"

namespace {

// A one-leaf set scoring 自评公开 by checklist.lua, with `weight` and `places`.
std::string one_leaf_set(const std::string& weight, int places) {
  return "id: one\n"
         "name: 一项\n"
         "total: " + weight + "\n"
         "score_places: " + std::to_string(places) + "\n"
         "indicators:\n"
         "  - id: published\n"
         "    name: 自评公开\n"
         "    weight: " + weight + "\n"
         "    explanation: 说明\n"
         "    rule: 规则\n"
         "    script: checklist.lua\n"
         "    facts: [published]\n"
         "    params: {otherwise: zero, items: [{fact: published, points: " + weight + ", label: 公开}]}\n";
}

}  // namespace

// Found by the property tests (tests/properties_test.cc): full marks on a
// leaf of weight 0.26 under score_places 1 were rounded to 0.3, above the
// weight, and the total came out above the set's maximum.
TEST_CASE("scorer: a leaf weight with more decimals than score_places is refused at its line", "[scorer]") {
  try {
    jixiao::Scorer scorer(one_leaf_set("0.26", 1), "sets/one.yaml", jixiao::test::scripts_dir());
    FAIL("the set was accepted");
  } catch (const jixiao::Error& e) {
    CHECK(e.kind() == jixiao::ErrorKind::kInput);
    CHECK(std::string(e.what()) ==
          "sets/one.yaml:8:13: [自评公开] weight 0.26 has more decimals than score_places 1 keeps: "
          "full marks would be scored 0.3, above the weight");
  }
}

TEST_CASE("scorer: full marks on a leaf whose weight fits score_places are the weight", "[scorer]") {
  jixiao::Scorer scorer(one_leaf_set("0.3", 1), "sets/one.yaml", jixiao::test::scripts_dir());
  jixiao::Record record;
  record.entity = "某单位";
  record.year = 2021;
  record.facts["published"] = jixiao::test::bool_fact("published", true);
  const jixiao::Evaluation ev = scorer.evaluate(record);
  CHECK(ev.total.str(1) == "0.3");
  CHECK(ev.leaves.front().score->str(1) == "0.3");
}
