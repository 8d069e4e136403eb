// engine.num, which lib.rules gives scripts as rules.num: the figure a reason
// shows, written by the engine as the Lua it replaces wrote it.
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
using jixiao::ScriptHost;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-num-" + test, files);
}

}  // namespace

TEST_CASE("lua: engine.num writes what string.format('%.2f') writes, without trailing zeros or point", "[lua]") {
  // Each value as engine.num writes it and as rules.num wrote it in Lua, side by side.
  const auto dir = scripts("same", {{"same.lua",
                                     "local engine = require 'engine'\n"
                                     "local values = {0, -0.0, 1, 100, 38.5, 2 / 3, 0.005, 0.015, 1.005, 99.995, -0.001,\n"
                                     "  -5, -2.5, 0.1 + 0.2, 123.456, 1e15, 1e300, -1e300, 1 / 0, -1 / 0, 0 / 0, 2^53 + 1,\n"
                                     "  0.125, 0.375, -0.125, 2.675, 1.125, 0.045, 1e22, 5e-324, 2^52 + 0.5, 123456789.125,\n"
                                     "  '3', '2.50', ' 7 '}\n"
                                     "return function(ctx)\n"
                                     "  local out = {}\n"
                                     "  for _, x in ipairs(values) do\n"
                                     "    local lua = string.format('%.2f', x):gsub('0+$', ''):gsub('%.$', '')\n"
                                     "    local ours = engine.num(x)\n"
                                     "    if ours ~= lua then out[#out + 1] = lua .. ' ~= ' .. ours end\n"
                                     "  end\n"
                                     "  return 0, #out .. ' differ ' .. table.concat(out, ', ') .. '; ' ..\n"
                                     "    engine.num(38.5) .. ' ' .. engine.num(2 / 3) .. ' ' .. engine.num(100) .. ' ' .. engine.num(-0.001)\n"
                                     "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Node node = jixiao::test::script_leaf("same.lua");
  CHECK(host.run(host.compile("same.lua"), node, Record{}).reason == "0 differ ; 38.5 0.67 100 -0");
}

TEST_CASE("lua: engine.num of a value that is not a number is an error at the script's line", "[lua]") {
  const auto dir = scripts("nil", {{"nil.lua",
                                    "local engine = require 'engine'\n"
                                    "return function(ctx)\n"
                                    "  return 0, engine.num(ctx.params.missing)\n"
                                    "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const Node node = jixiao::test::script_leaf("nil.lua");
  try {
    host.run(host.compile("nil.lua"), node, Record{});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.where().file == "scripts/nil.lua");
    CHECK(e.where().line == 3);
    CHECK(std::string(e.what()) ==
          "scripts/nil.lua:3: bad argument #1 to 'num' (number expected, got nil)\n"
          "  scripts/nil.lua:3: in function <scripts/nil.lua:2>");
  }
}
