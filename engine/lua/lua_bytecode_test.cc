// The bytecode reader against the Lua the engine links: tiny chunks are
// compiled and dumped, and the upvalue assignments found are checked.
#include "lua_bytecode.h"

#include <catch2/catch.hpp>
#include <lua.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using jixiao::bytecode::parse;
using jixiao::bytecode::Proto;
using jixiao::bytecode::upvalue_writes;
using jixiao::bytecode::UpvalueWrite;

namespace {

int append(lua_State*, const void* p, size_t size, void* ud) {
  static_cast<std::string*>(ud)->append(static_cast<const char*>(p), size);
  return 0;
}

// Runs `chunk` (named "@t.lua") and dumps the function it returns.
std::string dump_of_result(const std::string& chunk) {
  lua_State* L = luaL_newstate();
  std::string dump;
  if (luaL_loadbuffer(L, chunk.data(), chunk.size(), "@t.lua") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK ||
      !lua_isfunction(L, -1)) {
    const std::string message = lua_tostring(L, -1) != nullptr ? lua_tostring(L, -1) : "no function";
    lua_close(L);
    throw std::runtime_error(message);
  }
  lua_dump(L, append, &dump, 0);
  lua_close(L);
  return dump;
}

// "name@line" for each assignment to an upvalue of the function `chunk` returns.
std::vector<std::string> writes(const std::string& chunk) {
  std::vector<std::string> out;
  for (const UpvalueWrite& w : upvalue_writes(parse(dump_of_result(chunk))))
    out.push_back(w.name + "@" + std::to_string(w.line) + " in " + w.source);
  return out;
}

}  // namespace

TEST_CASE("bytecode: SETUPVAL and GETUPVAL have the numbers the reader assumes", "[bytecode]") {
  // `n = n + 1` on an upvalue compiles to GETUPVAL 0 0, ADDI, MMBINI, SETUPVAL 0 0.
  const Proto p = parse(dump_of_result("local n = 0\nreturn function() n = n + 1 end\n"));
  std::vector<unsigned> ops;
  for (unsigned w : p.code) ops.push_back(w & 0x7f);
  REQUIRE(ops.size() >= 4);
  CHECK(ops[0] == 9);   // OP_GETUPVAL
  CHECK(ops[3] == 10);  // OP_SETUPVAL
  CHECK(((p.code[3] >> 16) & 0xff) == 0);  // B: upvalue 0
  REQUIRE(p.upvalues.size() == 1);
  CHECK(p.upvalues[0].name == "n");
  CHECK(p.upvalues[0].in_stack);
  CHECK(p.source == "@t.lua");
}

TEST_CASE("bytecode: an assignment to a variable of the top level is found with its line", "[bytecode]") {
  CHECK(writes("local count = 0\nreturn function(ctx)\n  count = count + 1\n  return count\nend\n") ==
        std::vector<std::string>{"count@3 in @t.lua"});
}

TEST_CASE("bytecode: an assignment from a nested function is found through the chain of functions", "[bytecode]") {
  CHECK(writes("local n = 0\nreturn function()\n  return function()\n    n = 5\n  end\nend\n") ==
        std::vector<std::string>{"n@4 in @t.lua"});
}

TEST_CASE("bytecode: assignments to the function's own locals are not listed", "[bytecode]") {
  CHECK(writes("return function()\n  local n = 0\n  n = n + 1\n  local f = function() n = 2 end\n  f()\n  return n\nend\n")
            .empty());
}

TEST_CASE("bytecode: reading a variable of the top level is not an assignment", "[bytecode]") {
  CHECK(writes("local limit = 10\nreturn function(x) return x < limit end\n").empty());
}

TEST_CASE("bytecode: assigning _ENV is an assignment to an upvalue", "[bytecode]") {
  CHECK(writes("return function()\n  _ENV = {}\nend\n") == std::vector<std::string>{"_ENV@2 in @t.lua"});
}

TEST_CASE("bytecode: lines far from the function's start are read from the absolute line table", "[bytecode]") {
  // Lua stores a line as a one-byte delta from the previous one, and an
  // absolute line when the delta does not fit or every 128 instructions.
  const std::string chunk = "local n = 0\nreturn function()\n" + std::string(300, '\n') + "  n = 1\nend\n";
  CHECK(writes(chunk) == std::vector<std::string>{"n@303 in @t.lua"});
}

TEST_CASE("bytecode: a truncated chunk or another format is refused", "[bytecode]") {
  const std::string dump = dump_of_result("return function() end\n");
  CHECK_THROWS_WITH(parse(dump.substr(0, dump.size() - 3)), "bytecode: truncated chunk");
  CHECK_THROWS_WITH(parse("\x1bLuaS" + dump.substr(5)), "bytecode: not a Lua 5.4 chunk");
}
