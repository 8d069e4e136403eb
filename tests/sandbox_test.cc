// Hostile scripts, end to end: each is stopped with an error naming what it
// tried, and the same host then scores an honest leaf correctly.
#include <catch2/catch.hpp>

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
    {"a balanced-match pattern on a long text", "string.find(string.rep('(', 200000), '%b()')",
     "refused: a pattern with 1 repetitions on a text of 200000 bytes"},
};

const char* const kHonest =
    "local rules = require 'lib.rules'\n"
    "return function(ctx)\n"
    "  return rules.proportional(ctx.facts.spent * 100 / ctx.facts.annual_budget, 100, ctx.weight), 'ok'\n"
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

  for (size_t i = 0; i < sizeof kHostile / sizeof kHostile[0]; ++i) {
    INFO(kHostile[i].name);
    const Node hostile = leaf("hostile" + std::to_string(i) + ".lua");
    const int handle = host.compile(hostile.script);
    try {
      host.run(handle, hostile, record);
      FAIL_CHECK("not stopped");
    } catch (const Error& e) {
      CHECK_THAT(e.what(), Catch::Contains(kHostile[i].expected));
      CHECK(e.where().file == "scripts/" + hostile.script);
    }
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
