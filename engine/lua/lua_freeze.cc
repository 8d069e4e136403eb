// What keeps one run from leaving state for the next although a script's
// top level runs once: tables made at the top level are frozen in place,
// their keys' order kept for pairs and next (lua_order.cc), and functions
// that assign variables of the top level are refused.
#include <stdexcept>
#include <string>
#include <vector>

#include "lua_bytecode.h"
#include "lua_sandbox.h"

namespace jixiao::sandbox {

namespace {

constexpr int kMaxDepth = 100;
constexpr const char* kFrozen = "jixiao.frozen";    // registry: the frozen tables (weak keys)
constexpr const char* kKnown = "jixiao.known";      // registry: the library's C functions (weak keys)
constexpr const char* kNameField = "jixiao.name";   // in a frozen table's metatable: how messages name it
// In the metatable of a table frozen with its contents (freeze_reachable): its keys
// in pairs' order, sorted once since they never change, or the type of a key that
// has no order. A table the engine freezes alone (freeze_one) has none.
constexpr const char* kKeysField = "jixiao.keys";

void push_set(lua_State* L, const char* key) {
  if (luaL_getsubtable(L, LUA_REGISTRYINDEX, key) == 0) {
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
  }
}

bool in_set(lua_State* L, const char* key, int index) {
  index = lua_absindex(L, index);
  push_set(L, key);
  lua_pushvalue(L, index);
  const bool found = lua_rawget(L, -2) != LUA_TNIL;
  lua_pop(L, 2);
  return found;
}

void add_to_set(lua_State* L, const char* key, int index) {
  index = lua_absindex(L, index);
  push_set(L, key);
  lua_pushvalue(L, index);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

// Pushes the hidden table that holds the contents of the frozen table at
// `index` and returns true; pushes nothing and returns false for another value.
bool push_hidden(lua_State* L, int index) {
  if (lua_getmetatable(L, index) == 0) return false;
  if (lua_getfield(L, -1, kNameField) == LUA_TNIL) {
    lua_pop(L, 2);
    return false;
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, "__index");
  lua_remove(L, -2);
  return true;
}

// Pushes a key as messages show it (no addresses) and returns it.
const char* key_text(lua_State* L, int index) {
  const int type = lua_type(L, index);
  if (type == LUA_TSTRING || type == LUA_TNUMBER || type == LUA_TBOOLEAN) return luaL_tolstring(L, index, nullptr);
  return lua_pushstring(L, luaL_typename(L, index));
}

int refuse_frozen(lua_State* L) {
  lua_Debug ar;  // the nearest script line, also when a library function (table.insert) made the write
  int level = 1;
  while (lua_getstack(L, level, &ar) != 0 && lua_getinfo(L, "l", &ar) != 0 && ar.currentline <= 0) ++level;
  luaL_where(L, level);
  lua_getmetatable(L, 1);
  lua_getfield(L, -1, kNameField);
  const char* table = lua_tostring(L, -1);
  const char* key = key_text(L, 2);
  lua_pushfstring(L, "cannot change %s.%s: shared tables are read-only to scripts", table, key);
  lua_remove(L, -2);  // the key's text
  lua_remove(L, -2);  // the table's name
  lua_remove(L, -2);  // the metatable
  lua_concat(L, 2);
  return lua_error(L);
}

// The __len of a frozen table (upvalue 1: its hidden table), for `#t`.
int frozen_len(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, lua_upvalueindex(1))));
  return 1;
}

// The order kept when the table at `index` was frozen (see kKeysField):
// pushes it and returns true; pushes nothing and returns false for a value
// that has none.
bool push_kept_order(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE || !in_set(L, kFrozen, index)) return false;
  return luaL_getmetafield(L, index, kKeysField) != LUA_TNIL;
}

int dump_writer(lua_State*, const void* p, size_t size, void* ud) {
  try {
    static_cast<std::string*>(ud)->append(static_cast<const char*>(p), size);
    return 0;
  } catch (const std::exception&) {
    return 1;
  }
}

// (function): nothing, or throws the refusal of its first assignment to a
// variable of a function that has returned (it would outlive the run).
int check_closure_body(lua_State* L) {
  std::string dump;
  lua_settop(L, 1);
  if (lua_dump(L, dump_writer, &dump, 0) != 0) throw std::runtime_error("cannot read a function's code");
  const auto writes = bytecode::upvalue_writes(bytecode::parse(dump));
  if (writes.empty()) return 0;
  const bytecode::UpvalueWrite& w = writes.front();
  const std::string file = !w.source.empty() && w.source[0] == '@' ? w.source.substr(1) : w.source;
  const std::string where = file + ":" + std::to_string(w.line) + ":";
  budget_of(L)->declared_where = where;
  throw std::runtime_error(where + " assignment to '" + w.name +
                           "', a variable made when the script was loaded: scripts keep no state between runs "
                           "(declare it inside the function)");
}

// Pushes the name of the child at `key` of the value named at `parent`.
void push_child_name(lua_State* L, int parent, int key) {
  const char* p = lua_tostring(L, parent);
  const int type = lua_type(L, key);
  if (type == LUA_TSTRING && *p == '\0') {
    lua_pushvalue(L, key);
  } else if (type == LUA_TSTRING) {
    lua_pushfstring(L, "%s.%s", p, lua_tostring(L, key));
  } else if (type == LUA_TNUMBER) {
    lua_pushvalue(L, key);  // a copy: lua_tostring of the key itself would change it
    lua_pushfstring(L, "%s[%s]", p, lua_tostring(L, -1));
    lua_remove(L, -2);
  } else {
    lua_pushfstring(L, "%s[%s]", p, luaL_typename(L, key));
  }
}

void walk(lua_State* L, int value, int name, int seen, bool trusted, int depth);

// Freezes the table at `t` alone, named by the string at `name`, and pushes
// the hidden table that now holds its contents.
void freeze_in_place(lua_State* L, int t, int name) {
  if (lua_getmetatable(L, t) != 0)
    luaL_error(L, "%s has a metatable: tables made when a script is loaded are frozen and cannot keep one "
               "(make it inside the function)", lua_tostring(L, name));
  lua_newtable(L);
  const int hidden = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {  // move every field into the hidden table
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, hidden);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, t);  // clearing a field during the traversal is allowed
  }
  lua_createtable(L, 0, 7);  // with kKeysField (freeze_table)
  lua_pushvalue(L, hidden);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, refuse_frozen);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, hidden);
  lua_pushcclosure(L, frozen_len, 1);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, frozen_pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_pushvalue(L, name);
  lua_setfield(L, -2, kNameField);
  lua_setmetatable(L, t);
  add_to_set(L, kFrozen, t);
}

void freeze_table(lua_State* L, int t, int name, int seen, bool trusted, int depth) {
  freeze_in_place(L, t, name);
  const int hidden = lua_gettop(L);
  lua_getmetatable(L, t);  // its keys never change: pairs need not sort them again
  push_key_order(L, hidden, false);
  lua_setfield(L, -2, kKeysField);
  lua_pop(L, 1);
  lua_pushnil(L);
  while (lua_next(L, hidden) != 0) {
    const int key = lua_gettop(L) - 1;
    push_child_name(L, name, key);
    walk(L, key, lua_gettop(L), seen, trusted, depth + 1);
    walk(L, key + 1, lua_gettop(L), seen, trusted, depth + 1);
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
}

void walk_function(lua_State* L, int f, int name, int seen, bool trusted, int depth) {
  if (lua_iscfunction(L, f)) {
    if (in_set(L, kKnown, f)) return;
    if (!trusted && lua_getupvalue(L, f, 1) != nullptr)
      luaL_error(L, "%s: a function a library made when the script was loaded (an iterator?) would keep its "
                 "state between runs (make it inside the function)", lua_tostring(L, name));
    if (!trusted) return;
    add_to_set(L, kKnown, f);
  } else {
    lua_pushcfunction(L, guarded<check_closure_body>);
    lua_pushvalue(L, f);
    lua_call(L, 1, 0);
  }
  for (int i = 1;; ++i) {
    const char* up = lua_getupvalue(L, f, i);
    if (up == nullptr) break;
    lua_pushstring(L, *up != '\0' ? up : lua_tostring(L, name));
    walk(L, lua_gettop(L) - 1, lua_gettop(L), seen, trusted, depth + 1);
    lua_pop(L, 2);
  }
}

void walk(lua_State* L, int value, int name, int seen, bool trusted, int depth) {
  const int type = lua_type(L, value);
  if (type != LUA_TTABLE && type != LUA_TFUNCTION) return;
  lua_pushvalue(L, value);
  const bool visited = lua_rawget(L, seen) != LUA_TNIL;
  lua_pop(L, 1);
  if (visited || (type == LUA_TTABLE && in_set(L, kFrozen, value))) return;
  if (depth > kMaxDepth)
    luaL_error(L, "%s: tables nested more than %d levels deep", lua_tostring(L, name), kMaxDepth);
  luaL_checkstack(L, 12, "freezing");
  lua_pushvalue(L, value);
  lua_pushboolean(L, 1);
  lua_rawset(L, seen);
  if (type == LUA_TTABLE) freeze_table(L, value, name, seen, trusted, depth);
  else walk_function(L, value, name, seen, trusted, depth);
}

}  // namespace

void freeze_reachable(lua_State* L, int index, const char* name, bool trusted) {
  index = lua_absindex(L, index);
  lua_newtable(L);
  lua_pushstring(L, name);
  walk(L, index, lua_gettop(L), lua_gettop(L) - 1, trusted, 0);
  lua_pop(L, 2);
}

void mark_frozen(lua_State* L, int index) { add_to_set(L, kFrozen, index); }

bool push_contents(lua_State* L, int index) { return push_hidden(L, index); }

bool push_kept_keys(lua_State* L, int index) {
  if (!push_kept_order(L, index)) return false;
  charge(L, 1, "pairs");
  check_key_order(L);
  return true;
}

bool push_fixed_keys(lua_State* L, int index) {
  if (!push_kept_order(L, index)) return false;
  if (lua_type(L, -1) == LUA_TTABLE) return true;
  lua_pop(L, 1);  // the type of a key that has no order
  return false;
}

void freeze_one(lua_State* L, int index, const char* name) {
  index = lua_absindex(L, index);
  lua_pushstring(L, name);
  freeze_in_place(L, index, lua_gettop(L));
  lua_remove(L, -2);
}

// tostring without addresses: a table or function without __tostring is
// printed as its type, the same in every process.
int safe_tostring(lua_State* L) {
  luaL_checkany(L, 1);
  const int type = lua_type(L, 1);
  if (type == LUA_TTABLE || type == LUA_TFUNCTION || type == LUA_TUSERDATA || type == LUA_TTHREAD ||
      type == LUA_TLIGHTUSERDATA) {
    if (luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
      lua_pushstring(L, lua_typename(L, type));
      return 1;
    }
    lua_pop(L, 1);
  }
  luaL_tolstring(L, 1, nullptr);
  return 1;
}

}  // namespace jixiao::sandbox
