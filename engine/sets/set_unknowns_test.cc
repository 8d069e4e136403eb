// Sets whose source does not publish everything: `unknown` weights, rules and
// scripts, accepted only in that one form, and the weight checks around them.
#include <catch2/catch.hpp>

#include <string>

#include "error.h"
#include "set_loader.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::parse_set;

namespace {

// 甲 (60) has a known leaf and one of unknown weight; 乙's weight is unknown,
// and so is its only leaf's rule and script.
std::string set_with(const std::string& a_weight, const std::string& a2_weight, const std::string& b_weight,
                     const std::string& b1_rule = "unknown", const std::string& b1_script = "unknown") {
  return "id: partial\n"
         "name: 部分公布\n"
         "total: 100\n"
         "indicators:\n"
         "  - id: a\n"
         "    name: 甲\n"
         "    weight: " + a_weight + "\n"
         "    children:\n"
         "      - {id: a1, name: 甲一, weight: 40, explanation: 说明, rule: 规则}\n"
         "      - {id: a2, name: 甲二, weight: " + a2_weight + ", explanation: 说明, rule: 规则}\n"
         "  - id: b\n"
         "    name: 乙\n"
         "    weight: " + b_weight + "\n"
         "    children:\n"
         "      - {id: b1, name: 乙一, weight: unknown, explanation: 说明, rule: " + b1_rule +
         ", script: " + b1_script + "}\n";
}

std::string load_error(const std::string& yaml) {
  try {
    parse_set(yaml, "sets/x.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("parse_set accepted the set");
  return {};
}

}  // namespace

TEST_CASE("unknowns: weight, rule and script written as unknown load, and the set lists them", "[unknowns]") {
  const auto set = parse_set(set_with("60", "unknown", "unknown"), "sets/x.yaml");
  const auto& a2 = set.roots[0].children[1];
  CHECK_FALSE(a2.weight.has_value());
  CHECK(set.roots[0].weight == Decimal::from_int(60));
  const auto& b1 = set.roots[1].children[0];
  CHECK(b1.rule_unknown);
  CHECK(b1.script_unknown);
  CHECK(b1.script.empty());
  const auto unknown = set.unknown_nodes();
  REQUIRE(unknown.size() == 3);
  CHECK(unknown[0].node->id == "a2");
  CHECK(unknown[1].node->id == "b");
  CHECK(unknown[2].node->id == "b1");
  CHECK(b1.unknowns() == std::vector<std::string>{"分值（未公布）", "计分标准（未公布）", "评分脚本（未选定）"});
  CHECK(set.self_score_max() == Decimal::from_int(100));  // every leaf is self-scored
}

TEST_CASE("unknowns: only the lower-case, unquoted word is the marker", "[unknowns]") {
  const std::string prefix = "sets/x.yaml:10:40: [甲 › 甲二] weight: write unknown (lower case, without quotes) for a "
                             "value the source does not publish, not ";
  CHECK(load_error(set_with("60", "Unknown", "unknown")) == prefix + "'Unknown'");
  CHECK(load_error(set_with("60", "未知", "unknown")) == prefix + "'未知'");
  CHECK(load_error(set_with("60", "\"unknown\"", "unknown")) == prefix + "'\"unknown\"'");
  CHECK(load_error(set_with("60", "unknown", "unknown", "UNKNOWN")) ==
        "sets/x.yaml:15:76: [乙 › 乙一] rule: write unknown (lower case, without quotes) for a value the source does "
        "not publish, not 'UNKNOWN'");
}

TEST_CASE("unknowns: the known weights must leave something for the unknown ones", "[unknowns]") {
  // 甲一 is 40: under 甲 = 41 there is 1 left for 甲二; under 40, nothing.
  CHECK_NOTHROW(parse_set(set_with("41", "unknown", "59"), "sets/x.yaml"));
  CHECK(load_error(set_with("40", "unknown", "60")) ==
        "sets/x.yaml:5:5: [甲] the known weights already add up to 40 of its weight 40, leaving nothing for the unknown "
        "ones: 40 (甲一) + unknown (甲二)");
  // The top level: 甲 60 and 乙 unknown leave 40; 甲 100 leaves nothing.
  CHECK(load_error(set_with("100", "unknown", "unknown")) ==
        "sets/x.yaml:5:3: the known weights already add up to 100 of the set's total 100, leaving nothing for the "
        "unknown ones: 100 (甲) + unknown (乙)");
}

TEST_CASE("unknowns: an unknown weight over children that are all known is their sum, to be written", "[unknowns]") {
  CHECK(load_error(set_with("unknown", "20", "unknown")) ==
        "sets/x.yaml:5:5: [甲] weight is unknown, but its children's weights add up to 60: write weight: 60");
}

TEST_CASE("unknowns: a script cannot encode a rule that is unknown", "[unknowns]") {
  CHECK(load_error(set_with("60", "unknown", "unknown", "unknown", "checklist.lua")) ==
        "sets/x.yaml:15:93: [乙 › 乙一] a script encodes the rule, which is unknown: write script: unknown until the "
        "rule is published");
}

TEST_CASE("unknowns: a leaf not self-scored with an unknown weight leaves the self-assessment maximum unknown",
          "[unknowns]") {
  const std::string yaml =
      "id: q\nname: 质\ntotal: 10\nindicators:\n"
      "  - {id: a, name: 甲, weight: unknown, explanation: 说明, rule: 规则}\n"
      "  - {id: b, name: 乙, weight: unknown, explanation: 说明, rule: 规则, self_scored: false}\n";
  CHECK_FALSE(parse_set(yaml, "sets/x.yaml").self_score_max().has_value());
}
