// What only a shown result needs, built only when shown: a reason returned
// as a function and its values is written only with reasons on; the list of
// what a script read only with traces on.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using namespace jixiao;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  const std::string dir = test::scratch_dir("lua-shown-" + test);
  for (const auto& [name, text] : files) test::write_text(dir + "/" + name, text);
  return dir;
}

Node leaf(const std::string& script) {
  Node n;
  n.id = "leaf";
  n.name = "测试指标";
  n.weight = Decimal::from_int(8);
  n.script = script;
  n.facts = {"annual_budget"};
  n.params.type = Value::Type::kMap;
  return n;
}

Record record() {
  Record r;
  r.entity = "测试单位";
  r.year = 2021;
  r.facts["annual_budget"] = test::number_fact("annual_budget", "686.54");
  return r;
}

std::string error_of(ScriptHost& host, const Node& node) {
  try {
    host.run(host.compile(node.script), node, record());
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("lua: a reason given as a function is written with its values, in the run, only when reasons are on",
          "[lua]") {
  const auto dir = scripts("lazy", {{"lazy.lua",
                                     "local function why(ctx, x)\n"
                                     "  return string.format('预算%s，x=%s', tostring(ctx.facts.annual_budget), x)\n"
                                     "end\n"
                                     "return function(ctx) return 8, why, ctx, 'a' end\n"},
                                    {"fails.lua",
                                     "local function why() error('说明出错') end\n"
                                     "return function(ctx) return 8, why end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Node lazy = leaf("lazy.lua"), fails = leaf("fails.lua");
  const ScriptOutcome shown = host.run(host.compile("lazy.lua"), lazy, record());
  CHECK(shown.score == 8.0);
  CHECK(shown.reason == "预算686.54，x=a");
  CHECK(error_of(host, fails) == "scripts/fails.lua:1: 说明出错\n"
                                 "  scripts/fails.lua:1: in function <scripts/fails.lua:1>");

  host.set_reasons(false);
  const ScriptOutcome batch = host.run(host.compile("lazy.lua"), lazy, record());
  CHECK(batch.score == 8.0);
  CHECK(batch.reason.empty());
  CHECK(host.run(host.compile("fails.lua"), fails, record()).score == 8.0);  // never called

  host.set_reasons(true);  // and the host is as it was
  CHECK(host.run(host.compile("lazy.lua"), lazy, record()).reason == "预算686.54，x=a");
}

TEST_CASE("lua: a reason function must return text, and runs under the run's budget", "[lua]") {
  const auto dir = scripts("checks", {{"number.lua", "return function(ctx) return 8, function() return 8 end end\n"},
                                      {"loop.lua",
                                       "local function why() while true do end end\n"
                                       "return function(ctx) return 8, why end\n"},
                                      {"high.lua",
                                       "local function why(x) return '太高' .. x end\n"
                                       "return function(ctx) return 9, why, 1 end\n"}});
  SandboxLimits limits;
  limits.instructions = 1'000'000;
  ScriptHost host(dir, "scripts", 2, limits);
  CHECK(error_of(host, leaf("number.lua")) ==
        "scripts/number.lua: the script must return a score and a reason (text); the reason is number");
  CHECK(error_of(host, leaf("loop.lua")) ==
        "scripts/loop.lua:1: stopped: instruction budget of 1000000 exceeded (an endless loop?)\n"
        "  scripts/loop.lua:1: in function <scripts/loop.lua:1>");
  CHECK(error_of(host, leaf("high.lua")) ==
        "scripts/high.lua: the score 9.000000 is outside 0..8 (the leaf's weight); reason: 太高1");
  host.set_reasons(false);  // an error names the reason all the same
  CHECK(error_of(host, leaf("high.lua")) ==
        "scripts/high.lua: the score 9.000000 is outside 0..8 (the leaf's weight); reason: 太高1");
  CHECK(error_of(host, leaf("number.lua")) == "no error");  // not called, so not checked
}

TEST_CASE("lua: what a script read is listed only with traces on, and the score is the same", "[lua]") {
  const auto dir = scripts("traces", {{"reads.lua", "return function(ctx) return ctx.facts.annual_budget / 100, 'x' end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Node node = leaf("reads.lua");
  const ScriptOutcome traced = host.run(host.compile("reads.lua"), node, record());
  CHECK(traced.facts_read == std::vector<std::string>{"annual_budget"});
  host.set_traces(false);
  const ScriptOutcome bare = host.run(host.compile("reads.lua"), node, record());
  CHECK(bare.facts_read.empty());
  CHECK(bare.score == traced.score);
}
