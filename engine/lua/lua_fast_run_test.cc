// Runs are tried without the instruction hook (sandbox::start_fast_run) and
// run again with it unless the hook could not have stopped them: what a
// script gives is what the counted run gives, whether or not it was run twice.
#include <catch2/catch.hpp>

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
using jixiao::test::script_leaf;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-fast-" + test, files);
}


std::string run_text(ScriptHost& host, const std::string& script) {
  const Node node = script_leaf(script);
  try {
    return host.run(host.compile(script), node, Record{}).reason;
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("lua: a run over its budget is stopped where the count stops it, however quickly it would end", "[lua]") {
  const auto dir = scripts("over", {{"over.lua",
                                     "return function(ctx)\n"
                                     "  local n = 0\n"
                                     "  for i = 1, 100000 do n = n + i end\n"
                                     "  return 0, tostring(n)\n"
                                     "end\n"},
                                    {"under.lua",
                                     "return function(ctx)\n"
                                     "  local n = 0\n"
                                     "  for i = 1, 1000 do n = n + i end\n"
                                     "  return 0, tostring(n)\n"
                                     "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{50'000, 64u << 20});
  for (int round = 0; round < 3; ++round) {
    CHECK(run_text(host, "over.lua") ==
          "scripts/over.lua:3: stopped: instruction budget of 50000 exceeded (an endless loop?)\n"
          "  scripts/over.lua:3: in function <scripts/over.lua:1>");
    CHECK(run_text(host, "under.lua") == "500500");
  }
}

TEST_CASE("lua: an endless loop that catches every stop with pcall is stopped by the count", "[lua]") {
  // The default budget: the loop runs fast until the watchdog stops it, which
  // no pcall may catch, and is then counted from its start.
  const auto dir = scripts("sly", {{"sly.lua",
                                    "return function(ctx)\n"
                                    "  while true do\n"
                                    "    pcall(function() while true do end end)\n"
                                    "  end\n"
                                    "end\n"},
                                   {"good.lua", "return function(ctx) return 1, 'good' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK(run_text(host, "sly.lua") ==
        "scripts/sly.lua:3: stopped: instruction budget of 10000000 exceeded (an endless loop?)\n"
        "  scripts/sly.lua:3: in function <scripts/sly.lua:1>");
  CHECK(run_text(host, "good.lua") == "good");
}

TEST_CASE("lua: a run done again draws the same random numbers as a run done once", "[lua]") {
  const auto dir = scripts("random", {{"once.lua", "return function(ctx) return 0, tostring(math.random(1000000)) end\n"},
                                      {"slow.lua",
                                       "return function(ctx)\n"
                                       "  local r = math.random(1000000)\n"
                                       "  local n = 0\n"
                                       "  for i = 1, 20000 do n = n + i end\n"
                                       "  return 0, tostring(r)\n"
                                       "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{200'000, 64u << 20});  // slow.lua always outlasts the fast bound
  const std::string first = run_text(host, "once.lua");
  CHECK(run_text(host, "slow.lua") == first);
  CHECK(run_text(host, "once.lua") == first);
}

TEST_CASE("lua: a run whose garbage adds up past the memory limit, with little of it live, ends as counted", "[lua]") {
  // The collector steps only between runs (sandbox::start_fast_run), so the
  // garbage of one run is freed by the emergency collection at the limit.
  const auto dir = scripts("garbage", {{"garbage.lua",
                                        "return function(ctx)\n"
                                        "  local kept = 0\n"
                                        "  for i = 1, 150 do kept = kept + #string.rep('x', 1 << 18, tostring(i)) end\n"
                                        "  return 0, tostring(kept)\n"
                                        "end\n"}});
  ScriptHost host(dir, "scripts", 2, SandboxLimits{1'000'000'000, 64u << 20});
  for (int round = 0; round < 2; ++round) CHECK(run_text(host, "garbage.lua") == "128974506");
}
