// engine.listed_under (rules.listed_under to scripts): which list of a map of
// lists holds a value. What the Lua loop
//   for key, list in pairs(map) do
//     for _, item in ipairs(list) do if value == item then return key end end
//   end
// gives, errors included, done in C. A map frozen with its contents
// (ctx.params) never changes: for a string, number or boolean value (whose ==
// is raw equality, which a table lookup gives) the answer is read from an
// index of its items built on first use and kept while the map lives. Other
// maps and values are looked up the way the loop does: over a frozen map the
// key order kept when it was frozen and the frozen lists' contents are read
// directly, without a Lua instruction per item.
#include <cmath>

#include "lua_sandbox.h"

namespace jixiao::sandbox {

namespace {


// Whether `value` can be a key of an index: a string, a boolean or a number
// other than NaN (which == nothing, and no table can hold as a key).
bool indexable(lua_State* L, int value) {
  switch (lua_type(L, value)) {
    case LUA_TSTRING:
    case LUA_TBOOLEAN: return true;
    case LUA_TNUMBER: return lua_isinteger(L, value) || !std::isnan(lua_tonumber(L, value));
    default: return false;
  }
}

// Pushes the index of the map whose hidden table is at `contents` and keys in
// pairs' order at `keys`: each indexable item of each list, in ipairs' order,
// → the first key listing it; or false when a list is not a table frozen
// with its contents (ipairs over anything else is left to the loop, errors
// and all). Charged what a lookup that finds nothing would be.
void push_new_index(lua_State* L, int contents, int keys) {
  lua_newtable(L);
  const int index = lua_gettop(L);
  double items = 1;
  for (lua_Integer k = 1; lua_rawgeti(L, keys, k) != LUA_TNIL; ++k) {  // index + 1: the key
    lua_pushvalue(L, -1);
    lua_rawget(L, contents);  // index + 2: its list
    if (!push_fixed_keys(L, index + 2)) {
      lua_settop(L, index - 1);
      lua_pushboolean(L, 0);
      return;
    }
    lua_pop(L, 1);
    push_contents(L, index + 2);  // index + 3: the list's items
    for (lua_Integer i = 1; lua_rawgeti(L, index + 3, i) != LUA_TNIL; ++i, ++items) {  // index + 4: the item
      lua_pushvalue(L, index + 4);
      if (indexable(L, index + 4) && lua_rawget(L, index) == LUA_TNIL) {  // else an earlier key keeps it
        lua_pushvalue(L, index + 4);
        lua_pushvalue(L, index + 1);
        lua_rawset(L, index);
      }
      lua_settop(L, index + 3);
    }
    items += 1;
    lua_settop(L, index);
  }
  lua_pop(L, 1);  // the nil that ended the keys
  charge(L, items, "rules.listed_under");
}

// Pushes the indexes kept (listed_under's upvalue: frozen map → its index,
// item → the first key listing it, or false for a map whose lists are not all
// tables frozen with their contents; weak keys, so an entry goes when its map
// is collected, before another table can take its place or its address) and
// the index of the map at `map`, and returns true, the index built when this
// is its first lookup; pushes nothing and returns false for a map that has
// none (not frozen with its contents, a key without an order, a list that is
// not a frozen table).
bool push_index(lua_State* L, int map) {
  if (lua_type(L, map) != LUA_TTABLE) return false;
  lua_pushvalue(L, lua_upvalueindex(1));
  const int cache = lua_gettop(L);
  lua_pushvalue(L, map);
  if (lua_rawget(L, cache) == LUA_TNIL) {
    lua_pop(L, 1);
    luaL_checkstack(L, 20, "rules.listed_under");
    if (!push_fixed_keys(L, map)) {  // nothing kept for a script's own table, made anew every run
      lua_pop(L, 1);
      return false;
    }
    push_contents(L, map);
    push_new_index(L, cache + 2, cache + 1);
    lua_replace(L, cache + 1);
    lua_settop(L, cache + 1);
    lua_pushvalue(L, map);
    lua_pushvalue(L, cache + 1);
    lua_rawset(L, cache);
  }
  if (lua_type(L, -1) == LUA_TTABLE) return true;
  lua_pop(L, 2);
  return false;
}

// Whether ipairs(list) at `list` reaches an item == the value at `value`
// (compared as Lua's == does); charged one instruction per item.
bool list_holds(lua_State* L, int list, int value) {
  const bool frozen = push_contents(L, list);  // a frozen list's items are its hidden table's, read raw
  const int items = frozen ? lua_gettop(L) : list;
  bool found = false;
  lua_Integer i = 1;
  while (!found && (frozen ? lua_rawgeti(L, items, i) : lua_geti(L, items, i)) != LUA_TNIL) {
    found = lua_compare(L, value, -1, LUA_OPEQ) != 0;
    lua_pop(L, 1);
    ++i;
  }
  if (!found) lua_pop(L, 1);  // the nil that ended the list
  if (frozen) lua_pop(L, 1);
  charge(L, static_cast<double>(i), "rules.listed_under");
  return found;
}

int listed_under(lua_State* L) {
  if (lua_gettop(L) == 2 && indexable(L, 2) && push_index(L, 1)) {  // 3: the indexes, 4: the map's
    lua_pushvalue(L, 2);
    lua_rawget(L, 4);
    charge(L, 1, "rules.listed_under");
    return 1;
  }
  lua_settop(L, 2);
  luaL_checkstack(L, 20, "rules.listed_under");
  if (push_kept_keys(L, 1)) {  // 3: the keys in pairs' order; 4: the frozen map's contents
    push_contents(L, 1);
    for (lua_Integer k = 1; lua_rawgeti(L, 3, k) != LUA_TNIL; ++k) {  // 5: the key
      lua_pushvalue(L, 5);
      lua_rawget(L, 4);  // 6: its list
      if (list_holds(L, 6, 2)) {
        lua_settop(L, 5);
        return 1;
      }
      lua_settop(L, 4);
    }
    return 1;  // the nil that ended the keys
  }
  lua_pushcfunction(L, ordered_pairs);  // pairs(map), as a script's loop calls it: 3, 4, 5
  lua_pushvalue(L, 1);
  lua_call(L, 1, 3);
  for (;;) {
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    lua_pushvalue(L, 5);
    lua_call(L, 2, 2);  // 6: the key, 7: its list
    if (lua_isnil(L, 6) || list_holds(L, 7, 2)) {
      lua_settop(L, 6);
      return 1;
    }
    lua_settop(L, 6);
    lua_replace(L, 5);
  }
}

}  // namespace

void push_listed_under(lua_State* L) {
  lua_newtable(L);  // the indexes kept, reached only through the upvalue
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  mark_frozen(L, -1);  // the freeze walk over the engine module leaves it as it is
  lua_pushcclosure(L, listed_under, 1);
}

}  // namespace jixiao::sandbox
