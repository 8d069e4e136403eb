// What keeps runs apart now that a script's top level runs once: frozen
// tables, refused assignments, ordered pairs, a fixed random seed, memory per
// run, and errors located where the script raised them; and what only a shown
// result needs (reasons, reads) built only when shown.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::Node;
using jixiao::Record;
using jixiao::SandboxLimits;
using jixiao::ScriptHost;
using jixiao::ScriptOutcome;
using jixiao::Value;
using jixiao::test::script_leaf;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-state-" + test, files);
}


std::string reason(ScriptHost& host, const Node& node) {
  return host.run(host.compile(node.script), node, Record{}).reason;
}

Error compile_error(ScriptHost& host, const std::string& script) {
  try {
    host.compile(script);
  } catch (const Error& e) {
    return e;
  }
  FAIL("compiled without an error");
  throw;
}

Error run_error(ScriptHost& host, const Node& node) {
  try {
    host.run(host.compile(node.script), node, Record{});
  } catch (const Error& e) {
    return e;
  }
  FAIL("ran without an error");
  throw;
}

}  // namespace

TEST_CASE("lua: a counter made by a function at the top level is refused when compiled", "[lua]") {
  const auto dir = scripts("factory", {{"factory.lua",
                                        "local next_id = (function()\n"
                                        "  local n = 0\n"
                                        "  return function() n = n + 1 return n end\n"
                                        "end)()\n"
                                        "return function(ctx) return next_id(), 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Error e = compile_error(host, "factory.lua");
  CHECK(std::string(e.what()) ==
        "scripts/factory.lua:3: assignment to 'n', a variable made when the script was loaded: scripts keep no "
        "state between runs (declare it inside the function)");
}

TEST_CASE("lua: a helper that only the top level calls may set up top-level variables", "[lua]") {
  const auto dir = scripts("setup", {{"setup.lua",
                                      "local total = 0\n"
                                      "local function add(x) total = total + x end\n"
                                      "add(3) add(4)\n"
                                      "return function(ctx) local mine = 0; mine = mine + total; return mine, 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(host.run(host.compile("setup.lua"), script_leaf("setup.lua"), Record{}).score == 7.0);
}

TEST_CASE("lua: a module that keeps state in its upvalues is refused at the module's line", "[lua]") {
  // Regression (fixed): lib modules ran once per host and their functions
  // could count calls: the same inputs scored 4.00, then 0.00.
  const auto dir = scripts("module-state", {{"lib/counter.lua",
                                             "local M = {}\n"
                                             "local calls = 0\n"
                                             "function M.next()\n"
                                             "  calls = calls + 1\n"
                                             "  return calls\n"
                                             "end\n"
                                             "return M\n"},
                                            {"user.lua",
                                             "local counter = require 'lib.counter'\n"
                                             "return function(ctx) return counter.next(), 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Error e = compile_error(host, "user.lua");
  CHECK(e.message() ==
        "assignment to 'calls', a variable made when the script was loaded: scripts keep no state between runs "
        "(declare it inside the function)\n"
        "  scripts/user.lua:1: in main chunk");
  CHECK(e.where().file == "scripts/lib/counter.lua");
  CHECK(e.where().line == 4);
}

TEST_CASE("lua: tables made at the top level, ctx and its params are read-only", "[lua]") {
  const auto dir = scripts("frozen", {{"bands.lua",
                                       "local BANDS = {{up_to = 10, points = 6}}\n"
                                       "return function(ctx)\n"
                                       "  local errors = {}\n"
                                       "  local function try(f) local ok, e = pcall(f) errors[#errors + 1] = e end\n"
                                       "  try(function() BANDS[1].points = 0 end)\n"
                                       "  try(function() table.insert(BANDS, {}) end)\n"
                                       "  try(function() ctx.weight = 100 end)\n"
                                       "  try(function() ctx.params.limit = 1 end)\n"
                                       "  return #BANDS + BANDS[1].points, table.concat(errors, '\\n')\n"
                                       "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  Node node = script_leaf("bands.lua");
  node.params.map.push_back({"limit", Value::of_number(*Decimal::parse("5"))});
  const auto outcome = host.run(host.compile("bands.lua"), node, Record{});
  CHECK(outcome.score == 7.0);
  CHECK(outcome.reason ==
        "scripts/bands.lua:5: cannot change BANDS[1].points: shared tables are read-only to scripts\n"
        "scripts/bands.lua:6: cannot change BANDS.2: shared tables are read-only to scripts\n"
        "scripts/bands.lua:7: cannot change ctx.weight: shared tables are read-only to scripts\n"
        "scripts/bands.lua:8: cannot change ctx.params.limit: shared tables are read-only to scripts");
}

TEST_CASE("lua: a table with a metatable cannot be kept at the top level", "[lua]") {
  const auto dir = scripts("metatable", {{"meta.lua",
                                          "local defaults = setmetatable({}, {__index = function() return 0 end})\n"
                                          "return function(ctx) return defaults.x, 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(std::string(compile_error(host, "meta.lua").what()) ==
        "scripts/meta.lua: defaults has a metatable: tables made when a script is loaded are frozen and cannot keep "
        "one (make it inside the function)");
}

TEST_CASE("lua: an iterator made at the top level cannot be kept", "[lua]") {
  const auto dir = scripts("iterator", {{"iter.lua",
                                         "local words = string.gmatch('a b c', '%a')\n"
                                         "return function(ctx) return 0, words() end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(std::string(compile_error(host, "iter.lua").what()) ==
        "scripts/iter.lua: words: a function a library made when the script was loaded (an iterator?) would keep "
        "its state between runs (make it inside the function)");
}

TEST_CASE("lua: pairs and next go through keys in a defined order", "[lua]") {
  const auto dir = scripts("order", {{"lib/data.lua", "return {zeta = 1, alpha = 2, [2] = 3}\n"},
                                     {"order.lua",
                                      "local data = require 'lib.data'\n"
                                      "return function(ctx)\n"
                                      "  local t = {b = 1, a = 2, [2] = 3, [1] = 4, [true] = 5, [1.5] = 6, [false] = 7, ab = 8}\n"
                                      "  local seen = {}\n"
                                      "  for k, v in pairs(t) do seen[#seen + 1] = tostring(k) .. '=' .. v end\n"
                                      "  local k, steps = next(t), {}\n"
                                      "  while k ~= nil do steps[#steps + 1] = tostring(k); k = next(t, k) end\n"
                                      "  local module = {}\n"
                                      "  for k, v in pairs(data) do module[#module + 1] = tostring(k) end\n"
                                      "  return 0, table.concat(seen, ' ') .. ' | ' .. table.concat(steps, ' ') .. ' | ' ..\n"
                                      "            table.concat(module, ' ') .. ' | ' .. tostring(next(data)) .. ' ' .. tostring(next({}))\n"
                                      "end\n"},
                                     {"keys.lua",
                                      "return function(ctx)\n"
                                      "  for k in pairs({[{}] = 1}) do end\n"
                                      "  return 0, 'x'\n"
                                      "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(reason(host, script_leaf("order.lua")) ==
        "1=4 1.5=6 2=3 a=2 ab=8 b=1 false=7 true=5 | 1 1.5 2 a ab b false true | 2 alpha zeta | 2 nil");
  CHECK(run_error(host, script_leaf("keys.lua")).message() ==
        "pairs: a table with a key of type table has no defined order (use string or number keys)\n"
        "  scripts/keys.lua:2: in function <scripts/keys.lua:1>");
}

TEST_CASE("lua: pairs order is the same in two processes", "[lua]") {
  // Regression (fixed): Lua seeds its string hashes per state, so the order
  // of pairs over string keys changed from process to process.
  std::string keys;
  for (int i = 0; i < 40; ++i) keys += "k" + std::to_string(i * 7919 % 1000) + " = " + std::to_string(i) + ", ";
  const auto dir = scripts("processes", {{"keys.lua",
                                          "return function(ctx)\n"
                                          "  local out = {}\n"
                                          "  for k in pairs({" + keys + "}) do out[#out + 1] = k end\n"
                                          "  return 0, table.concat(out, ',')\n"
                                          "end\n"}});
  std::vector<std::string> orders;
  for (int child = 0; child < 2; ++child) {
    const std::string out = jixiao::test::scratch_dir("lua-state-processes-out") + "/" + std::to_string(child);
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      try {
        ScriptHost host(dir, "scripts", 2);
        jixiao::test::write_text(out, reason(host, script_leaf("keys.lua")));
      } catch (...) {
      }
      ::_exit(0);
    }
    REQUIRE(pid > 0);
    ::waitpid(pid, nullptr, 0);
    FILE* f = std::fopen(out.c_str(), "rb");
    REQUIRE(f != nullptr);
    char buffer[4096];
    const size_t n = std::fread(buffer, 1, sizeof buffer, f);
    std::fclose(f);
    orders.emplace_back(buffer, n);
  }
  CHECK(orders[0] == orders[1]);
  CHECK_THAT(orders[0], Catch::StartsWith("k0,k109,k137,k165,k190,k218,k246,k271,k28,k299,k3,"));
}

TEST_CASE("lua: math.random gives the same numbers in every run, and randomseed is gone", "[lua]") {
  const auto dir = scripts("random", {{"dice.lua",
                                       "return function(ctx)\n"
                                       "  return 0, math.random(1, 1000000) .. ' ' .. math.random(1, 1000000) .. ' ' .. type(math.randomseed)\n"
                                       "end\n"},
                                      {"quiet.lua", "return function(ctx) return 0, 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const std::string first = reason(host, script_leaf("dice.lua"));
  CHECK_THAT(first, Catch::EndsWith(" nil"));
  CHECK(reason(host, script_leaf("dice.lua")) == first);
  reason(host, script_leaf("quiet.lua"));
  CHECK(reason(host, script_leaf("dice.lua")) == first);
  ScriptHost other(dir, "scripts", 2);
  CHECK(reason(other, script_leaf("dice.lua")) == first);
}

TEST_CASE("lua: the memory limit applies to each run, above what the compiled scripts hold", "[lua]") {
  // Regression (fixed): the limit was for the whole state, so a module's
  // constant data left less for every run.
  const auto dir = scripts("memory", {{"lib/big.lua", "return {text = string.rep('x', 6 << 20)}\n"},
                                      {"use.lua",
                                       "local big = require 'lib.big'\n"
                                       "return function(ctx)\n"
                                       "  local mine = string.rep('y', 6 << 20)\n"
                                       "  return 0, #big.text .. ' ' .. #mine\n"
                                       "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{1'000'000'000, 16u << 20});
  CHECK(reason(host, script_leaf("use.lua")) == "6291456 6291456");
  CHECK(reason(host, script_leaf("use.lua")) == "6291456 6291456");
}

TEST_CASE("lua: error with a table names its type, not an address", "[lua]") {
  // Regression (fixed): error({}) was reported as "table: 0x55d0c3a8e2f0".
  const auto dir = scripts("error-table", {{"table.lua", "return function(ctx)\n  error({})\nend\n"},
                                           {"named.lua",
                                            "return function(ctx)\n"
                                            "  error(setmetatable({}, {__tostring = function() return '自定义错误' end}))\n"
                                            "end\n"},
                                           {"tostring.lua", "return function(ctx) return 0, tostring({}) .. ' ' .. tostring(print) .. string.format(' %s', {}) end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Error e = run_error(host, script_leaf("table.lua"));
  CHECK(e.message() == "error object is a table value\n  scripts/table.lua:2: in function <scripts/table.lua:1>");
  CHECK(e.where().line == 2);
  CHECK(run_error(host, script_leaf("named.lua")).message() ==
        "自定义错误\n  scripts/named.lua:2: in function <scripts/named.lua:1>");
  CHECK(reason(host, script_leaf("tostring.lua")) == "table nil table");
}

TEST_CASE("lua: a require cycle is named, at the line of the require that closes it", "[lua]") {
  // Regression (fixed): a cycle recursed until "C stack overflow", with no line.
  const auto dir = scripts("cycle", {{"lib/a.lua", "local b = require 'lib.b'\nreturn {}\n"},
                                     {"lib/b.lua", "\nlocal a = require 'lib.a'\nreturn {}\n"},
                                     {"user.lua", "local a = require 'lib.a'\nreturn function(ctx) return 0, 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Error e = compile_error(host, "user.lua");
  CHECK(e.message() ==
        "require 'lib.a': cycle lib.a → lib.b → lib.a\n"
        "  scripts/lib/b.lua:2: in main chunk\n"
        "  scripts/lib/a.lua:1: in main chunk\n"
        "  scripts/user.lua:1: in main chunk");
  CHECK(e.where().file == "scripts/lib/b.lua");
  CHECK(e.where().line == 2);
}

TEST_CASE("lua: an error whose text names another file stays located at the script that raised it", "[lua]") {
  // Regression (fixed): any "scripts/...:N:" at the start of the text was taken as the location.
  const auto dir = scripts("relocate", {{"liar.lua", "return function(ctx)\n  error('scripts/other.lua:99: boom', 0)\nend\n"},
                                        {"nested.lua", "return function(ctx)\n  error('scripts/other.lua:99: boom')\nend\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Error e = run_error(host, script_leaf("liar.lua"));
  CHECK(e.where().file == "scripts/liar.lua");
  CHECK(e.where().line == 2);
  CHECK(e.message() == "scripts/other.lua:99: boom\n  scripts/liar.lua:2: in function <scripts/liar.lua:1>");
  const Error nested = run_error(host, script_leaf("nested.lua"));
  CHECK(nested.where().file == "scripts/nested.lua");
  CHECK(nested.where().line == 2);
  CHECK(nested.message() == "scripts/other.lua:99: boom\n  scripts/nested.lua:2: in function <scripts/nested.lua:1>");
}

TEST_CASE("lua: a NUL in a reason does not cut it", "[lua]") {
  const auto dir = scripts("nul", {{"nul.lua", "return function(ctx) return 1, '前\\0后' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(reason(host, script_leaf("nul.lua")) == std::string("前\0后", 7));
}

TEST_CASE("lua: a leaf's ctx is built once and follows a changed Node", "[lua]") {
  const auto dir = scripts("ctx-reuse", {{"w.lua", "return function(ctx) return ctx.weight / 2, ctx.leaf.id end\n"}});
  ScriptHost host(dir, "scripts", 2);
  Node node = script_leaf("w.lua");
  const int handle = host.compile("w.lua");
  CHECK(host.run(handle, node, Record{}).score == 4.0);
  CHECK(host.run(handle, node, Record{}).score == 4.0);
  node.weight = Decimal::from_int(6);
  node.id = "other";
  const auto outcome = host.run(handle, node, Record{});
  CHECK(outcome.score == 3.0);
  CHECK(outcome.reason == "other");
}

TEST_CASE("lua: leaves with equal params share one frozen params table, which none can change", "[lua]") {
  const auto dir = scripts("shared-params", {{"p.lua",
                                              "return function(ctx)\n"
                                              "  local ok, e = pcall(function() ctx.params.limit = 1 end)\n"
                                              "  local ok2 = pcall(function() ctx.params.bands[1] = 0 end)\n"
                                              "  return ctx.params.limit + ctx.params.bands[1], ctx.leaf.name .. '|' .. tostring(ok or ok2) .. '|' .. e\n"
                                              "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  Node first = script_leaf("p.lua");
  first.params.map.push_back({"limit", Value::of_number(*Decimal::parse("5"))});
  Value bands;
  bands.type = Value::Type::kList;
  bands.list.push_back(Value::of_number(*Decimal::parse("2")));
  first.params.map.push_back({"bands", bands});
  Node second = first;  // another leaf, another name, the same params
  second.id = "second";
  second.name = "第二行";
  const int handle = host.compile("p.lua");
  for (int round = 0; round < 2; ++round) {
    const auto a = host.run(handle, first, Record{});
    const auto b = host.run(handle, second, Record{});
    CHECK(a.score == 7.0);
    CHECK(b.score == 7.0);
    CHECK(a.reason == "测试指标|false|scripts/p.lua:2: cannot change ctx.params.limit: shared tables are read-only to scripts");
    CHECK(b.reason == "第二行|false|scripts/p.lua:2: cannot change ctx.params.limit: shared tables are read-only to scripts");
  }
  Node other = first;  // different params are a table of their own
  other.params.map[0].second = Value::of_number(*Decimal::parse("1"));
  CHECK(host.run(handle, other, Record{}).score == 3.0);
}

TEST_CASE("lua: == on long strings a module made is stopped by the clock", "[lua]") {
  // The run makes no long string itself, so it must check the clock often
  // because a top level did: each `==` is one instruction of a millisecond.
  const auto dir = scripts("long-equal", {{"lib/long.lua",
                                           "local half = string.rep('a', 12 << 20)\n"
                                           "return {a = half .. half .. 'b', b = half .. half .. 'c'}\n"},
                                          {"equal.lua",
                                           "local long = require 'lib.long'\n"
                                           "return function(ctx)\n"
                                           "  local a, b = long.a, long.b\n"
                                           "  for i = 1, 1e9 do if a == b then return 0, 'same' end end\n"
                                           "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{1'000'000'000'000, 128u << 20, 100});
  const int handle = host.compile("equal.lua");
  const auto start = std::chrono::steady_clock::now();
  try {
    host.run(handle, script_leaf("equal.lua"), Record{});
    FAIL("not stopped");
  } catch (const Error& e) {
    CHECK(e.message() == "stopped: the run took longer than 100 ms\n  scripts/equal.lua:4: in function <scripts/equal.lua:2>");
  }
  // Checked every 1000 instructions, some 300 comparisons of 24 MiB would pass between two checks.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500));
}

TEST_CASE("lua: a reason given as a function is written with its values, in the run, only when reasons are on",
          "[lua]") {
  const auto dir = scripts("lazy", {{"lazy.lua",
                                     "local function why(ctx, x) return ctx.leaf.name .. '，x=' .. x end\n"
                                     "return function(ctx) return 8, why, ctx, 'a' end\n"},
                                    {"fails.lua",
                                     "local function why() error('说明出错') end\n"
                                     "return function(ctx) return 8, why end\n"},
                                    {"number.lua", "return function(ctx) return 8, function() return 8 end end\n"},
                                    {"loop.lua", "return function(ctx) return 8, function() while true do end end end\n"},
                                    {"high.lua",
                                     "local function why(x) return '太高' .. x end\n"
                                     "return function(ctx) return 9, why, 1 end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(reason(host, script_leaf("lazy.lua")) == "测试指标，x=a");
  CHECK(std::string(run_error(host, script_leaf("fails.lua")).what()) ==
        "scripts/fails.lua:1: 说明出错\n  scripts/fails.lua:1: in function <scripts/fails.lua:1>");
  CHECK(std::string(run_error(host, script_leaf("number.lua")).what()) ==
        "scripts/number.lua: the script must return a score and a reason (text); the reason is number");
  CHECK(std::string(run_error(host, script_leaf("loop.lua")).what()).find("stopped: instruction budget") != std::string::npos);
  const std::string too_high = "scripts/high.lua: the score 9.000000 is outside 0..8 (the leaf's weight); reason: 太高1";
  CHECK(std::string(run_error(host, script_leaf("high.lua")).what()) == too_high);

  host.set_reasons(false);  // as score --all runs: the function is not called, the score is the same
  CHECK(reason(host, script_leaf("lazy.lua")).empty());
  CHECK(host.run(host.compile("fails.lua"), script_leaf("fails.lua"), Record{}).score == 8.0);
  CHECK(host.run(host.compile("number.lua"), script_leaf("number.lua"), Record{}).score == 8.0);
  CHECK(std::string(run_error(host, script_leaf("high.lua")).what()) == too_high);  // an error still names it
  host.set_reasons(true);
  CHECK(reason(host, script_leaf("lazy.lua")) == "测试指标，x=a");
}

TEST_CASE("lua: what a script read is listed only with traces on, and the score is the same", "[lua]") {
  const auto dir = scripts("traces", {{"reads.lua", "return function(ctx) return ctx.facts.budget / 100, 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  Node node = script_leaf("reads.lua");
  node.facts = {"budget"};
  Record record;
  record.facts["budget"] = jixiao::test::number_fact("budget", "686.54");
  const ScriptOutcome traced = host.run(host.compile("reads.lua"), node, record);
  CHECK(traced.facts_read == std::vector<std::string>{"budget"});
  host.set_traces(false);
  const ScriptOutcome bare = host.run(host.compile("reads.lua"), node, record);
  CHECK(bare.facts_read.empty());
  CHECK(bare.score == traced.score);
}
