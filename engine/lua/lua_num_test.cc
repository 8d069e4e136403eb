// engine.num, which lib.rules gives scripts as rules.num: the figure a reason
// shows, written by the engine as the Lua it replaces wrote it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Error;
using jixiao::Record;
using jixiao::ScriptHost;

namespace {

// The reason the one script of a scratch folder gives, or its error's whole text.
std::string outcome(const std::string& test, const std::string& script, const std::string& text) {
  ScriptHost host(jixiao::test::script_dir("lua-num-" + test, {{script, text}}), "scripts", 2);
  try {
    return host.run(host.compile(script), jixiao::test::script_leaf(script), Record{}).reason;
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("lua: engine.num writes what string.format('%.2f') writes, without trailing zeros or point", "[lua]") {
  const std::string same =  // each value as engine.num writes it and as rules.num wrote it in Lua
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
      "end\n";
  CHECK(outcome("same", "same.lua", same) == "0 differ ; 38.5 0.67 100 -0");
}

TEST_CASE("lua: engine.num of a value that is not a number is an error at the script's line", "[lua]") {
  CHECK(outcome("nil", "nil.lua",
                "local engine = require 'engine'\n"
                "return function(ctx)\n"
                "  return 0, engine.num(ctx.params.missing)\n"
                "end\n") ==
        "scripts/nil.lua:3: bad argument #1 to 'num' (number expected, got nil)\n"
        "  scripts/nil.lua:3: in function <scripts/nil.lua:2>");
}
