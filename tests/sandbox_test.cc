// Hostile scripts, end to end: each is stopped with an error naming what it
// tried, and the same host then scores an honest leaf correctly.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>

#include "error.h"
#include "lua_runtime.h"
#include "scorer.h"
#include "test_support.h"

using jixiao::Error;
using jixiao::Node;
using jixiao::Record;
using jixiao::ScriptHost;

namespace {

struct Hostile {
  const char* name;
  const char* body;      // the body of the scoring function
  const char* expected;  // part of the error message
};

const Hostile kHostile[] = {
    {"endless loop", "while true do end", "instruction budget of 1000000 exceeded"},
    {"loop behind its own pcall", "while true do pcall(function() while true do end end) end",
     "instruction budget of 1000000 exceeded"},
    {"huge string.rep", "local s = string.rep('x', 1e9)", "refused: string.rep would make 1000000000 bytes"},
    {"growing table", "local t, s = {}, string.rep('x', 1 << 20) for i = 1, 1e9 do t[i] = s .. i end",
     "stopped: the script needed more than the 16 MiB of memory scripts may use"},
    {"pathological pattern", "string.find(string.rep('a', 3000), '.-.-.-b')", "refused: a pattern with 3 repetitions"},
    {"os.execute", "os.execute('true')", "attempt to index a nil value (global 'os')"},
    {"io.open", "io.open('/etc/passwd')", "attempt to index a nil value (global 'io')"},
    {"require outside scripts/", "require '..etc.passwd'", "only modules under scripts/ can be required"},
    {"require a C library", "require 'os'", "no module scripts/os.lua"},
    {"load of bytecode", "load('\\27Lua')", "attempt to call a nil value (global 'load')"},
    {"string.dump", "string.dump(print)", "attempt to call a nil value (field 'dump')"},
    {"debug library", "debug.sethook()", "attempt to index a nil value (global 'debug')"},
    {"setmetatable on the facts", "setmetatable(ctx.facts, {})", "cannot change a protected metatable"},
    {"writing a fact", "ctx.facts.annual_budget = 0", "the context is read-only"},
    {"changing a shared module", "local rules = require 'lib.rules'; rules.proportional = nil",
     "cannot change lib.rules.proportional"},
    {"changing the string library", "string.format = nil", "cannot change string.format"},
    {"a global for the next run", "leaked = true", "assignment to global 'leaked'"},
    {"the real string table through pairs", "local _, raw = pairs(string); raw.rep = nil", "cannot change string.rep"},
    {"a nested module table through pairs",
     "local rules = require 'lib.rules'; for k, v in pairs(rules) do if type(v) == 'table' then v.x = 1 end end; "
     "for _, lib in pairs({math, table, utf8}) do for k in pairs(lib) do lib[k] = nil end end",
     "cannot change math."},
    {"table.move over a huge range", "table.move({}, 1, math.maxinteger // 2, 1)",
     "instruction budget of 1000000 exceeded (in a table function)"},
    {"table.insert at the front in a loop",
     "local t = {} for i = 1, 100000 do t[i] = i end for i = 1, 1e9 do table.insert(t, 1, i); table.remove(t, 1) end",
     "instruction budget of 1000000 exceeded"},
    {"string.byte of a long text in a loop", "local s = string.rep('x', 4000) for i = 1, 1e9 do s:byte(1, -1) end",
     "instruction budget of 1000000 exceeded (in a string function)"},
    {"string.sub of a long text in a loop", "local s = string.rep('x', 1 << 20) for i = 1, 1e9 do s:sub(2) end",
     "instruction budget of 1000000 exceeded (in a string function)"},
    {"a string function given a bad argument", "string.char(-1)", "bad argument #1 to 'char' (value out of range)"},
    {"a balanced-match pattern on a long text", "string.find(string.rep('(', 200000), '%b()')",
     "refused: a pattern with 1 repetitions on a text of 200000 bytes"},
    {"math.randomseed", "math.randomseed(42)", "attempt to call a nil value (field 'randomseed')"},
    {"memory kept in a module for later runs", "local rules = require 'lib.rules'; rules.keep = string.rep('x', 1 << 20)",
     "cannot change lib.rules.keep: shared tables are read-only to scripts"},
    {"a field kept in ctx for later runs of the leaf", "ctx.seen = true",
     "cannot change ctx.seen: shared tables are read-only to scripts"},
    {"a new global environment", "_ENV = {}", "assignment to '_ENV', a variable made when the script was loaded"},
    {"a plain find of a long needle", "string.find(string.rep('a', 1 << 20), string.rep('a', 5000) .. 'b', 1, true)",
     "refused: looking for 5001 bytes in a text of 1048576 bytes could run for minutes"},
    {"a pattern of thousands of character classes", "string.find('abc', string.rep('[%a%d]', 2000))",
     "refused: a pattern of 12000 bytes, more than the 256 a script may use"},
    {"an error object that would print an address", "error({})", "error object is a table value"},
    {"an error text that names another script's line", "error('scripts/honest.lua:3: blame the honest one', 0)",
     "scripts/honest.lua:3: blame the honest one"},
};

// Work inside C that the instruction budget cannot see: each run is stopped
// by the clock (the budget is set out of reach), with the whole message.
struct Hang {
  const char* name;
  const char* body;  // the body of the scoring function, on line 2
};

const Hang kHangs[] = {
    {"string.rep of megabytes in a loop", "for i = 1, 1e9 do local s = string.rep('x', 8 << 20) end"},
    {"string.pack of a megabyte in a loop", "for i = 1, 1e9 do local s = string.pack('c1000000', '') end"},
    {"== on long distinct strings",
     "local a, b = string.rep('a', 4 << 20) .. 'b', string.rep('a', 4 << 20) .. 'c'; "
     "for i = 1, 1e9 do if a == b then return 0, 'same' end end"},
    {"upper in a loop", "local s = string.rep('a', 1 << 20); for i = 1, 1e9 do s:upper() end"},
    {"utf8.len in a loop", "local s = string.rep('a', 1 << 20); for i = 1, 1e9 do utf8.len(s) end"},
    {"gsub in a loop", "local s = string.rep('a', 1 << 20); for i = 1, 1e9 do s:gsub('a', 'b') end"},
    {"utf8.codes stepping over continuation bytes",
     "local s = 'a' .. string.rep('\\x80', 1 << 20); local step = utf8.codes(s); for i = 1, 1e9 do step(s, 1) end"},
    {"table.sort with a comparator on long strings",
     "local t = {} for i = 1, 8 do t[i] = string.rep('a', 1 << 20) .. (9 - i) end; "
     "for i = 1, 1e9 do table.sort(t, function(x, y) return x > y end) end"},
    {"table.sort of long strings without a comparator",
     "local t = {} for i = 1, 8 do t[i] = string.rep('a', 1 << 20) .. (9 - i) end; "
     "for i = 1, 1e9 do table.sort(t) end"},
    {"a loop caught by its own pcall", "while true do pcall(function() while true do end end) end"},
};

const char* const kHonest =
    "local rules = require 'lib.rules'\n"
    "return function(ctx)\n"
    "  return rules.proportional(ctx.facts.spent * 100 / ctx.facts.annual_budget, 100, ctx.weight), 'ok'\n"
    "end\n";

// An honest script whose reason depends on everything a hostile run could
// have disturbed: random numbers, pairs order, a module's tables.
const char* const kWitness =
    "local rules = require 'lib.rules'\n"
    "return function(ctx)\n"
    "  local keys = {}\n"
    "  for k in pairs({zeta = 1, alpha = 2, [3] = 3, mid = 4, [1] = 5}) do keys[#keys + 1] = tostring(k) end\n"
    "  local draws = math.random(1, 1000000) .. '/' .. math.random(1, 1000000)\n"
    "  return rules.proportional(ctx.facts.spent, ctx.facts.annual_budget, ctx.weight),\n"
    "         table.concat(keys, ',') .. ' ' .. draws .. ' ' .. rules.num(rules.proportional(38, 40, 2))\n"
    "end\n";

Node leaf(const std::string& script) {
  Node n;
  n.id = "leaf";
  n.name = "测试";
  n.weight = jixiao::Decimal::from_int(8);
  n.script = script;
  n.facts = {"spent", "annual_budget"};
  n.params.type = jixiao::Value::Type::kMap;
  return n;
}

}  // namespace

TEST_CASE("sandbox: every hostile script is stopped and the next leaf still scores correctly", "[sandbox]") {
  const std::string dir = jixiao::test::scratch_dir("sandbox-hostile");
  const std::string link = "ln -s '" + jixiao::test::scripts_dir() + "/lib' '" + dir + "/lib'";
  REQUIRE(std::system(link.c_str()) == 0);
  jixiao::test::write_text(dir + "/honest.lua", kHonest);
  for (size_t i = 0; i < sizeof kHostile / sizeof kHostile[0]; ++i)
    jixiao::test::write_text(dir + "/hostile" + std::to_string(i) + ".lua",
                             std::string("return function(ctx)\n  ") + kHostile[i].body + "\n  return 0, 'x'\nend\n");

  Record record;
  record.facts["spent"] = jixiao::test::number_fact("spent", "50");
  record.facts["annual_budget"] = jixiao::test::number_fact("annual_budget", "100");
  ScriptHost host(dir, "scripts", 2, jixiao::SandboxLimits{1'000'000, 16u << 20});
  const Node honest = leaf("honest.lua");
  const int honest_handle = host.compile("honest.lua");

  jixiao::test::write_text(dir + "/witness.lua", kWitness);
  const Node witness = leaf("witness.lua");
  const int witness_handle = host.compile("witness.lua");
  const auto before = host.run(witness_handle, witness, record);

  for (size_t i = 0; i < sizeof kHostile / sizeof kHostile[0]; ++i) {
    INFO(kHostile[i].name);
    const Node hostile = leaf("hostile" + std::to_string(i) + ".lua");
    try {
      host.run(host.compile(hostile.script), hostile, record);
      FAIL_CHECK("not stopped");
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Catch::Contains(kHostile[i].expected));
      CHECK(e.where().file == "scripts/" + hostile.script);
    }
    const auto outcome = host.run(honest_handle, honest, record);
    CHECK(outcome.score == 4.0);
    CHECK(outcome.reason == "ok");
    // The same inputs twice after a hostile script: the same score and reason as before it.
    for (int twice = 0; twice < 2; ++twice) {
      const auto again = host.run(witness_handle, witness, record);
      CHECK(again.score == before.score);
      CHECK(again.reason == before.reason);
    }
  }
  CHECK_THAT(before.reason, Catch::StartsWith("1,3,alpha,mid,zeta "));
}

TEST_CASE("sandbox: work inside C functions is stopped by the clock and the next leaf still scores", "[sandbox]") {
  const std::string dir = jixiao::test::scratch_dir("sandbox-hangs");
  const std::string link = "ln -s '" + jixiao::test::scripts_dir() + "/lib' '" + dir + "/lib'";
  REQUIRE(std::system(link.c_str()) == 0);
  jixiao::test::write_text(dir + "/honest.lua", kHonest);
  for (size_t i = 0; i < sizeof kHangs / sizeof kHangs[0]; ++i)
    jixiao::test::write_text(dir + "/hang" + std::to_string(i) + ".lua",
                             std::string("return function(ctx)\n  ") + kHangs[i].body + "\n  return 0, 'x'\nend\n");

  Record record;
  record.facts["spent"] = jixiao::test::number_fact("spent", "50");
  record.facts["annual_budget"] = jixiao::test::number_fact("annual_budget", "100");
  ScriptHost host(dir, "scripts", 2, jixiao::SandboxLimits{1'000'000'000'000, 32u << 20, 300});
  const Node honest = leaf("honest.lua");
  const int honest_handle = host.compile("honest.lua");

  for (size_t i = 0; i < sizeof kHangs / sizeof kHangs[0]; ++i) {
    INFO(kHangs[i].name);
    const Node hang = leaf("hang" + std::to_string(i) + ".lua");
    const int handle = host.compile(hang.script);
    const auto start = std::chrono::steady_clock::now();
    try {
      host.run(handle, hang, record);
      FAIL_CHECK("not stopped");
    } catch (const Error& e) {
      const std::string file = "scripts/" + hang.script;
      // Where the clock catches a run varies: a stop inside a comparator adds
      // its frame, so the traceback ends, rather than is, the scoring function.
      CHECK_THAT(e.message(), Catch::StartsWith("stopped: the run took longer than 300 ms\n  " + file + ":2: in function <"));
      CHECK_THAT(e.message(), Catch::EndsWith("\n  " + file + ":2: in function <" + file + ":1>"));
      CHECK(e.where().file == file);
      CHECK(e.where().line == 2);
    }
    // Stopped by the 300 ms clock, not after minutes; the margin is for a
    // loaded 2-core CI machine, where a test gets a fraction of a core.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(5000));
    const auto outcome = host.run(honest_handle, honest, record);
    CHECK(outcome.score == 4.0);
    CHECK(outcome.reason == "ok");
  }
}

TEST_CASE("sandbox: a script the set names but scripts/ lacks is located at the set's line", "[sandbox]") {
  const std::string yaml =
      "id: s\nname: 测试\ntotal: 8\nindicators:\n"
      "  - id: a\n    name: 甲\n    weight: 8\n    explanation: x\n    rule: x\n    script: nosuch.lua\n";
  try {
    jixiao::Scorer scorer(yaml, "sets/s.yaml", jixiao::test::scripts_dir());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "sets/s.yaml:5:5: [甲（a）] no such script scripts/nosuch.lua");
  }
}
