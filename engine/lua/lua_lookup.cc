// engine.listed_under (rules.listed_under to scripts): which list of a map of
// lists holds a value. What the Lua loop
//   for key, list in pairs(map) do
//     for _, item in ipairs(list) do if value == item then return key end end
//   end
// gives, errors included, done in C: over a frozen map (ctx.params) it reads
// the key order kept when it was frozen and the frozen lists' contents
// directly, without a Lua instruction per item.
#include "lua_sandbox.h"

namespace jixiao::sandbox {

namespace {

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

}  // namespace

int listed_under(lua_State* L) {
  lua_settop(L, 2);
  luaL_checkstack(L, 8, "rules.listed_under");
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

}  // namespace jixiao::sandbox
