#include "set_loader.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "error.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::ErrorKind;
using jixiao::parse_set;

namespace {

// A small valid set. Line numbers matter: the tests below replace single
// lines (1-based) and expect messages located at them.
const std::string kSet =
    "id: mini\n"                          //  1
    "name: 小集\n"                        //  2
    "total: 10\n"                         //  3
    "indicators:\n"                       //  4
    "  - id: a\n"                         //  5
    "    name: 甲\n"                      //  6
    "    weight: 10\n"                    //  7
    "    children:\n"                     //  8
    "      - id: a1\n"                    //  9
    "        name: 甲一\n"                // 10
    "        weight: 6\n"                 // 11
    "        explanation: 说明\n"         // 12
    "        rule: 规则\n"                // 13
    "        script: checklist.lua\n"     // 14
    "        facts: [f1]\n"               // 15
    "      - id: a2\n"                    // 16
    "        name: 甲二\n"                // 17
    "        weight: 4\n"                 // 18
    "        explanation: 说明\n"         // 19
    "        rule: 规则\n";               // 20

// `base` (kSet by default) with line `number` (1-based) replaced by `text`.
std::string with_line(int number, const std::string& text, const std::string& base = kSet) {
  std::istringstream in(base);
  std::string line, out;
  for (int n = 1; std::getline(in, line); ++n) out += (n == number ? text : line) + "\n";
  return out;
}

std::string without_line(int number) {
  std::istringstream in(kSet);
  std::string line, out;
  for (int n = 1; std::getline(in, line); ++n)
    if (n != number) out += line + "\n";
  return out;
}

// The what() of the Error that parsing `yaml` throws, after checking its kind.
std::string load_error(const std::string& yaml) {
  try {
    parse_set(yaml, "sets/x.yaml");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInput);
    return e.what();
  }
  FAIL("parse_set accepted the set");
  return {};
}

}  // namespace

TEST_CASE("loader: a valid minimal set loads with its tree, weights and leaves", "[loader]") {
  const auto set = parse_set(kSet, "sets/x.yaml");
  CHECK(set.id == "mini");
  CHECK(set.name == "小集");
  CHECK(set.file == "sets/x.yaml");
  CHECK(set.total == Decimal::from_int(10));
  CHECK(set.score_places == 2);
  REQUIRE(set.roots.size() == 1);
  const auto& a = set.roots[0];
  CHECK(a.id == "a");
  CHECK(a.where.line == 5);
  CHECK(a.where.column == 5);
  REQUIRE(a.children.size() == 2);
  const auto& a1 = a.children[0];
  CHECK(a1.weight == Decimal::from_int(6));
  CHECK(a1.script == "checklist.lua");
  CHECK(a1.facts == std::vector<std::string>{"f1"});
  CHECK(a1.explanation == "说明");
  CHECK(a1.rule == "规则");
  CHECK(a1.params.type == jixiao::Value::Type::kMap);
  CHECK(a1.self_scored);
  CHECK(a.children[1].script.empty());

  const auto leaves = set.leaves();
  REQUIRE(leaves.size() == 2);
  CHECK(leaves[0].path == "甲 › 甲一");
  CHECK(leaves[1].node->id == "a2");
  CHECK(set.find("a2") == &a.children[1]);
  CHECK(set.find("nope") == nullptr);
  CHECK(set.self_score_max() == Decimal::from_int(10));
}

TEST_CASE("loader: the shipped 2021 set loads", "[loader]") {
  const std::string path = jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const auto set = parse_set(text.str(), "indicator-sets/liangshan-2021-dept.yaml");
  CHECK(set.id == "liangshan-2021-dept");
  CHECK(set.total == Decimal::from_int(100));
  CHECK(set.leaves().size() == 13);
  CHECK(set.self_score_max() == Decimal::from_int(90));
}

TEST_CASE("loader: bad indentation is a syntax error at its line and column", "[loader]") {
  CHECK(load_error(with_line(7, "   weight: 10")) ==
        "sets/x.yaml:7:4: YAML syntax: end of sequence not found");
}

TEST_CASE("loader: an unclosed bracket is a syntax error where the parser notices it", "[loader]") {
  // The bracket opens on line 15; YAML lets a flow list run on over lines, so
  // the parser finds the problem at the ':' of line 16.
  CHECK(load_error(with_line(15, "        facts: [f1, f2")) ==
        "sets/x.yaml:16:11: YAML syntax: end of sequence flow not found");
  // Closed with the wrong bracket: located at that bracket.
  CHECK(load_error("id: mini\nname: x\ntotal: 10\nindicators:\n"
                   "  - {id: a, name: b, weight: 10, explanation: e, rule: r, facts: [f1}\n") ==
        "sets/x.yaml:5:69: YAML syntax: illegal flow end");
}

TEST_CASE("loader: a duplicate key is refused at the second key", "[loader]") {
  CHECK(load_error("id: mini\nid: y\n") == "sets/x.yaml:2:1: duplicate key 'id'");
}

TEST_CASE("loader: children's weights must add up to the parent", "[loader]") {
  CHECK(load_error(with_line(18, "        weight: 3")) ==
        "sets/x.yaml:5:5: [甲] weights add up to 9, not its weight 10: 6 (甲一) + 3 (甲二)");
}

TEST_CASE("loader: children's weights are added exactly, as decimals", "[loader]") {
  // 5.9 + 4.1 is 10 exactly; in binary doubles it is not.
  const auto set =
      parse_set(with_line(11, "        weight: 5.9", with_line(18, "        weight: 4.1")), "sets/x.yaml");
  CHECK(set.roots[0].children[0].weight->str() == "5.9");
  // The smallest step score_places 4 keeps still counts.
  CHECK(load_error(with_line(3, "total: 10\nscore_places: 4", with_line(18, "        weight: 4.0001"))) ==
        "sets/x.yaml:6:5: [甲] weights add up to 10.0001, not its weight 10: 6 (甲一) + 4.0001 (甲二)");
}

TEST_CASE("loader: top-level weights must add up to the set's total", "[loader]") {
  CHECK(load_error(with_line(3, "total: 12")) ==
        "sets/x.yaml:5:3: weights add up to 10, not the set's total 12: 10 (甲)");
}

TEST_CASE("loader: an id may be used only once in a set", "[loader]") {
  CHECK(load_error(with_line(16, "      - id: a1")) == "sets/x.yaml:16:13: [甲 › 甲二] duplicate id 'a1'");
  CHECK(load_error(with_line(16, "      - id: a")) == "sets/x.yaml:16:13: [甲 › 甲二] duplicate id 'a'");
}

TEST_CASE("loader: an unknown key is refused with the nearest known key", "[loader]") {
  CHECK(load_error(with_line(14, "        scirpt: checklist.lua")) ==
        "sets/x.yaml:14:9: [甲 › 甲一] unknown key 'scirpt', did you mean 'script'?");
  CHECK(load_error(with_line(3, "totl: 10")) == "sets/x.yaml:3:1: unknown key 'totl', did you mean 'total'?");
  CHECK(load_error(with_line(12, "        explanaton: 说明")) ==
        "sets/x.yaml:12:9: [甲 › 甲一] unknown key 'explanaton', did you mean 'explanation'?");
}

TEST_CASE("loader: a misspelt weight is reported as an unknown key, not as a missing one", "[loader]") {
  // Engine bug: the loader asks for the required id, name and weight before it
  // checks the keys, so 'wieght' gives "missing 'weight'" and the typo itself
  // is never named.
  CHECK(load_error(with_line(11, "        wieght: 6")) ==
        "sets/x.yaml:11:9: [甲 › 甲一] unknown key 'wieght', did you mean 'weight'?");
}

TEST_CASE("loader: an unknown key whose value is a block is located at the key", "[loader]") {
  // Engine bug: unknown keys are located at their value, which for a block
  // mapping or list starts on the next line (here line 11, not line 10).
  const std::string yaml =
      "id: mini\nname: 小集\ntotal: 10\nindicators:\n"
      "  - id: a\n"            //  5
      "    name: 甲\n"          //  6
      "    weight: 10\n"        //  7
      "    explanation: 说明\n"  //  8
      "    rule: 规则\n"         //  9
      "    paramz:\n"           // 10
      "      x: 1\n";           // 11
  CHECK(load_error(yaml) == "sets/x.yaml:10:5: [甲] unknown key 'paramz', did you mean 'params'?");
}

TEST_CASE("loader: a misspelt children key is suggested as children", "[loader]") {
  // Engine bug: without 'children' the node is taken for a leaf and checked
  // against the leaf keys only, so no suggestion is made (and, as above, the
  // message points at line 9, where the list starts, not at the key).
  CHECK(load_error(with_line(8, "    chilren:")) ==
        "sets/x.yaml:8:5: [甲] unknown key 'chilren', did you mean 'children'?");
}

TEST_CASE("loader: a weight must be a decimal number", "[loader]") {
  CHECK(load_error(with_line(11, "        weight: six")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight: expected a decimal number such as 8 or 686.54, got 'six'");
  // Quoted, it is text, even when it reads as a number: the message says so.
  CHECK(load_error(with_line(11, "        weight: \"6\"")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight is written in quotes ('6'): write it without quotes");
  CHECK(load_error(with_line(11, "        weight: -6")) == "sets/x.yaml:11:17: [甲 › 甲一] weight must not be negative");
}

TEST_CASE("loader: a weight error names the indicator", "[loader]") {
  // Engine bug: Doc::number() fails without the indicator path, unlike every
  // other error about a node.
  CHECK(load_error(with_line(11, "        weight: six")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight: expected a decimal number such as 8 or 686.54, got 'six'");
}

TEST_CASE("loader: a leaf must state its rule", "[loader]") {
  CHECK(load_error(without_line(20)) == "sets/x.yaml:16:9: [甲 › 甲二] missing 'rule'");
}

TEST_CASE("loader: a leaf that reads facts needs a script", "[loader]") {
  CHECK(load_error(without_line(14)) == "sets/x.yaml:9:9: [甲 › 甲一] a leaf that reads facts or rows needs a script");
}

TEST_CASE("loader: a script must be a file name under scripts/", "[loader]") {
  CHECK(load_error(with_line(14, "        script: ../evil.lua")) ==
        "sets/x.yaml:14:17: [甲 › 甲一] script must be a file name under scripts/, such as checkpoints.lua");
  CHECK(load_error(with_line(14, "        script: /etc/x.lua")) ==
        "sets/x.yaml:14:17: [甲 › 甲一] script must be a file name under scripts/, such as checkpoints.lua");
}

TEST_CASE("loader: a fact name must be an ASCII name", "[loader]") {
  CHECK(load_error(with_line(15, "        facts: [年度预算]")) ==
        "sets/x.yaml:15:17: [甲 › 甲一] facts: '年度预算' is not a name (ASCII letters, digits, _ and -)");
}

TEST_CASE("loader: weights and totals are from 0 to 1000000, and numbers in other forms are named", "[loader]") {
  CHECK(load_error(with_line(11, "        weight: 1000001")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight must be from 0 to 1000000, not 1000001");
  CHECK(load_error(with_line(3, "total: 9223372036854.775807")) ==
        "sets/x.yaml:3:8: total must be from 0 to 1000000, not 9223372036854.775807");
  CHECK(load_error(with_line(11, "        weight: 0x6")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight: hexadecimal numbers ('0x6') are not accepted: write 6");
  CHECK(load_error(with_line(11, "        weight: 6e0")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight: a number in exponent form ('6e0') is not accepted: write it out in digits");
  CHECK(load_error(with_line(11, "        weight: 5.9999999")) ==
        "sets/x.yaml:11:17: [甲 › 甲一] weight: '5.9999999' has more than 6 decimal places");
  CHECK(load_error(with_line(3, "total: 10\nscore_places: 99999999999")) ==
        "sets/x.yaml:4:15: score_places must be a whole number from 0 to 4, not 99999999999");
}

TEST_CASE("loader: a quote left open is a syntax error at the quote, not a missing weight", "[loader]") {
  // The quote on line 10 used to run on to the quote on line 14's "script",
  // swallowing weight, explanation and rule.
  CHECK(load_error(with_line(14, "        script: \"checklist.lua\"", with_line(10, "        name: \"甲一"))) ==
        "sets/x.yaml:10:15: the quote \" opened here is not closed on this line (quoted text must close on the "
        "line it opens; write text of several lines after | )");
}
