// pairs and next in a defined order: numbers ascending, then strings
// bytewise, then false before true (Lua's own order follows string hashes,
// whose seed differs from process to process). A frozen table's keys are
// sorted once, when it is frozen (lua_freeze.cc); others' at every call.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <numeric>
#include <vector>

#include "lua_sandbox.h"

namespace jixiao::sandbox {

namespace {

// The defined order of keys: numbers ascending, then strings bytewise, then
// false before true. Other keys (tables, functions) have none: -1.
int key_rank(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return -1;
  }
}

bool key_less(lua_State* L, int a, int b) {
  const int ra = key_rank(L, a), rb = key_rank(L, b);
  if (ra != rb) return ra < rb;
  if (ra == 0) return lua_compare(L, a, b, LUA_OPLT) != 0;  // numbers: no metamethods, no error
  if (ra == 2) return !lua_toboolean(L, a) && lua_toboolean(L, b);
  size_t la = 0, lb = 0;
  const char* sa = lua_tolstring(L, a, &la);
  const char* sb = lua_tolstring(L, b, &lb);
  const int c = std::memcmp(sa, sb, std::min(la, lb));
  return c < 0 || (c == 0 && la < lb);
}

}  // namespace

// Pushes a list of the keys of the plain table at `t` in the defined order,
// or, when keys have none, the name of the first of their types in Lua's
// numbering (a string: "table" before "function"), whichever key Lua's own
// order (by address) meets first; with `charged`, charges the sort.
void push_key_order(lua_State* L, int t, bool charged) {
  t = lua_absindex(L, t);
  lua_newtable(L);
  const int keys = lua_gettop(L);
  lua_Integer n = 0;
  int unordered = LUA_TNONE;  // the least type of a key that has no order
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    lua_pop(L, 1);
    if (key_rank(L, -1) < 0) {
      if (unordered == LUA_TNONE || lua_type(L, -1) < unordered) unordered = lua_type(L, -1);
      continue;
    }
    lua_pushvalue(L, -1);
    lua_rawseti(L, keys, ++n);
  }
  if (unordered != LUA_TNONE) {
    lua_pushstring(L, lua_typename(L, unordered));
    lua_replace(L, keys);
    return;
  }
  if (charged) charge(L, 1 + static_cast<double>(n) * std::log2(static_cast<double>(n) + 1) / 4, "pairs");
  lua_createtable(L, static_cast<int>(n), 0);  // filled below without allocating: its array part is sized
  const int sorted = lua_gettop(L);
  luaL_checkstack(L, 4, "pairs");
  bool failed = false;
  try {  // no Lua error can be raised in here (rawgeti/rawseti on sized tables, comparisons of keys)
    std::vector<lua_Integer> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 1);
    std::sort(order.begin(), order.end(), [&](lua_Integer a, lua_Integer b) {
      lua_rawgeti(L, keys, a);
      lua_rawgeti(L, keys, b);
      const bool less = key_less(L, -2, -1);
      lua_pop(L, 2);
      return less;
    });
    for (size_t i = 0; i < order.size(); ++i) {
      lua_rawgeti(L, keys, order[i]);
      lua_rawseti(L, sorted, static_cast<lua_Integer>(i + 1));
    }
  } catch (const std::exception&) {
    failed = true;
  }
  if (failed) luaL_error(L, "pairs: not enough memory");
  lua_remove(L, keys);
}

// Raises the error of pairs over a table whose key order (on top) is the type of a key that has none.
void check_key_order(lua_State* L) {
  if (lua_type(L, -1) == LUA_TSTRING)
    luaL_error(L, "pairs: a table with a key of type %s has no defined order (use string or number keys)",
               lua_tostring(L, -1));
}

namespace {

// Pushes the keys of the plain table at `target` in the defined order,
// charged; raises for a key that has no order. For a frozen table (`frozen`
// its index, 0 for none; `target` its hidden table) the order kept when it
// was frozen, when it has one.
void push_sorted_keys(lua_State* L, int target, int frozen) {
  if (frozen != 0 && push_kept_keys(L, frozen)) return;
  push_key_order(L, target, true);
  check_key_order(L);
}

// The iterator: upvalues (table, sorted keys, position).
int ordered_step(lua_State* L) {
  const lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
  lua_pushinteger(L, i);
  lua_replace(L, lua_upvalueindex(3));
  if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 1;
  lua_pushvalue(L, -1);
  lua_rawget(L, lua_upvalueindex(1));
  return 2;
}

// pairs' three results, iterating the plain table at `target` (see
// push_sorted_keys for `frozen`); `state` is what the loop is handed.
int push_ordered_iteration(lua_State* L, int target, int frozen, int state) {
  target = lua_absindex(L, target);
  state = lua_absindex(L, state);
  lua_pushvalue(L, target);
  push_sorted_keys(L, target, frozen);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, ordered_step, 3);
  lua_pushvalue(L, state);
  lua_pushnil(L);
  return 3;
}

}  // namespace

// __pairs of a frozen table (scripts cannot reach it: only frozen tables have it).
int frozen_pairs(lua_State* L) {
  push_contents(L, 1);
  return push_ordered_iteration(L, -1, 1, 1);
}

int ordered_pairs(lua_State* L) {
  luaL_checkany(L, 1);
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {  // frozen tables, and a script's own __pairs
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  return push_ordered_iteration(L, 1, 0, 1);
}

// next(t, k) in pairs' order: the key after k (binary search in the sorted keys).
int ordered_next(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  const bool frozen = push_contents(L, 1);
  if (!frozen) lua_pushvalue(L, 1);
  const int target = 3;
  push_sorted_keys(L, target, frozen ? 1 : 0);
  const int keys = 4;
  lua_Integer at = 1;
  if (!lua_isnil(L, 2)) {
    lua_Integer lo = 1, hi = static_cast<lua_Integer>(lua_rawlen(L, keys)) + 1;
    while (key_rank(L, 2) >= 0 && lo < hi) {
      const lua_Integer mid = lo + (hi - lo) / 2;
      lua_rawgeti(L, keys, mid);
      const bool less = key_less(L, -1, 2);
      lua_pop(L, 1);
      if (less) lo = mid + 1;
      else hi = mid;
    }
    lua_rawgeti(L, keys, lo);
    if (!lua_rawequal(L, -1, 2)) return luaL_error(L, "invalid key to 'next'");
    lua_pop(L, 1);
    at = lo + 1;
  }
  if (lua_rawgeti(L, keys, at) == LUA_TNIL) return 1;
  lua_pushvalue(L, -1);
  lua_rawget(L, target);
  return 2;
}

}  // namespace jixiao::sandbox
