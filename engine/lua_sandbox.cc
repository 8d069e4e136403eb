#include "lua_sandbox.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <initializer_list>

namespace jixiao::sandbox {

namespace {

constexpr int kHookEvery = 1000;              // instructions between two budget checks
constexpr size_t kMaxRepBytes = 16u << 20;    // string.rep results above this are refused
constexpr double kMaxPatternSteps = 8;        // log10 of the matching steps a pattern call may take

// Globals a script may use. Left out: io, os, debug, package, coroutine,
// load, loadfile, dofile, collectgarbage, print, rawset (it would write
// through a read-only proxy) and string.dump.
const char* const kSafeGlobals[] = {"assert",   "error",    "ipairs", "next",     "pairs",        "rawequal",
                                    "rawget",   "rawlen",   "select", "tonumber", "tostring",     "type",
                                    "_VERSION", "getmetatable"};
const char* const kLibraries[] = {"math", "string", "table", "utf8"};

void* capped_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* budget = static_cast<Budget*>(ud);
  const size_t old = ptr != nullptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    budget->memory_used -= old;
    return nullptr;
  }
  if (nsize > old && budget->memory_used - old + nsize > budget->memory_limit) return nullptr;
  void* p = std::realloc(ptr, nsize);
  if (p != nullptr) budget->memory_used = budget->memory_used - old + nsize;
  return p;
}

// Fires every kHookEvery instructions; once over budget it raises at every
// check, so a script that catches the error with its own pcall is stopped again.
void budget_hook(lua_State* L, lua_Debug* ar) {
  Budget* budget = budget_of(L);
  budget->instructions_used += kHookEvery;
  if (!budget->exhausted()) return;
  lua_getinfo(L, "Sl", ar);  // where the script was when it ran out
  lua_pushfstring(L, "%s:%d: stopped: instruction budget of %I exceeded (an endless loop?)", ar->short_src,
                  ar->currentline, static_cast<lua_Integer>(budget->instruction_limit));
  lua_error(L);
}

// A stop for the budget or memory is not the script's to catch.
bool uncatchable(lua_State* L, int status) { return status == LUA_ERRMEM || budget_of(L)->exhausted(); }

int safe_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  const int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
  if (status != LUA_OK) {
    if (uncatchable(L, status)) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L);
}

// Lua calls an xpcall message handler before the error unwinds, still inside
// the hook that raised it, where no hook fires: a looping handler would never
// be stopped. After a stop the handler is skipped.
int budgeted_handler(lua_State* L) {
  if (budget_of(L)->exhausted()) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int safe_xpcall(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, budgeted_handler, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  const int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
  if (status != LUA_OK) {
    if (uncatchable(L, status)) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - 2;
}

// Repetitions (*, +, -, ?, %b, %f) outside character classes and escapes.
int repetitions(const char* p) {
  int count = 0;
  for (; *p != '\0'; ++p) {
    if (*p == '%' && (p[1] == 'b' || p[1] == 'f')) {  // balanced match and frontier also scan
      ++count;
      ++p;
    } else if (*p == '%' && p[1] != '\0') {
      ++p;
    } else if (*p == '[') {
      for (++p; *p != '\0' && *p != ']'; ++p)
        if (*p == '%' && p[1] != '\0') ++p;
      if (*p == '\0') break;
    } else if (*p == '*' || *p == '+' || *p == '-' || *p == '?') {
      ++count;
    }
  }
  return count;
}

// Lua's matcher backtracks inside C, where the instruction budget cannot
// stop it: a pattern with k repetitions on n bytes may take about n^(k+1)
// steps. Calls that could take more than 10^8 are refused.
int capped_pattern_call(lua_State* L) {
  size_t length = 0;
  luaL_checklstring(L, 1, &length);
  const char* pattern = luaL_checkstring(L, 2);
  const bool plain = lua_toboolean(L, 4) && lua_tointeger(L, lua_upvalueindex(2)) == 1;  // string.find's plain
  if (!plain) {
    const int k = repetitions(pattern) + (pattern[0] == '^' ? 0 : 1);
    if (k * std::log10(static_cast<double>(length) + 1) > kMaxPatternSteps)
      return luaL_error(L,
                        "refused: a pattern with %d repetitions on a text of %d bytes could run for minutes "
                        "(shorten the text or simplify the pattern)",
                        k - (pattern[0] == '^' ? 0 : 1), static_cast<int>(length));
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

int capped_rep(lua_State* L) {
  size_t length = 0, sep_length = 0;
  luaL_checklstring(L, 1, &length);
  const lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &sep_length);
  const double total = static_cast<double>(length + sep_length) * static_cast<double>(n > 0 ? n : 0);
  // Lua loops n times in C even when the pieces are empty: cap n as well.
  if (total > static_cast<double>(kMaxRepBytes) || n > static_cast<lua_Integer>(kMaxRepBytes))
    return luaL_error(L, "refused: string.rep would make %I bytes, more than the %d MiB a script may",
                      static_cast<lua_Integer>(total), static_cast<int>(kMaxRepBytes >> 20));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// table.insert/remove/move/concat/unpack/sort loop inside C, where the
// instruction hook cannot count: each call is charged the elements it may
// touch, so a loop of them still runs out of budget.
enum TableCost { kInsert, kRemove, kMove, kConcat, kUnpack, kSort };

lua_Integer optional_integer(lua_State* L, int arg, lua_Integer fallback) {
  return lua_isnoneornil(L, arg) ? fallback : luaL_checkinteger(L, arg);
}

int charged_table_call(lua_State* L) {
  const auto kind = static_cast<TableCost>(lua_tointeger(L, lua_upvalueindex(2)));
  const lua_Integer n = lua_type(L, 1) == LUA_TTABLE ? static_cast<lua_Integer>(lua_rawlen(L, 1)) : 0;
  double cost = 1;
  switch (kind) {
    case kInsert: cost = lua_gettop(L) >= 3 ? static_cast<double>(n) : 1; break;
    case kRemove: cost = static_cast<double>(n); break;
    case kMove: cost = static_cast<double>(luaL_checkinteger(L, 3)) - static_cast<double>(luaL_checkinteger(L, 2)) + 1; break;
    case kConcat:
    case kUnpack:
      cost = static_cast<double>(optional_integer(L, kind == kConcat ? 4 : 3, n)) -
             static_cast<double>(optional_integer(L, kind == kConcat ? 3 : 2, 1)) + 1;
      break;
    case kSort: cost = static_cast<double>(n) * (std::log2(static_cast<double>(n) + 1) + 1); break;
  }
  Budget* budget = budget_of(L);
  if (cost > 0) budget->instructions_used += static_cast<long long>(std::min(cost, 9e15));
  if (budget->exhausted())
    return luaL_error(L, "stopped: instruction budget of %I exceeded (in a table function)",
                      static_cast<lua_Integer>(budget->instruction_limit));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

void charge_table_library(lua_State* L) {
  lua_getglobal(L, LUA_TABLIBNAME);
  const std::pair<const char*, TableCost> kCharged[] = {{"insert", kInsert}, {"remove", kRemove}, {"move", kMove},
                                                        {"concat", kConcat}, {"unpack", kUnpack}, {"sort", kSort}};
  for (const auto& [name, kind] : kCharged) {
    lua_getfield(L, -1, name);
    lua_pushinteger(L, kind);
    lua_pushcclosure(L, charged_table_call, 2);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
}

// Replaces string.NAME with `wrapper`, which calls the original (upvalue 1).
void wrap_string_function(lua_State* L, const char* name, lua_CFunction wrapper, int is_find) {
  lua_getfield(L, -1, name);
  lua_pushinteger(L, is_find);
  lua_pushcclosure(L, wrapper, 2);
  lua_setfield(L, -2, name);
}

// The string library is shared by every script through the string
// metatable: harden it in place, and hide the metatable.
void harden_string_library(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  wrap_string_function(L, "find", capped_pattern_call, 1);
  for (const char* name : {"match", "gmatch", "gsub"}) wrap_string_function(L, name, capped_pattern_call, 0);
  wrap_string_function(L, "rep", capped_rep, 0);
  lua_pop(L, 1);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
}

// Finalizers (__gc) run where no hook fires, outside any run and its budget:
// metatables with __gc (and __close) are refused. A __close added to a
// metatable later still runs under the budget, which is what matters.
int safe_setmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE)
    for (const char* field : {"__gc", "__close"}) {
      lua_getfield(L, 2, field);
      if (!lua_isnil(L, -1)) return luaL_error(L, "metatables with %s are not allowed in scripts", field);
      lua_pop(L, 1);
    }
  // What base's setmetatable does, raised from here so errors carry the script line.
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, lua_type(L, 2) == LUA_TNIL || lua_type(L, 2) == LUA_TTABLE, 2, "nil or table");
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

int refuse_write(lua_State* L) {
  const char* what = lua_tostring(L, lua_upvalueindex(1));
  return luaL_error(L, "cannot change %s.%s: shared tables are read-only to scripts", what,
                    luaL_tolstring(L, 2, nullptr));
}

// proxy.key: the target's value, itself behind a read-only proxy when it is
// a table, so nested tables of a shared module are as safe as the module.
int proxy_index(lua_State* L) {
  lua_pushvalue(L, 2);
  lua_gettable(L, lua_upvalueindex(1));
  if (lua_type(L, -1) == LUA_TTABLE) push_read_only(L, -1, lua_tostring(L, lua_upvalueindex(2)));
  return 1;
}

// The iterator of pairs(proxy): next over the target (upvalue 1), handing
// out tables behind proxies; the target itself never reaches the script.
int proxy_next(lua_State* L) {
  lua_settop(L, 2);
  lua_pushvalue(L, 2);
  if (lua_next(L, lua_upvalueindex(1)) == 0) {
    lua_pushnil(L);
    return 1;
  }
  if (lua_type(L, -1) == LUA_TTABLE) {
    push_read_only(L, -1, lua_tostring(L, lua_upvalueindex(2)));
    lua_remove(L, -2);
  }
  return 2;
}

int proxy_pairs(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushcclosure(L, proxy_next, 2);
  lua_pushvalue(L, 1);  // the proxy, not the target, as the iterator's state
  lua_pushnil(L);
  return 3;
}

int proxy_len(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, lua_upvalueindex(1))));
  return 1;
}

}  // namespace

Budget* budget_of(lua_State* L) { return *static_cast<Budget**>(lua_getextraspace(L)); }

lua_State* open_state(Budget* budget) {
  lua_State* L = lua_newstate(capped_alloc, budget);
  if (L == nullptr) return nullptr;
  *static_cast<Budget**>(lua_getextraspace(L)) = budget;
  const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},        {LUA_MATHLIBNAME, luaopen_math},
                           {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
                           {LUA_UTF8LIBNAME, luaopen_utf8}};
  for (const auto& lib : libs) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }
  harden_string_library(L);
  charge_table_library(L);
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, kHookEvery);
  return L;
}

void push_read_only(lua_State* L, int index, const char* what) {
  index = lua_absindex(L, index);
  // One proxy per table, so proxies compare equal (and cost one allocation).
  if (luaL_getsubtable(L, LUA_REGISTRYINDEX, "jixiao.proxies") == 0) {
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
  }
  lua_pushvalue(L, index);
  if (lua_rawget(L, -2) == LUA_TTABLE) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 1);
  lua_newtable(L);
  lua_createtable(L, 0, 5);
  lua_pushvalue(L, index);
  lua_pushstring(L, what);
  lua_pushcclosure(L, proxy_index, 2);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, what);
  lua_pushcclosure(L, refuse_write, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, index);
  lua_pushstring(L, what);
  lua_pushcclosure(L, proxy_pairs, 2);
  lua_setfield(L, -2, "__pairs");
  lua_pushvalue(L, index);
  lua_pushcclosure(L, proxy_len, 1);
  lua_setfield(L, -2, "__len");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, index);
  lua_pushvalue(L, -2);
  lua_rawset(L, -4);  // cache[target] = proxy
  lua_remove(L, -2);
}

void push_safe_globals(lua_State* L) {
  lua_newtable(L);
  for (const char* name : kSafeGlobals) {
    lua_getglobal(L, name);
    lua_setfield(L, -2, name);
  }
  lua_pushcfunction(L, safe_pcall);
  lua_setfield(L, -2, "pcall");
  lua_pushcfunction(L, safe_xpcall);
  lua_setfield(L, -2, "xpcall");
  lua_pushcfunction(L, safe_setmetatable);
  lua_setfield(L, -2, "setmetatable");
  for (const char* name : kLibraries) {
    lua_getglobal(L, name);
    push_read_only(L, -1, name);
    lua_setfield(L, -3, name);
    lua_pop(L, 1);
  }
}

}  // namespace jixiao::sandbox
