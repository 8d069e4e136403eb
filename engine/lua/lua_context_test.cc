// What a run reads that outlives it: the ctx kept between runs (what a Node
// at the same address with another name, weight or script reads), and the
// globals and string methods behind locked metatables; no run can change them.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Node;
using jixiao::Record;
using jixiao::ScriptHost;
using jixiao::Value;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  const std::string dir = jixiao::test::scratch_dir("lua-context-" + test);
  ::mkdir((dir + "/lib").c_str(), 0755);
  for (const auto& [name, text] : files) jixiao::test::write_text(dir + "/" + name, text);
  return dir;
}

// A project table's row as project scoring makes it: one Node, rewritten per row.
Node row(const std::string& script, const std::string& name, int weight) {
  Node n;
  n.id = "row";
  n.name = name;
  n.weight = Decimal::from_int(weight);
  n.script = script;
  n.params.type = Value::Type::kMap;
  n.params.map.push_back({"scale", Value::of_number(Decimal::from_int(1))});
  return n;
}

}  // namespace

TEST_CASE("lua: rows scored one after another in one Node each read their own name and weight, read-only", "[lua]") {
  const auto dir = scripts("rows", {{"r.lua",
                                     "return function(ctx)\n"
                                     "  local ok1, e1 = pcall(function() ctx.leaf.name = 'x' end)\n"
                                     "  local ok2, e2 = pcall(function() ctx.weight = 0 end)\n"
                                     "  return ctx.weight * ctx.params.scale, ctx.leaf.id .. ' ' .. ctx.leaf.name .. '|' ..\n"
                                     "    tostring(ok1 or ok2) .. '|' .. e1 .. '|' .. e2\n"
                                     "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const int handle = host.compile("r.lua");
  Node node = row("r.lua", "第一行", 8);
  const std::string refused = "|false|scripts/r.lua:2: cannot change ctx.leaf.name: shared tables are read-only to scripts"
                              "|scripts/r.lua:3: cannot change ctx.weight: shared tables are read-only to scripts";
  for (int round = 0; round < 2; ++round) {
    node = row("r.lua", "第一行", 8);
    auto first = host.run(handle, node, Record{});
    CHECK(first.score == 8.0);
    CHECK(first.reason == "row 第一行" + refused);
    node = row("r.lua", "第二行", 3);
    node.id = "row2";
    auto second = host.run(handle, node, Record{});
    CHECK(second.score == 3.0);
    CHECK(second.reason == "row2 第二行" + refused);
  }
  node.params.map[0].second = Value::of_number(*Decimal::parse("0.5"));  // other params: a ctx of their own
  CHECK(host.run(handle, node, Record{}).score == 1.5);
}

TEST_CASE("lua: two scripts run in turn for Nodes at one address each get their own ctx", "[lua]") {
  const auto dir = scripts("two", {{"a.lua", "return function(ctx) return ctx.params.scale, 'a ' .. ctx.leaf.name end\n"},
                                   {"b.lua", "return function(ctx) return ctx.weight, 'b ' .. ctx.leaf.name end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const int a = host.compile("a.lua"), b = host.compile("b.lua");
  Node node = row("a.lua", "预算", 5);
  for (int round = 0; round < 2; ++round) {
    node = row("a.lua", "预算", 5);
    const auto budget = host.run(a, node, Record{});
    CHECK(budget.score == 1.0);
    CHECK(budget.reason == "a 预算");
    node = row("b.lua", "数量指标", 4);
    node.params.map[0].second = Value::of_number(Decimal::from_int(3));
    const auto quantity = host.run(b, node, Record{});
    CHECK(quantity.score == 4.0);
    CHECK(quantity.reason == "b 数量指标");
  }
}

TEST_CASE("lua: globals and string methods are read through locked metatables that scripts cannot reach", "[lua]") {
  const auto dir = scripts("globals", {{"g.lua",
                                        "return function(ctx)\n"
                                        "  local seen = {}\n"
                                        "  for k in pairs(_ENV) do seen[#seen + 1] = k end\n"
                                        "  local ok, e = pcall(function() string.upper = nil end)\n"
                                        "  return #seen, table.concat({tostring(getmetatable(_ENV)), tostring(getmetatable('')),\n"
                                        "    tostring(rawget(_ENV, 'string')), ('ab'):upper(), string.format('%d', 7), tostring(ok), e}, '|')\n"
                                        "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  Node node = row("g.lua", "全局", 8);
  const auto outcome = host.run(host.compile("g.lua"), node, Record{});
  CHECK(outcome.score == 0.0);
  CHECK(outcome.reason ==
        "locked|locked|nil|AB|7|false|scripts/g.lua:4: cannot change string.upper: shared tables are read-only to scripts");
}
