// The sandbox that scoring scripts run in (internal to the Lua module:
// lua_runtime.cc and lua_sandbox.cc are the only files that include Lua).
//
// A sandboxed state has a capped allocator, an instruction budget that keeps
// firing once exceeded (so pcall cannot swallow it), a string library whose
// pattern functions and rep refuse inputs that could run for minutes inside
// C (where the budget cannot reach), and read-only shared tables.
#pragma once

#include <lua.hpp>

#include <cstddef>
#include <exception>

namespace jixiao::sandbox {

struct Budget {
  long long instruction_limit = 0;  // per run
  long long instructions_used = 0;
  size_t memory_limit = 0;          // for the whole state
  size_t memory_used = 0;

  bool exhausted() const { return instructions_used > instruction_limit; }
};

// A new state whose allocator and hook charge `budget` (which must outlive
// it), with base, math, string, table and utf8 opened and the string library
// hardened. Returns nullptr when Lua cannot allocate the state.
lua_State* open_state(Budget* budget);

Budget* budget_of(lua_State* L);

// Pushes a new table of the globals a script may use; their library tables
// are read-only proxies. `require` is added by the caller.
void push_safe_globals(lua_State* L);

// Pushes a proxy that reads through to the table at `index` and refuses
// writes, rawset-free access to the original and metatable changes.
void push_read_only(lua_State* L, int index, const char* what);

// C functions called from Lua must not let a C++ exception reach Lua's own
// try/catch, which would garble it: turn it into a Lua error.
template <int (*Body)(lua_State*)>
int guarded(lua_State* L) {
  try {
    return Body(L);
  } catch (const std::exception& e) {
    luaL_where(L, 1);  // the script line that called, as Lua's own errors have
    lua_pushstring(L, e.what());
    lua_concat(L, 2);
  }
  return lua_error(L);
}

}  // namespace jixiao::sandbox
