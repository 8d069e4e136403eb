// The fact values behind ctx.facts from run to run: a run writes only the
// facts that differ from what the values hold (a project's rows, one Node
// after another), and what a script reads is always its own run's record.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Fact;
using jixiao::Node;
using jixiao::Record;
using jixiao::SandboxLimits;
using jixiao::ScriptHost;
using jixiao::Value;
using jixiao::test::value_fact;

namespace {

// Shows x as the script sees it, and y, which never changes.
const char* const kShow =
    "return function(ctx)\n"
    "  local x = ctx.facts.x\n"
    "  local shown = type(x) == 'table' and ('table ' .. #x .. ' ' .. x[1]) or tostring(x)\n"
    "  return 0, type(x) .. ':' .. shown .. '|' .. ctx.facts.y\n"
    "end\n";

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-facts-" + test, files);
}

// A project table's row: one Node, declaring x and y.
Node row(const std::string& script) {
  Node n = jixiao::test::script_leaf(script);
  n.id = "row";
  n.name = "行";
  n.facts = {"x", "y"};
  return n;
}

// A record with y = 丙 and x = `x`, or without x.
Record record_x(const Value* x) {
  Record r;
  r.facts["y"] = value_fact("y", Value::of_text("丙"));
  if (x != nullptr) r.facts["x"] = value_fact("x", *x);
  return r;
}

Value number(const char* text) { return Value::of_number(*Decimal::parse(text)); }

Value list_of(const char* first, const char* second) {
  Value v;
  v.type = Value::Type::kList;
  v.list = {Value::of_text(first), Value::of_text(second)};
  return v;
}

// What the script shows for x = `value` (nullptr: x not recorded).
std::string shown(const Value* value) {
  if (value == nullptr)
    return "scripts/show.lua:2: fact 'x' is not recorded\n  scripts/show.lua:2: in function <scripts/show.lua:1>";
  switch (value->type) {
    case Value::Type::kNull: return "nil:nil|丙";
    case Value::Type::kBool: return std::string("boolean:") + (value->boolean ? "true" : "false") + "|丙";
    case Value::Type::kNumber: return "number:" + value->text + "|丙";
    case Value::Type::kText: return "string:" + value->text + "|丙";
    default: return "table:table " + std::to_string(value->list.size()) + " " + value->list[0].text + "|丙";
  }
}

// The run's reason, or its error's message.
std::string run_text(ScriptHost& host, int handle, const Node& node, const Record& r, bool found) {
  try {
    if (!found) return host.run(handle, node, r).reason;
    std::vector<const Fact*> facts;
    for (const auto& name : node.facts) {
      auto at = r.facts.find(name);
      facts.push_back(at == r.facts.end() ? nullptr : &at->second);
    }
    return host.run(handle, node, r, facts).reason;
  } catch (const jixiao::Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("lua: runs of one Node read their own facts whatever the run before wrote: text, long text, numbers, "
          "booleans, null, a list, none",
          "[lua]") {
  const auto dir = scripts("sequence", {{"show.lua", kShow}});
  const std::string long_a(100, 'a');
  std::string long_b = long_a, long_c = long_a;
  long_b.back() = 'b';  // the same length, another last byte
  long_c.front() = 'c';
  Value three = number("3");
  three.text = "3.0";  // as Lua writes the number 3
  Value zero = number("0");
  zero.text = "0.0";
  const Value null;
  const std::vector<Value> xs = {
      Value::of_text("甲"), Value::of_text("甲"),  Value::of_text("乙"), Value::of_text(long_a), Value::of_text(long_a),
      Value::of_text(long_b), Value::of_text(long_c), number("2.5"),   number("2.5"),         three,
      Value::of_bool(true), Value::of_bool(true),  Value::of_bool(false), null,                Value::of_text("甲"),
      list_of("一", "二"),  list_of("三", "四"),   Value::of_text("甲"), Value(),              Value::of_text(""),
      Value::of_text(""),   zero,                  Value::of_bool(false)};
  for (bool fixed : {false, true})
    for (bool found : {false, true}) {
      ScriptHost host(dir, "scripts", 2);
      host.set_traces(false);
      host.set_fixed_params(fixed);
      const int handle = host.compile("show.lua");
      Node node = row("show.lua");
      for (size_t i = 0; i < xs.size(); ++i) {
        INFO("run " << i << ", fixed params " << fixed << ", facts given " << found);
        CHECK(run_text(host, handle, node, record_x(&xs[i]), found) == shown(&xs[i]));
        if (i % 4 == 3) {  // x not recorded, and then the value before again
          CHECK(run_text(host, handle, node, record_x(nullptr), found) == shown(nullptr));
          CHECK(run_text(host, handle, node, record_x(&xs[i]), found) == shown(&xs[i]));
        }
      }
    }
}

TEST_CASE("lua: after runs without traces a traced run reads every fact from the record, and the other way round",
          "[lua]") {
  const auto dir = scripts("traces", {{"show.lua", kShow}});
  ScriptHost host(dir, "scripts", 2);
  host.set_traces(false);
  const int handle = host.compile("show.lua");
  const Node node = row("show.lua");
  const Value a = Value::of_text("甲"), b = Value::of_text("乙");
  CHECK(host.run(handle, node, record_x(&a)).facts_read.empty());
  host.set_traces(true);  // the values must not answer: each read is noted
  auto traced = host.run(handle, node, record_x(&a));
  CHECK(traced.reason == shown(&a));
  CHECK(traced.facts_read == std::vector<std::string>{"x", "y"});
  traced = host.run(handle, node, record_x(&b));
  CHECK(traced.reason == shown(&b));
  CHECK(traced.facts_read == std::vector<std::string>{"x", "y"});
  host.set_traces(false);
  const auto untraced = host.run(handle, node, record_x(&a));
  CHECK(untraced.reason == shown(&a));
  CHECK(untraced.facts_read.empty());
}

TEST_CASE("lua: a run stopped while its facts are written leaves the runs after it reading their own facts", "[lua]") {
  // Two facts of 3 MiB do not fit in 4 MiB: the run stops writing the second,
  // which the next run, with one of them, writes and reads. Every run is
  // counted (the thread blocks the watchdog's signal): none is done again.
  const auto dir = scripts("stopped", {{"size.lua",
                                        "return function(ctx)\n"
                                        "  local x, y = ctx.facts.x, ctx.facts.y\n"
                                        "  return 0, #y .. ' ' .. y:sub(1, 3) .. '|' .. #x .. ' ' .. x:sub(1, 3)\n"
                                        "end\n"}});
  std::vector<std::string> texts;
  jixiao::test::on_counted_thread([&] {
    ScriptHost host(dir, "scripts", 2, SandboxLimits{10'000'000, 4u << 20});
    host.set_traces(false);
    const int handle = host.compile("size.lua");
    Node node = row("size.lua");
    node.facts = {"y", "x"};  // y is written before x
    const Value small = Value::of_text("小"), big_x = Value::of_text(std::string(3u << 20, 'x'));
    Record both = record_x(&big_x);
    both.facts["y"] = value_fact("y", Value::of_text(std::string(3u << 20, 'y')));
    for (const Record& r : {record_x(&small), both, record_x(&big_x), record_x(&small)})
      texts.push_back(run_text(host, handle, node, r, false));
  });
  CHECK(texts == std::vector<std::string>{
                     "3 丙|3 小", "scripts/size.lua: stopped: the script needed more than the 4 MiB of memory scripts may use",
                     "3 丙|3145728 xxx", "3 丙|3 小"});
}

TEST_CASE("lua: a row whose run fails, or a Node with other params at the address, leaves the next runs their own facts",
          "[lua]") {
  const auto dir = scripts("rebuilt", {{"show.lua",
                                        "return function(ctx)\n"
                                        "  if ctx.leaf.name == '坏行' then error('读不了 ' .. ctx.facts.x) end\n"
                                        "  return 0, ctx.facts.x .. '|' .. ctx.facts.y\n"
                                        "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  host.set_traces(false);
  const int handle = host.compile("show.lua");
  const Value a = Value::of_text("甲"), b = Value::of_text("乙");
  Node node = row("show.lua");
  CHECK(host.run(handle, node, record_x(&a)).reason == "甲|丙");
  node.name = "坏行";  // fails with its fields written: its ctx is built again
  CHECK(run_text(host, handle, node, record_x(&b), false) ==
        "scripts/show.lua:2: 读不了 乙\n  scripts/show.lua:2: in function <scripts/show.lua:1>");
  node.name = "行";
  CHECK(host.run(handle, node, record_x(&b)).reason == "乙|丙");
  CHECK(host.run(handle, node, record_x(&a)).reason == "甲|丙");
  node.params.type = Value::Type::kMap;  // other params: a ctx of their own, its values empty
  node.params.map.push_back({"scale", Value::of_number(Decimal::from_int(2))});
  CHECK(host.run(handle, node, record_x(&a)).reason == "甲|丙");
  CHECK(host.run(handle, node, record_x(&b)).reason == "乙|丙");
}

TEST_CASE("lua: a script cannot reach the fact values behind ctx.facts to change what the next run reads", "[lua]") {
  const auto dir = scripts("reach", {{"reach.lua",
                                      "return function(ctx)\n"
                                      "  local f = ctx.facts\n"
                                      "  local tries = {\n"
                                      "    pcall(setmetatable, f, {}),\n"
                                      "    pcall(function() getmetatable(f).__index.x = '改' end),\n"
                                      "    pcall(function() f.x = '改' end),\n"
                                      "    type(rawset), type(debug), type(load), rawget(f, 'x') == nil, next(f) == nil,\n"
                                      "  }\n"
                                      "  local shown = {}\n"
                                      "  for i = 1, 8 do shown[i] = tostring(tries[i]) end\n"
                                      "  return 0, table.concat(shown, ' ') .. '|' .. f.x\n"
                                      "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  host.set_traces(false);
  const int handle = host.compile("reach.lua");
  const Node node = row("reach.lua");
  const Value a = Value::of_text("甲");
  for (int round = 0; round < 2; ++round)
    CHECK(host.run(handle, node, record_x(&a)).reason == "false false false nil nil nil true true|甲");
}
