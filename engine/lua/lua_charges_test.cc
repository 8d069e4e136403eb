// The library functions as scripts get them (lua_charges.cc): string.byte of
// one byte answered without the original, and type with its names made once,
// give what Lua's own give, errors included.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Record;
using jixiao::ScriptHost;
using jixiao::test::script_leaf;

namespace {

std::string reason_of(const std::string& test, const std::string& body) {
  const auto dir = jixiao::test::script_dir("lua-charges-" + test, {{"s.lua", "return function(ctx)\n" + body + "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const auto leaf = script_leaf("s.lua");
  return host.run(host.compile("s.lua"), leaf, Record{}).reason;
}

}  // namespace

TEST_CASE("lua: string.byte of one byte gives what the original gives at every position, and other calls go to it",
          "[lua]") {
  // s:byte(i, i) is the original's answer (three arguments: never the short way).
  const std::string differing = reason_of("byte-positions",
                                          "  local differing = {}\n"
                                          "  for _, s in ipairs({'', 'a', '已完成。', 'ab\\0c'}) do\n"
                                          "    for _, i in ipairs({math.mininteger, -13, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 13,\n"
                                          "                        math.maxinteger}) do\n"
                                          "      local one, sliced = table.pack(s:byte(i)), table.pack(s:byte(i, i))\n"
                                          "      if one.n ~= sliced.n or one[1] ~= sliced[1] then\n"
                                          "        differing[#differing + 1] = #s .. ':' .. i\n"
                                          "      end\n"
                                          "    end\n"
                                          "  end\n"
                                          "  return 0, 'differing [' .. table.concat(differing, ' ') .. ']'\n");
  CHECK(differing == "differing []");
  CHECK(reason_of("byte-values",
                  "  local s = '已完成。'\n"
                  "  local last, first, none = s:byte(-1), string.byte(s, 1), select('#', s:byte(13))\n"
                  "  return 0, last .. ' ' .. first .. ' ' .. none .. ' ' .. select('#', s:byte(0)) .. ' ' ..\n"
                  "            s:byte(2.0) .. ' ' .. s:byte('3') .. ' ' .. table.concat({s:byte(-2, -1)}, ',') ..\n"
                  "            ' ' .. s:byte()\n") == "130 229 0 0 183 178 128,130 229");
  CHECK(reason_of("byte-errors",
                  "  local _, fraction = pcall(function() return ('ab'):byte(1.5) end)\n"
                  "  local _, table_arg = pcall(function() return string.byte({}, 1) end)\n"
                  "  return 0, fraction .. ' | ' .. table_arg\n") ==
        "scripts/s.lua:2: bad argument #1 to 'byte' (number has no integer representation) | "
        "scripts/s.lua:3: bad argument #1 to 'byte' (string expected, got table)");
}

TEST_CASE("lua: type names every type as Lua's does, the same strings, and asks for a value", "[lua]") {
  CHECK(reason_of("type",
                  "  local names = {type(nil), type(true), type(1), type(1.5), type('s'), type({}), type(type), type(ctx)}\n"
                  "  local _, missing = pcall(type)\n"
                  "  return 0, table.concat(names, ' ') .. ' ' .. tostring(type(2) == 'number') .. ' | ' .. missing\n") ==
        "nil boolean number number string table function table true | bad argument #1 to 'type' (value expected)");
}
