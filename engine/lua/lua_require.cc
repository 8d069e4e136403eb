// require for scripts: modules from the scripts folder only, text only,
// each module's top level run once per host, its result frozen and checked
// like a scoring function's reach, and cycles named.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "error.h"
#include "files.h"
#include "lua_host.h"

namespace jixiao::lua_host {

using sandbox::guarded;

namespace {

bool is_module_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; });
}

// require's first half, (name) → (cached result, nil), or (nil, the module's
// loaded chunk) with the module marked as loading.
int require_resolve(lua_State* L) {
  Internals* in = internals(L);
  const std::string name = luaL_checkstring(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->modules_ref);
  if (lua_getfield(L, -1, name.c_str()) != LUA_TNIL) {
    lua_pushnil(L);
    return 2;
  }
  lua_pop(L, 2);
  if (auto first = std::find(in->loading.begin(), in->loading.end(), name); first != in->loading.end()) {
    std::string chain;
    for (auto it = first; it != in->loading.end(); ++it) chain += *it + " → ";
    throw std::runtime_error("require '" + name + "': cycle " + chain + name);
  }
  if (!is_module_name(name))
    throw std::runtime_error("require '" + name + "': only modules under " + in->display_dir +
                             "/ can be required, named like \"lib.rules\"");
  std::string relative = name;
  std::replace(relative.begin(), relative.end(), '.', '/');
  relative += ".lua";
  const std::string display = in->display_dir + "/" + relative;
  std::string bytes;
  try {
    const std::string path = in->scripts.find(relative);
    if (path.empty()) throw Error(ErrorKind::kMissing, "not found");
    bytes = read_file(path);
  } catch (const Error&) {
    throw std::runtime_error("require '" + name + "': no module " + display);
  }
  in->files[display] = bytes;
  const std::string chunkname = "@" + display;
  if (luaL_loadbufferx(L, bytes.data(), bytes.size(), chunkname.c_str(), "t") != LUA_OK)
    throw std::runtime_error(lua_tostring(L, -1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->env_ref);
  lua_setupvalue(L, -2, 1);
  lua_pushnil(L);
  lua_insert(L, -2);
  in->loading.push_back(name);
  return 2;
}

// require's second half, (name, result): the result frozen and checked like
// a scoring function's reach (nil becomes true), cached, and returned.
int finish_module(lua_State* L) {
  if (lua_isnil(L, 2)) {
    lua_pushboolean(L, 1);
    lua_replace(L, 2);
  }
  sandbox::freeze_reachable(L, 2, lua_tostring(L, 1), false);
  lua_rawgeti(L, LUA_REGISTRYINDEX, internals(L)->modules_ref);
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_rawset(L, -3);
  lua_pushvalue(L, 2);
  return 1;
}

}  // namespace

// require "lib.rules": scripts/lib/rules.lua, text only, its top level run
// once per host. No C++ object lives in this frame: the module's top level
// may raise.
int sandbox_require(lua_State* L) {
  luaL_checkstring(L, 1);
  lua_settop(L, 1);
  sandbox::push_random_state(L);  // 2: the run's math.random, set aside before the module is marked loading
  lua_pushcfunction(L, (guarded<require_resolve, 2>));
  lua_pushvalue(L, 1);
  lua_call(L, 1, 2);  // 3: the cached result or nil, 4: nil or the chunk
  if (lua_isnil(L, 4)) {
    lua_settop(L, 3);
    return 1;
  }
  sandbox::fresh_random(L);
  lua_pushcfunction(L, traceback_handler);
  lua_pushvalue(L, 4);
  const int status = lua_pcall(L, 0, 1, 5);  // located where the module's frames still are
  sandbox::restore_random_state(L, 2);
  Internals* in = internals(L);
  in->loading.pop_back();
  if (status != LUA_OK) {
    if (status == LUA_ERRMEM) in->out_of_memory = true;  // re-raised as an ordinary error: still a stop
    return lua_error(L);
  }
  lua_pushcfunction(L, finish_module);
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 6);
  lua_call(L, 2, 1);
  return 1;
}

}  // namespace jixiao::lua_host
