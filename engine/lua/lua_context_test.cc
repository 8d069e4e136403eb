// What a run reads that outlives it: the ctx kept between runs (what a Node
// at the same address with another name, weight, script or facts reads, and
// the fact values ctx.facts holds, written for each run's record), and the
// globals and string methods behind locked metatables; no run can change them.
#include <catch2/catch.hpp>

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
using jixiao::test::value_fact;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-context-" + test, files);
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

TEST_CASE("lua: with fixed params, rows in one Node still each read their own id, name and weight", "[lua]") {
  // As project scoring runs them: the params and facts are not compared, the rest is.
  const auto dir = scripts("fixed", {{"f.lua",
                                      "return function(ctx)\n"
                                      "  return ctx.weight * ctx.params.scale, ctx.leaf.id .. ' ' .. ctx.leaf.name\n"
                                      "end\n"},
                                     {"g.lua", "return function(ctx) return ctx.params.scale, 'g ' .. ctx.leaf.name end\n"}});
  ScriptHost host(dir, "scripts", 2);
  host.set_fixed_params(true);
  const int f = host.compile("f.lua"), g = host.compile("g.lua");
  Node node;
  for (int round = 0; round < 2; ++round) {
    node = row("f.lua", "第一行", 8);
    CHECK(host.run(f, node, Record{}).reason == "row 第一行");
    CHECK(host.run(f, node, Record{}).score == 8.0);
    node = row("f.lua", "第二行", 3);
    node.id = "row2";
    const auto second = host.run(f, node, Record{});
    CHECK(second.score == 3.0);
    CHECK(second.reason == "row2 第二行");
    node = row("g.lua", "预算", 5);  // another script at the address: a ctx of its own
    const auto budget = host.run(g, node, Record{});
    CHECK(budget.score == 1.0);
    CHECK(budget.reason == "g 预算");
  }
}

TEST_CASE("lua: rows in one Node that differ in one field at a time each read their own id, name and weight", "[lua]") {
  // Only the fields that differ from the row before are written into ctx.
  const auto dir = scripts("one-field", {{"o.lua",
                                          "return function(ctx)\n"
                                          "  return ctx.weight, ctx.leaf.id .. ' ' .. ctx.leaf.name .. ' ' .. ctx.weight\n"
                                          "end\n"}});
  for (bool fixed : {false, true}) {
    ScriptHost host(dir, "scripts", 2);
    host.set_fixed_params(fixed);
    const int handle = host.compile("o.lua");
    Node node = row("o.lua", "第一行", 8);
    CHECK(host.run(handle, node, Record{}).reason == "row 第一行 8.0");
    node.name = "第二行";
    CHECK(host.run(handle, node, Record{}).reason == "row 第二行 8.0");
    node.weight = Decimal::from_int(3);
    CHECK(host.run(handle, node, Record{}).reason == "row 第二行 3.0");
    node.id = "row2";
    CHECK(host.run(handle, node, Record{}).reason == "row2 第二行 3.0");
    node.name = "第一行";
    node.weight = Decimal::from_int(8);
    CHECK(host.run(handle, node, Record{}).reason == "row2 第一行 8.0");
    node.id = "row";
    CHECK(host.run(handle, node, Record{}).reason == "row 第一行 8.0");
  }
}

TEST_CASE("lua: a row whose run fails leaves the next row at the address reading its own name and weight", "[lua]") {
  // The run that fails has its name and weight written into the shared ctx
  // already: the row after it, whose fields are the ones before, must not read them.
  const auto dir = scripts("failed", {{"e.lua",
                                       "return function(ctx)\n"
                                       "  if ctx.leaf.name == '坏行' then error('读不了') end\n"
                                       "  return ctx.weight, ctx.leaf.name\n"
                                       "end\n"}});
  for (bool fixed : {false, true}) {
    ScriptHost host(dir, "scripts", 2);
    host.set_fixed_params(fixed);
    const int handle = host.compile("e.lua");
    Node node = row("e.lua", "好行", 8);
    CHECK(host.run(handle, node, Record{}).reason == "好行");
    node = row("e.lua", "坏行", 3);
    CHECK_THROWS_WITH(host.run(handle, node, Record{}), "scripts/e.lua:2: 读不了\n  scripts/e.lua:2: in function <scripts/e.lua:1>");
    node = row("e.lua", "好行", 8);
    const auto again = host.run(handle, node, Record{});
    CHECK(again.reason == "好行");
    CHECK(again.score == 8.0);
  }
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

namespace {

// A record with `a` = 2.5 and `b` = true, and whatever `more` adds.
Record record_ab(std::vector<std::pair<std::string, Value>> more = {}) {
  Record r;
  r.facts["a"] = value_fact("a", Value::of_number(*Decimal::parse("2.5")));
  r.facts["b"] = value_fact("b", Value::of_bool(true));
  for (auto& [name, value] : more) r.facts[name] = value_fact(name, std::move(value));
  return r;
}

std::string run_error_text(ScriptHost& host, int handle, const Node& node, const Record& r) {
  try {
    host.run(handle, node, r);
  } catch (const jixiao::Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("lua: ctx.facts reads the run's record: a fact recorded before and missing now is an error, not the old value",
          "[lua]") {
  const auto dir = scripts("facts-per-run", {{"f.lua",
                                              "return function(ctx)\n"
                                              "  return 0, tostring(ctx.facts.b) .. '|' .. tostring(ctx.facts.a)\n"
                                              "end\n"}});
  for (bool fixed : {false, true})
  for (bool traces : {false, true}) {  // without traces, reads of recorded facts do not reach the C function
    ScriptHost host(dir, "scripts", 2);
    host.set_fixed_leaves(fixed);
    host.set_traces(traces);
    const int handle = host.compile("f.lua");
    Node node = row("f.lua", "事实", 8);
    node.facts = {"a", "b"};
    CHECK(host.run(handle, node, record_ab()).reason == "true|2.5");
    Record without_a = record_ab();
    without_a.facts.erase("a");
    without_a.facts["b"] = value_fact("b", Value::of_bool(false));
    CHECK(run_error_text(host, handle, node, without_a) ==
          "scripts/f.lua:2: fact 'a' is not recorded\n"
          "  scripts/f.lua:2: in function <scripts/f.lua:1>");
    Record null_a = record_ab();
    null_a.facts["a"] = value_fact("a", Value{});
    CHECK(host.run(handle, node, null_a).reason == "true|nil");
    CHECK(host.run(handle, node, record_ab({{"c", Value::of_text("丙")}})).reason == "true|2.5");
  }
}

TEST_CASE("lua: ctx.facts refuses writes and hides its values, and a list fact is a fresh table on every read", "[lua]") {
  const auto dir = scripts("facts-guard", {{"w.lua",
                                            "return function(ctx)\n"
                                            "  ctx.facts.a = 1\n"
                                            "  return 0, 'x'\n"
                                            "end\n"},
                                           {"see.lua",
                                            "return function(ctx)\n"
                                            "  local n = 0\n"
                                            "  for _ in pairs(ctx.facts) do n = n + 1 end\n"
                                            "  local l = ctx.facts.l\n"
                                            "  l[1] = 99\n"
                                            "  return 0, table.concat({n, #ctx.facts, tostring(next(ctx.facts)), tostring(rawget(ctx.facts, 'a')),\n"
                                            "    tostring(getmetatable(ctx.facts)), ctx.facts.l[1], ctx.facts.a}, '|')\n"
                                            "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  host.set_traces(false);
  Node node = row("w.lua", "事实", 8);
  node.facts = {"a", "l"};
  Value list;
  list.type = Value::Type::kList;
  list.list = {Value::of_number(Decimal::from_int(1))};
  const Record r = record_ab({{"l", list}});
  CHECK(run_error_text(host, host.compile("w.lua"), node, r) ==
        "scripts/w.lua:2: the context is read-only: scripts cannot change facts or rows\n"
        "  scripts/w.lua:2: in function <scripts/w.lua:1>");
  node.script = "see.lua";
  CHECK(host.run(host.compile("see.lua"), node, r).reason == "0|0|nil|nil|locked|1.0|2.5");
}

TEST_CASE("lua: a Node at one address declaring other facts reads only those, and an undeclared one suggests a declared one",
          "[lua]") {
  const auto dir = scripts("facts-change", {{"f.lua",
                                             "return function(ctx)\n"
                                             "  return 0, tostring(ctx.facts.bb) .. '|' .. tostring(ctx.facts.a)\n"
                                             "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  host.set_traces(false);
  const int handle = host.compile("f.lua");
  Node node = row("f.lua", "事实", 8);
  const Record r = record_ab({{"aa", Value::of_bool(false)}, {"bb", Value::of_bool(true)}});
  node.facts = {"a", "bb"};
  CHECK(host.run(handle, node, r).reason == "true|2.5");
  node.facts = {"bb", "aa"};  // same params, other facts: a is no longer the leaf's
  CHECK(run_error_text(host, handle, node, r) ==
        "scripts/f.lua:2: fact 'a' is not among the leaf's facts [bb, aa], did you mean 'aa'?\n"
        "  scripts/f.lua:2: in function <scripts/f.lua:1>");
}
