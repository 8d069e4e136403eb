#include "lua_runtime.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "error.h"
#include "files.h"
#include "lua_sandbox.h"
#include "suggest.h"

namespace jixiao {

// The budget comes first: the sandbox reaches it through the state.
struct ScriptHost::Internals : sandbox::Budget {
  std::string scripts_dir;
  std::string display_dir;
  int score_places = 2;

  std::map<std::string, int> handles;       // script name → registry reference of its function
  std::map<std::string, std::string> files; // display name → bytes
  int sandbox_ref = LUA_NOREF;              // table of the safe globals
  int modules_ref = LUA_NOREF;              // require's cache

  // The run in progress.
  const Node* leaf = nullptr;
  const Record* record = nullptr;
  ScriptOutcome* outcome = nullptr;
};

namespace {

using Internals = ScriptHost::Internals;

Internals* internals(lua_State* L) { return static_cast<Internals*>(sandbox::budget_of(L)); }

using sandbox::guarded;

int traceback_handler(lua_State* L) {
  const char* msg = lua_tostring(L, 1);
  if (msg == nullptr) msg = luaL_tolstring(L, 1, nullptr);
  luaL_traceback(L, L, msg, 1);
  return 1;
}

void push_value(lua_State* L, const Value& v) {
  switch (v.type) {
    case Value::Type::kNull: lua_pushnil(L); break;
    case Value::Type::kBool: lua_pushboolean(L, v.boolean); break;
    case Value::Type::kNumber: lua_pushnumber(L, v.number.to_double()); break;
    case Value::Type::kText: lua_pushlstring(L, v.text.data(), v.text.size()); break;
    case Value::Type::kList:
      lua_createtable(L, static_cast<int>(v.list.size()), 0);
      for (size_t i = 0; i < v.list.size(); ++i) {
        push_value(L, v.list[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
      }
      break;
    case Value::Type::kMap:
      lua_createtable(L, 0, static_cast<int>(v.map.size()));
      for (const auto& [key, item] : v.map) {
        push_value(L, item);
        lua_setfield(L, -2, key.c_str());
      }
      break;
  }
}

void note_read(std::vector<std::string>& reads, const std::string& name) {
  if (std::find(reads.begin(), reads.end(), name) == reads.end()) reads.push_back(name);
}

// ctx.facts.NAME: only the facts the leaf declares; each read is traced.
// Between runs there is no leaf: a context kept past its run reads nothing.
Internals* running(lua_State* L) {
  Internals* in = internals(L);
  if (in->leaf == nullptr) throw std::runtime_error("ctx can only be read while its script runs");
  return in;
}

int facts_index(lua_State* L) {
  Internals* in = running(L);
  const std::string name = luaL_checkstring(L, 2);
  const auto& declared = in->leaf->facts;
  if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
    std::string list;
    for (const auto& d : declared) list += (list.empty() ? "" : ", ") + d;
    throw std::runtime_error("fact '" + name + "' is not among the leaf's facts [" + list + "]" +
                             did_you_mean(name, declared));
  }
  auto found = in->record->facts.find(name);
  if (found == in->record->facts.end()) throw std::runtime_error("fact '" + name + "' is not recorded");
  note_read(in->outcome->facts_read, name);
  push_value(L, found->second.value);
  return 1;
}

// ctx.rows.TABLE: a list of rows, each a table of column = value.
int rows_index(lua_State* L) {
  Internals* in = running(L);
  const std::string name = luaL_checkstring(L, 2);
  const auto& declared = in->leaf->rows;
  if (std::find(declared.begin(), declared.end(), name) == declared.end())
    throw std::runtime_error("row table '" + name + "' is not among the leaf's rows" + did_you_mean(name, declared));
  auto found = in->record->rows.find(name);
  if (found == in->record->rows.end()) throw std::runtime_error("row table '" + name + "' is not recorded");
  note_read(in->outcome->rows_read, name);
  lua_createtable(L, static_cast<int>(found->second.size()), 0);
  for (size_t i = 0; i < found->second.size(); ++i) {
    lua_createtable(L, 0, static_cast<int>(found->second[i].cells.size()));
    for (const auto& [column, value] : found->second[i].cells) {
      push_value(L, value);
      lua_setfield(L, -2, column.c_str());
    }
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  return 1;
}

int read_only(lua_State* L) { return luaL_error(L, "the context is read-only: scripts cannot change facts or rows"); }

// A table that reads through `index` and refuses writes and metatable access.
void push_proxy(lua_State* L, lua_CFunction index) {
  lua_newtable(L);
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, index);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, read_only);
  lua_setfield(L, -2, "__newindex");
  lua_pushstring(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

// engine.points(x): the score x as the report prints it, rounded the one way
// jixiao rounds ("1.90"), so reasons and totals never disagree.
int engine_points_body(lua_State* L) {
  const double x = luaL_checknumber(L, 1);
  const int places = internals(L)->score_places;
  const std::string text = Decimal::round_half_up(x, places).str(places);
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

// A global set by one run would be seen by the next leaf and record.
int refuse_global(lua_State* L) {
  return luaL_error(L, "assignment to global '%s': declare it with 'local' (scripts keep no state between runs)",
                    luaL_tolstring(L, 2, nullptr));
}

// Gives the function on top of the stack (a loaded chunk) a new _ENV that
// reads the sandbox's globals and refuses new ones.
void set_fresh_env(lua_State* L, Internals* in) {
  lua_newtable(L);
  lua_createtable(L, 0, 3);
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->sandbox_ref);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, refuse_global);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_setupvalue(L, -2, 1);
}

// Loads `bytes` as a text chunk named "@display" (bytecode is refused),
// leaving it on the stack without an environment yet.
void load_chunk(lua_State* L, const std::string& bytes, const std::string& display) {
  const std::string chunkname = "@" + display;
  if (luaL_loadbufferx(L, bytes.data(), bytes.size(), chunkname.c_str(), "t") != LUA_OK)
    throw std::runtime_error(lua_tostring(L, -1));
}

// The ctx table a scoring function receives.
void push_context(lua_State* L, const Node& leaf) {
  lua_createtable(L, 0, 5);
  lua_pushnumber(L, leaf.weight->to_double());  // scripts run only for leaves of known weight
  lua_setfield(L, -2, "weight");
  push_value(L, leaf.params);
  lua_setfield(L, -2, "params");
  lua_createtable(L, 0, 2);
  lua_pushstring(L, leaf.id.c_str());
  lua_setfield(L, -2, "id");
  lua_pushstring(L, leaf.name.c_str());
  lua_setfield(L, -2, "name");
  lua_setfield(L, -2, "leaf");
  push_proxy(L, guarded<facts_index>);
  lua_setfield(L, -2, "facts");
  push_proxy(L, guarded<rows_index>);
  lua_setfield(L, -2, "rows");
}

// In protected mode, so that running out of memory while setting up is an
// error like any other: (handle) → the scoring function's two results.
int call_script(lua_State* L) {
  Internals* in = internals(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, lua_tointeger(L, 1));
  set_fresh_env(L, in);
  lua_call(L, 0, 1);  // the chunk gives this run's function
  push_context(L, *in->leaf);
  lua_call(L, 1, 2);
  return 2;
}

// In protected mode: (bytes, chunkname) → a registry reference to the chunk.
// The chunk is kept, not the function it returns: every run executes it
// again with a fresh _ENV, so no state survives from one run to the next.
int compile_chunk(lua_State* L) {
  size_t length = 0;
  const char* bytes = lua_tolstring(L, 1, &length);
  if (luaL_loadbufferx(L, bytes, length, lua_tostring(L, 2), "t") != LUA_OK) return lua_error(L);
  lua_pushvalue(L, -1);
  const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  set_fresh_env(L, internals(L));
  lua_call(L, 0, 1);
  if (!lua_isfunction(L, -1)) {
    luaL_unref(L, LUA_REGISTRYINDEX, ref);
    return luaL_error(L, "a scoring script must end with 'return function(ctx) … end'");
  }
  lua_pushinteger(L, ref);
  return 1;
}

bool is_module_name(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; });
}

// require "lib.rules": scripts/lib/rules.lua, text only, loaded once.
int sandbox_require(lua_State* L) {
  Internals* in = internals(L);
  const std::string name = luaL_checkstring(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->modules_ref);
  lua_getfield(L, -1, name.c_str());
  if (!lua_isnil(L, -1)) return 1;
  lua_pop(L, 1);
  if (!is_module_name(name))
    throw std::runtime_error("require '" + name + "': only modules under " + in->display_dir +
                             "/ can be required, named like \"lib.rules\"");
  std::string relative = name;
  std::replace(relative.begin(), relative.end(), '.', '/');
  relative += ".lua";
  const std::string display = in->display_dir + "/" + relative;
  std::string bytes;
  try {
    bytes = read_file(in->scripts_dir + "/" + relative);
  } catch (const Error&) {
    throw std::runtime_error("require '" + name + "': no module " + display);
  }
  in->files[display] = bytes;
  load_chunk(L, bytes, display);
  set_fresh_env(L, in);
  lua_call(L, 0, 1);
  if (lua_type(L, -1) == LUA_TTABLE) {  // shared by every script: read-only
    sandbox::push_read_only(L, -1, name.c_str());
    lua_remove(L, -2);
  } else if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name.c_str());
  return 1;
}

// Splits "scripts/x.lua:12: message" into the file and line, for the
// Error's location, and the message after them.
std::pair<Location, std::string> split_location(const std::string& message, const std::string& display_dir) {
  const std::string prefix = display_dir + "/";
  if (message.compare(0, prefix.size(), prefix) != 0) return {Location{}, message};
  const size_t colon = message.find(':');
  const size_t second = colon == std::string::npos ? colon : message.find(':', colon + 1);
  if (second == std::string::npos) return {Location{}, message};
  Location where{message.substr(0, colon), std::atoi(message.c_str() + colon + 1), 0};
  size_t rest = second + 1;
  while (rest < message.size() && message[rest] == ' ') ++rest;
  return {where, message.substr(rest)};
}

// A script error as an Error located at the script line Lua names.
Error script_error(const std::string& message, const std::string& display_dir, Location fallback = {}) {
  auto [where, rest] = split_location(message, display_dir);
  if (where.file.empty()) where = fallback;
  return Error(ErrorKind::kScript, rest, where);
}

// The traceback without the frames inside C functions and the engine.
std::string trim_traceback(const std::string& text, const std::string& display_dir) {
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    if (first) out = line;
    else if (line.find(display_dir + "/") != std::string::npos) out += "\n  " + line.substr(line.find_first_not_of(" \t"));
    first = false;
    pos = end + 1;
  }
  return out;
}

// Restores the Lua stack on every way out of a run.
struct StackGuard {
  lua_State* L;
  int top;
  explicit StackGuard(lua_State* l) : L(l), top(lua_gettop(l)) {}
  ~StackGuard() { lua_settop(L, top); }
};

}  // namespace

ScriptHost::ScriptHost(std::string scripts_dir, std::string display_dir, int score_places, SandboxLimits limits)
    : in_(std::make_unique<Internals>()) {
  in_->scripts_dir = std::move(scripts_dir);
  in_->display_dir = std::move(display_dir);
  in_->score_places = score_places;
  in_->instruction_limit = limits.instructions;
  in_->memory_limit = limits.memory_bytes;
  L_ = sandbox::open_state(in_.get());
  if (L_ == nullptr) throw Error(ErrorKind::kScript, "cannot create a Lua state");

  sandbox::push_safe_globals(L_);
  lua_pushcfunction(L_, guarded<sandbox_require>);
  lua_setfield(L_, -2, "require");
  in_->sandbox_ref = luaL_ref(L_, LUA_REGISTRYINDEX);

  lua_newtable(L_);  // require's cache, with the engine's own module
  lua_createtable(L_, 0, 1);
  lua_pushcfunction(L_, guarded<engine_points_body>);
  lua_setfield(L_, -2, "points");
  sandbox::push_read_only(L_, -1, "engine");
  lua_setfield(L_, -3, "engine");
  lua_pop(L_, 1);
  in_->modules_ref = luaL_ref(L_, LUA_REGISTRYINDEX);
}

ScriptHost::~ScriptHost() {
  if (L_ != nullptr) lua_close(L_);
}

int ScriptHost::compile(const std::string& script) {
  if (auto found = in_->handles.find(script); found != in_->handles.end()) return found->second;
  const std::string display = in_->display_dir + "/" + script;
  std::string bytes;
  try {
    bytes = read_file(in_->scripts_dir + "/" + script);
  } catch (const Error&) {
    throw Error(ErrorKind::kScript, "no such script " + display, Location{display});
  }
  in_->files[display] = bytes;
  StackGuard guard(L_);
  in_->instructions_used = 0;
  lua_pushcfunction(L_, traceback_handler);
  const int handler = lua_gettop(L_);
  lua_pushcfunction(L_, compile_chunk);
  lua_pushlstring(L_, bytes.data(), bytes.size());
  lua_pushstring(L_, ("@" + display).c_str());
  if (lua_pcall(L_, 2, 1, handler) != LUA_OK) {
    const char* raw = lua_tostring(L_, -1);
    throw script_error(trim_traceback(raw != nullptr ? raw : "not enough memory", in_->display_dir), in_->display_dir,
                       Location{display});
  }
  const int ref = static_cast<int>(lua_tointeger(L_, -1));
  in_->handles[script] = ref;
  return ref;
}

ScriptOutcome ScriptHost::run(int handle, const Node& leaf, const Record& record) {
  ScriptOutcome outcome;
  StackGuard guard(L_);
  in_->leaf = &leaf;
  in_->record = &record;
  in_->outcome = &outcome;
  in_->instructions_used = 0;

  lua_pushcfunction(L_, traceback_handler);
  const int handler = lua_gettop(L_);
  lua_pushcfunction(L_, call_script);
  lua_pushinteger(L_, handle);
  const int status = lua_pcall(L_, 1, 2, handler);
  in_->leaf = nullptr;
  in_->record = nullptr;
  in_->outcome = nullptr;
  if (status != LUA_OK) {
    const char* raw = lua_tostring(L_, -1);
    const std::string message =
        status == LUA_ERRMEM ? "stopped: the script needed more than the " +
                                   std::to_string(in_->memory_limit >> 20) + " MiB of memory scripts may use"
                             : trim_traceback(raw != nullptr ? raw : "error without a message", in_->display_dir);
    lua_settop(L_, guard.top);
    lua_gc(L_, LUA_GCCOLLECT);  // give back what a stopped script took, for the next run
    throw script_error(message, in_->display_dir, Location{in_->display_dir + "/" + leaf.script});
  }
  const std::string display = in_->display_dir + "/" + leaf.script;
  if (lua_type(L_, -1) != LUA_TSTRING)
    throw Error(ErrorKind::kScript, "the script must return a score and a reason (text); the reason is " +
                                        std::string(luaL_typename(L_, -1)),
                Location{display});
  outcome.reason = lua_tostring(L_, -1);
  if (lua_isnil(L_, -2)) {
    outcome.needs_judgement = true;
    return outcome;
  }
  if (lua_type(L_, -2) != LUA_TNUMBER)
    throw Error(ErrorKind::kScript,
                "the score must be a number (or nil for a case the rule leaves to judgement), not " +
                    std::string(luaL_typename(L_, -2)),
                Location{display});
  outcome.score = lua_tonumber(L_, -2);
  const Decimal max = leaf.max_score ? *leaf.max_score : *leaf.weight;
  if (!std::isfinite(outcome.score) || outcome.score < -1e-9 || outcome.score > max.to_double() + 1e-9)
    throw Error(ErrorKind::kScript,
                "the score " + std::to_string(outcome.score) + " is outside 0.." + max.str() +
                    (leaf.max_score ? " (the most it may score)" : " (the leaf's weight)") + "; reason: " + outcome.reason,
                Location{display});
  return outcome;
}

std::vector<std::pair<std::string, std::string>> ScriptHost::files_loaded() const {
  return {in_->files.begin(), in_->files.end()};
}

}  // namespace jixiao
