// A frozen table's keys never change, so pairs' order is sorted once, when it
// is frozen: pairs and next over it cost no sort and no memory per call, with
// the same order and the same refusals.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Error;
using jixiao::Record;
using jixiao::SandboxLimits;
using jixiao::ScriptHost;
using jixiao::test::script_leaf;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-freeze-" + test, files);
}

std::string reason(ScriptHost& host, const std::string& script) {
  return host.run(host.compile(script), script_leaf(script), Record{}).reason;
}

// A module of `n` keys k1 … kN, made at its top level and so frozen.
std::string keys_module(int n) {
  return "local t = {}\n"
         "for i = 1, " + std::to_string(n) + " do t['k' .. i] = i end\n"
         "return t\n";
}

}  // namespace

TEST_CASE("lua: pairs and next over a frozen table cost no sort per call, in the same order", "[lua]") {
  // Regression (fixed): every pairs() over a frozen table sorted its keys again
  // and was charged for it; 5000 keys cost some 15,000 instructions a call.
  const auto dir = scripts("budget", {{"lib/keys.lua", keys_module(5000)},
                                      {"walk.lua",
                                       "local keys = require 'lib.keys'\n"
                                       "return function(ctx)\n"
                                       "  local first = {}\n"
                                       "  for round = 1, 40 do\n"
                                       "    for k in pairs(keys) do first[round] = k break end\n"
                                       "  end\n"
                                       "  local k, steps = next(keys), {}\n"
                                       "  for i = 1, 3 do steps[i] = k; k = next(keys, k) end\n"
                                       "  local refused = select(2, pcall(function() keys.k1 = 0 end))\n"
                                       "  return 0, first[1] .. ' ' .. first[40] .. ' | ' .. table.concat(steps, ' ') .. ' | ' .. refused\n"
                                       "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{200'000});
  const std::string expected =
      "k1 k1 | k1 k10 k100 | scripts/walk.lua:9: cannot change lib.keys.k1: shared tables are read-only to scripts";
  CHECK(reason(host, "walk.lua") == expected);
  CHECK(reason(host, "walk.lua") == expected);
}

TEST_CASE("lua: the order of a frozen table's keys is held with the loaded scripts, not made in each run", "[lua]") {
  // Regression (fixed): every pairs() over a frozen table made a sorted list
  // of its keys, 100,000 keys some 3.6 MiB. A run may use all but a little of
  // its limit and still go through a large module: the sorted keys were made
  // (and counted) when the module was loaded.
  const auto dir = scripts("memory", {{"lib/keys.lua", keys_module(100'000)},
                                      {"walk.lua",
                                       "local keys = require 'lib.keys'\n"
                                       "return function(ctx)\n"
                                       "  local mine = {}\n"
                                       "  for i = 1, 13 do mine[i] = string.rep(string.char(64 + i), 1 << 20) end\n"
                                       "  local n = 0\n"
                                       "  for k, v in pairs(keys) do n = n + v end\n"
                                       "  return 0, n .. ' ' .. #mine[1] + #mine[13]\n"
                                       "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{1'000'000'000, 16u << 20});
  CHECK(reason(host, "walk.lua") == "5000050000 2097152");
  CHECK(reason(host, "walk.lua") == "5000050000 2097152");
}

TEST_CASE("lua: a frozen table with a key that has no order still refuses pairs, each time", "[lua]") {
  const auto dir = scripts("unordered", {{"lib/odd.lua", "return {[{}] = 1, a = 2}\n"},
                                         {"odd.lua",
                                          "local odd = require 'lib.odd'\n"
                                          "return function(ctx)\n"
                                          "  for k in pairs(odd) do end\n"
                                          "  return 0, 'x'\n"
                                          "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  for (int round = 0; round < 2; ++round) {
    try {
      reason(host, "odd.lua");
      FAIL("ran without an error");
    } catch (const Error& e) {
      CHECK(e.message() ==
            "pairs: a table with a key of type table has no defined order (use string or number keys)\n"
            "  scripts/odd.lua:3: in function <scripts/odd.lua:2>");
    }
  }
}

TEST_CASE("lua: # of a frozen table is the length of its contents, whichever table it is", "[lua]") {
  // Each frozen table's __len reads its own contents (kept with it when frozen).
  const auto dir = scripts("len", {{"lib/lists.lua", "return {a = {1, 2, 3}, b = {'x'}, c = {}, d = {1, 2, nil, 4}}\n"},
                                   {"len.lua",
                                    "local lists = require 'lib.lists'\n"
                                    "local top = {5, 6}\n"
                                    "return function(ctx)\n"
                                    "  return 0, table.concat({#lists.a, #lists.b, #lists.c, #top, #lists.a + #top}, ' ') ..\n"
                                    "    ' ' .. tostring(#lists.d == 4 or #lists.d == 2)\n"
                                    "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(reason(host, "len.lua") == "3 1 0 2 5 true");
  CHECK(reason(host, "len.lua") == "3 1 0 2 5 true");
}
