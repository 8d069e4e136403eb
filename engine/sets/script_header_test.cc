#include "script_header.h"

#include <catch2/catch.hpp>

#include "record.h"
#include "scorer.h"
#include "test_support.h"

using jixiao::Error;
using jixiao::ScriptHeader;

namespace {

std::string header_error(const std::string& source) {
  try {
    jixiao::parse_script_header(source, "scripts/x.lua");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

jixiao::Node leaf_with(jixiao::Value params, std::vector<std::string> facts = {}) {
  jixiao::Node n;
  n.id = "x";
  n.weight = *jixiao::Decimal::parse("8");
  n.params = std::move(params);
  n.params_where = {"sets/s.yaml", 7, 13};
  n.facts = std::move(facts);
  return n;
}

jixiao::Value map_of(std::vector<std::pair<std::string, jixiao::Value>> entries) {
  jixiao::Value v;
  v.type = jixiao::Value::Type::kMap;
  v.map = std::move(entries);
  return v;
}

jixiao::Value number(const char* text) { return jixiao::Value::of_number(*jixiao::Decimal::parse(text)); }

const char* const kHeader =
    "-- 违规记录：每个问题扣0.5分。\n"
    "-- @param count fact required 问题个数的事实名\n"
    "-- @param per_item number required 每个问题扣的分\n"
    "-- @param item text default=问题 问题的称呼\n"
    "-- @max weight\n"
    "local rules = require \"lib.rules\"\n"
    "-- @param ignored number required after the first line of code\n";

}  // namespace

TEST_CASE("header: reads the summary, each parameter and the reach, up to the first line of code", "[header]") {
  const ScriptHeader h = jixiao::parse_script_header(kHeader, "scripts/x.lua");
  CHECK(h.summary == "违规记录：每个问题扣0.5分。");
  REQUIRE(h.params.size() == 3);
  CHECK(h.params[0].name == "count");
  CHECK(h.params[0].type == "fact");
  CHECK(h.params[0].required);
  CHECK(h.params[2].default_text == "问题");
  CHECK_FALSE(h.params[2].required);
  CHECK(h.params[1].meaning == "每个问题扣的分");
  CHECK(h.reach == ScriptHeader::Reach::kWeight);
  CHECK(h.param("ignored") == nullptr);
}

TEST_CASE("header: a summary runs on to the end of its first sentence, and no further", "[header]") {
  CHECK(jixiao::parse_script_header("-- 动态调整：\n-- 1.当两项均为零时，\n-- 得满分。\n-- 2.其他情形。\n", "x.lua").summary ==
        "动态调整：1.当两项均为零时，得满分。");
  CHECK(jixiao::parse_script_header("-- 没有句号\n--\n-- 下一段。\n", "x.lua").summary == "没有句号");
  CHECK(jixiao::parse_script_header("-- 没有句号\n-- @max weight\n-- 说明。\n", "x.lua").summary == "没有句号");
  CHECK(jixiao::parse_script_header("-- 一句。  \n-- 下一句。\n", "x.lua").summary == "一句。");
  CHECK(jixiao::parse_script_header("-- 得分=a*8\n-- 2.当b时。\n", "x.lua").summary == "得分=a*8 2.当b时。");
}

TEST_CASE("header: a malformed header line is an error at its line", "[header]") {
  CHECK(header_error("-- x\n-- @param a numbr required 甲\n") ==
        "scripts/x.lua:2:1: @param a: unknown type 'numbr', did you mean 'number'?");
  CHECK(header_error("-- @param a number optional 甲\n") ==
        "scripts/x.lua:1:1: @param a: expected required or default=VALUE, not 'optional'");
  CHECK(header_error("-- @param a number\n") == "scripts/x.lua:1:1: @param needs NAME TYPE required|default=VALUE MEANING");
  CHECK(header_error("-- @max sum points\n") ==
        "scripts/x.lua:1:1: @max takes weight, sum LIST[].FIELD or max LIST[].FIELD");
  CHECK(header_error("-- @max sum items[].points\n") == "scripts/x.lua: @max names params.items, which no @param declares");
  CHECK(header_error("-- @parm a number required 甲\n") ==
        "scripts/x.lua:1:1: unknown header line '@parm', did you mean '@param'?");
}

TEST_CASE("header: params are checked by name, presence, type and the facts the leaf declares", "[header]") {
  const ScriptHeader h = jixiao::parse_script_header(kHeader, "scripts/x.lua");
  auto error_of = [&](const jixiao::Node& leaf) {
    try {
      jixiao::check_params(h, "x.lua", leaf, "甲 › 乙");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const auto ok = leaf_with(map_of({{"count", jixiao::Value::of_text("n")}, {"per_item", number("0.5")}}), {"n"});
  CHECK(error_of(ok) == "no error");
  CHECK(error_of(leaf_with(map_of({{"count", jixiao::Value::of_text("n")}}), {"n"})) ==
        "sets/s.yaml:7:13: [甲 › 乙] x.lua needs params.per_item (每个问题扣的分)");
  CHECK(error_of(leaf_with(map_of({{"count", jixiao::Value::of_text("n")}, {"per_item", jixiao::Value::of_text("半")}}),
                           {"n"})) ==
        "sets/s.yaml:7:13: [甲 › 乙] params.per_item must be number (每个问题扣的分), not text 半");
  CHECK(error_of(leaf_with(map_of({{"count", jixiao::Value::of_text("m")}, {"per_item", number("1")}}), {"n"})) ==
        "sets/s.yaml:7:13: [甲 › 乙] params.count names fact 'm', which the leaf does not declare in facts:, did you mean 'n'?");
}

TEST_CASE("header: the reach of a sum or a max is worked out from the params", "[header]") {
  const ScriptHeader sum = jixiao::parse_script_header(
      "-- @param items list required 各项\n-- @max sum items[].points\n", "scripts/s.lua");
  const ScriptHeader max = jixiao::parse_script_header(
      "-- @param bands list required 分档\n-- @max max bands[].points\n", "scripts/m.lua");
  jixiao::Value list;
  list.type = jixiao::Value::Type::kList;
  list.list = {map_of({{"points", number("4")}}), map_of({{"points", number("3")}})};
  CHECK(jixiao::reachable_max(sum, leaf_with(map_of({{"items", list}})), "")->str() == "7");
  CHECK(jixiao::reachable_max(max, leaf_with(map_of({{"bands", list}})), "")->str() == "4");
  try {
    jixiao::check_leaf(sum, "s.lua", leaf_with(map_of({{"items", list}})), "sets/s.yaml", "甲");
    FAIL("a leaf of weight 8 whose points add up to 7 was accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "sets/s.yaml:7:13: [甲] cannot reach its weight 8: s.lua scores at most the sum of items[].points, 4 + 3 = 7");
  }
}

TEST_CASE("header: a default is read as YAML and must be of its parameter's type", "[header]") {
  const ScriptHeader h = jixiao::parse_script_header(
      "-- x\n-- @param cap number default=100 上限\n-- @param mode text default=half-up 方式\n"
      "-- @param words map default={} 用语\n",
      "scripts/x.lua");
  REQUIRE(h.params.size() == 3);
  CHECK(h.params[0].default_value == number("100"));
  CHECK(h.params[1].default_value == jixiao::Value::of_text("half-up"));
  CHECK(h.params[2].default_value.type == jixiao::Value::Type::kMap);
  CHECK(h.params[2].default_value.map.empty());
  CHECK(header_error("-- x\n-- @param cap number default=全部 上限\n") ==
        "scripts/x.lua:2:1: @param cap: default=全部 is not number");
}

TEST_CASE("header: defaults fill in what the params leave out and never change what they give", "[header]") {
  const ScriptHeader h = jixiao::parse_script_header(kHeader, "scripts/x.lua");
  jixiao::Value left_out = map_of({{"per_item", number("1")}});
  jixiao::apply_defaults(h, left_out);
  CHECK(left_out == map_of({{"per_item", number("1")}, {"item", jixiao::Value::of_text("问题")}}));
  jixiao::Value given = map_of({{"item", jixiao::Value::of_text("违纪违规问题")}});
  jixiao::apply_defaults(h, given);
  CHECK(given == map_of({{"item", jixiao::Value::of_text("违纪违规问题")}}));
}

TEST_CASE("header: the loader hands a script its declared default for a parameter the set leaves out", "[header]") {
  const std::string scripts = jixiao::test::scratch_dir("header-defaults");
  jixiao::test::write_text(scripts + "/bonus.lua",
                           "-- 加分：得 points 分。\n-- @param points number default=3 得分\n-- @max weight\n"
                           "return function(ctx) return ctx.params.points, \"按默认\" end\n");
  const std::string set =
      "id: d\nname: 默认\ntotal: 8\nindicators:\n"
      "  - {id: x, name: 甲, weight: 8, explanation: 说明, rule: 规则, script: bonus.lua}\n"
      "  - {id: y, name: 乙, weight: 0, explanation: 说明, rule: 规则, script: bonus.lua, params: {points: 0}}\n";
  jixiao::Scorer scorer(set, "sets/d.yaml", scripts);
  CHECK(*scorer.set().find("x")->params.find("points") == number("3"));
  jixiao::Record record;
  record.entity = "某单位";
  record.year = 2021;
  record.set_id = "d";
  const jixiao::Evaluation ev = scorer.evaluate(record);
  REQUIRE(ev.leaf("x")->score);
  CHECK(ev.leaf("x")->score->str(2) == "3.00");
  CHECK(ev.leaf("y")->score->str(2) == "0.00");
}
