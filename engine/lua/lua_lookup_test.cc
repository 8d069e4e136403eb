// rules.listed_under gives what the Lua loop over pairs and ipairs gives, on
// frozen params and on a script's own tables alike, errors included, whether
// it reads the index it keeps for a frozen map or goes through the lists.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Node;
using jixiao::Record;
using jixiao::ScriptHost;
using jixiao::Value;
using jixiao::test::script_leaf;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-lookup-" + test, files);
}

// lib.rules, and the Lua loop rules.listed_under stands for as `loop`.
const std::string kLoop =
    "local rules = require 'lib.rules'\n"
    "local function loop(map, value)\n"
    "  for key, list in pairs(map) do\n"
    "    for _, item in ipairs(list) do if value == item then return key end end\n"
    "  end\n"
    "  return nil\n"
    "end\n";

// The loop and the helper on the same map and values: each value's
// "loop=helper" answers.
const std::string kCompare = kLoop +
    "return function(ctx)\n"
    "  if ctx.leaf.id == 'errors' then\n"
    "    local out = {}\n"
    "    for _, map in ipairs({{a = 5}, {[{}] = {'x'}}}) do\n"
    "      local a, b = select(2, pcall(loop, map, 'x')), select(2, pcall(rules.listed_under, map, 'x'))\n"
    "      out[#out + 1] = a:gsub('^scripts/compare.lua:%d+: ', '') .. '=' .. b\n"
    "    end\n"
    "    return 0, table.concat(out, '|')\n"
    "  end\n"
    "  local own = {b = {'x', 'y'}, a = {'y', 'z'}, c = 'xyz', d = {1, 2}, [3] = {'z'}}\n"
    "  local out = {}\n"
    "  for _, map in ipairs({ctx.params.words, ctx.params.lists, own}) do\n"
    "    for _, value in ipairs({'完成', '否', '已完成', 'x', 'y', 'z', 'xyz', 2, '2', 'none'}) do\n"
    "      out[#out + 1] = tostring(loop(map, value)) .. '=' .. tostring(rules.listed_under(map, value))\n"
    "    end\n"
    "  end\n"
    "  return 0, table.concat(out, ' ')\n"
    "end\n";

// Tables made at a script's top level are frozen with their contents, as
// params are: items no params can hold (NaN, booleans, tables, a hole), maps
// that ipairs over a list raises for or whose keys have no order, looked up
// by values whose == is not raw equality (NaN, a table with __eq).
const std::string kTopLevel = kLoop +
    "local TOP = {b = {'x', 0/0, true, {}, 2.0, 'y'}, a = {'y', 2, 'z'}, c = {false, 'x', 3.5}, d = {'q', nil, 'r'}}\n"
    "local BAD = {a = {'x'}, b = 5, c = {'y'}}\n"
    "local UNORDERED = {[{}] = {'x'}}\n"
    "local function both(f, ...)\n"
    "  local ok, result = pcall(f, ...)\n"
    "  return ok and tostring(result) or result:gsub('^scripts/top.lua:%d+: ', '')\n"
    "end\n"
    "return function(ctx)\n"
    "  local same = setmetatable({}, {__eq = function() return true end})\n"
    "  local out = {}\n"
    "  local function compare(map, value)\n"
    "    out[#out + 1] = both(loop, map, value) .. '=' .. both(rules.listed_under, map, value)\n"
    "  end\n"
    "  for _, value in ipairs({'x', 'y', 'z', 'q', 'r', 2, 2.0, '2', 3.5, 7, true, false, 0/0, TOP.b[4], same}) do\n"
    "    compare(TOP, value)\n"
    "  end\n"
    "  compare(BAD, 'x')\n"
    "  compare(BAD, 'y')\n"
    "  compare(UNORDERED, 'x')\n"
    "  return 0, table.concat(out, ' ')\n"
    "end\n";

// Each run's answer for the value 'x' in params {grade = {key<i> = {'x'}}}.
const char* kGradeOfX =
    "local rules = require 'lib.rules'\n"
    "return function(ctx) return 0, tostring(rules.listed_under(ctx.params.grade, 'x')) end\n";

Value text_list(const std::vector<std::string>& items) {
  Value list;
  list.type = Value::Type::kList;
  for (const auto& item : items) list.list.push_back(Value::of_text(item));
  return list;
}

Value map_of(const std::string& key, const Value& value) {
  Value map;
  map.type = Value::Type::kMap;
  map.map.push_back({key, value});
  return map;
}

}  // namespace

TEST_CASE("lua: rules.listed_under gives what the loop over pairs and ipairs gives", "[lua]") {
  const auto dir = scripts("same", {{"compare.lua", kCompare}});
  ScriptHost host(std::vector<std::string>{dir, jixiao::test::scripts_dir()}, "scripts", 2);
  Node node = script_leaf("compare.lua");
  Value words;
  words.type = Value::Type::kMap;
  words.map.push_back({"达成", text_list({"完成", "已完成"})});
  words.map.push_back({"部分达成", text_list({"基本完成", "完成"})});  // 完成 under two grades: 达成 sorts first
  Value holed = text_list({"否"});
  holed.list.push_back(Value{});  // a null item ends the list for ipairs
  holed.list.push_back(Value::of_text("x"));
  words.map.push_back({"未达成", holed});
  words.map.push_back({"文字", Value::of_text("完成")});  // not a list: ipairs reaches nothing
  node.params.type = Value::Type::kMap;
  node.params.map.push_back({"words", words});
  Value lists = words;  // every value a list: the map has an index
  lists.map.pop_back();
  lists.map.push_back({"数字", Value{}});
  lists.map.back().second.type = Value::Type::kList;
  lists.map.back().second.list = {Value::of_number(Decimal::parse("2").value())};
  node.params.map.push_back({"lists", lists});
  const std::string reason = host.run(host.compile("compare.lua"), node, Record{}).reason;
  CHECK(reason ==
        "达成=达成 未达成=未达成 达成=达成 nil=nil nil=nil nil=nil nil=nil nil=nil nil=nil nil=nil "
        "达成=达成 未达成=未达成 达成=达成 nil=nil nil=nil nil=nil nil=nil 数字=数字 nil=nil nil=nil "
        "nil=nil nil=nil nil=nil b=b a=a 3=3 nil=nil d=d nil=nil nil=nil");
}

TEST_CASE("lua: rules.listed_under gives what the loop gives on tables frozen at a script's top level", "[lua]") {
  const auto dir = scripts("top", {{"top.lua", kTopLevel}});
  ScriptHost host(std::vector<std::string>{dir, jixiao::test::scripts_dir()}, "scripts", 2);
  const int handle = host.compile("top.lua");
  const Node node = script_leaf("top.lua");
  const std::string expected =
      "b=b a=a a=a d=d nil=nil a=a a=a nil=nil c=c nil=nil b=b c=c nil=nil b=b b=b a=a "
      "attempt to index a number value=attempt to index a number value "
      "pairs: a table with a key of type table has no defined order (use string or number keys)="
      "pairs: a table with a key of type table has no defined order (use string or number keys)";
  CHECK(host.run(handle, node, Record{}).reason == expected);
  CHECK(host.run(handle, node, Record{}).reason == expected);  // the second run reads the indexes the first built
}

TEST_CASE("lua: rules.listed_under answers from the params of the run, not a collected table's", "[lua]") {
  // Past the params the host shares, each leaf's params are frozen with its
  // ctx and collected when another leaf takes its Node's place: a new params
  // table may then be where an old one was, and must not find its answers.
  const auto dir = scripts("collected", {{"grade.lua", kGradeOfX}});
  ScriptHost host(std::vector<std::string>{dir, jixiao::test::scripts_dir()}, "scripts", 2);
  const int handle = host.compile("grade.lua");
  Node node = script_leaf("grade.lua");
  std::string wrong;
  for (int i = 0; i < 2000 && wrong.empty(); ++i) {
    const std::string key = "key" + std::to_string(i);
    node.params = map_of("grade", map_of(key, text_list({"x"})));
    const std::string reason = host.run(handle, node, Record{}).reason;
    if (reason != key) wrong = key + ": " + reason;
  }
  CHECK(wrong == "");
}

TEST_CASE("lua: rules.listed_under raises what the loop raises", "[lua]") {
  // The same message; pairs' names the line of the loop's pairs(), the
  // helper's none (the engine then locates it at the line that calls it).
  const auto dir = scripts("errors", {{"compare.lua", kCompare}});
  ScriptHost host(std::vector<std::string>{dir, jixiao::test::scripts_dir()}, "scripts", 2);
  Node node = script_leaf("compare.lua");
  node.id = "errors";
  CHECK(host.run(host.compile("compare.lua"), node, Record{}).reason ==
        "attempt to index a number value=attempt to index a number value|"
        "pairs: a table with a key of type table has no defined order (use string or number keys)="
        "pairs: a table with a key of type table has no defined order (use string or number keys)");
}
