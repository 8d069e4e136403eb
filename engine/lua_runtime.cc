#include "lua_runtime.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <vector>

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

  std::map<std::string, int> handles;       // script name → registry reference of its scoring function
  std::map<std::string, std::string> files; // display name → bytes
  int env_ref = LUA_NOREF;                  // every chunk's _ENV: reads the safe globals, refuses new ones
  int modules_ref = LUA_NOREF;              // require's cache: frozen module results
  int facts_ref = LUA_NOREF;                // ctx.facts and ctx.rows: one proxy each, reading the run's record
  int rows_ref = LUA_NOREF;
  std::vector<std::string> loading;         // modules whose top level is running, outermost first

  // Each leaf's ctx, built once; rebuilt when another Node lives at the address.
  struct Context {
    int ref = LUA_NOREF;
    std::string id, name;
    Decimal weight;
    Value params;
  };
  std::map<const Node*, Context> contexts;

  // The run in progress.
  const Node* leaf = nullptr;
  const Record* record = nullptr;
  ScriptOutcome* outcome = nullptr;
};

namespace {

using Internals = ScriptHost::Internals;

Internals* internals(lua_State* L) { return static_cast<Internals*>(sandbox::budget_of(L)); }

using sandbox::guarded;

// The message handler of every protected call: locates the error (see
// sandbox::locate_error) and adds the traceback. An error already located by
// a handler deeper down (a module's top level, run by require) passes as it is.
int traceback_handler(lua_State* L) {
  Internals* in = internals(L);
  if (!in->error_file.empty()) return 1;
  sandbox::locate_error(L, 1, in->display_dir);
  luaL_traceback(L, L, lua_tostring(L, 1), 1);
  if (in->error_file.empty()) in->error_file = "?";  // located, with no script frame
  return 1;
}

// Numbers go to Lua as doubles straight from their millionths: the division
// is correctly rounded, so this is the double nearest the decimal, as
// strtod of its text would give, without the text.
double to_double(const Decimal& d) { return static_cast<double>(d.millionths()) / 1e6; }

void push_value(lua_State* L, const Value& v) {
  switch (v.type) {
    case Value::Type::kNull: lua_pushnil(L); break;
    case Value::Type::kBool: lua_pushboolean(L, v.boolean); break;
    case Value::Type::kNumber: lua_pushnumber(L, to_double(v.number)); break;
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
  sandbox::mark_frozen(L, -1);
}

int sandbox_require(lua_State* L);

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

// In protected mode, once per host: the globals (frozen), every chunk's
// _ENV, the engine module and the ctx.facts and ctx.rows proxies.
int set_up_state(lua_State* L) {
  Internals* in = internals(L);
  sandbox::push_safe_globals(L);
  lua_pushcfunction(L, sandbox_require);
  lua_setfield(L, -2, "require");
  sandbox::freeze_reachable(L, -1, "", true);

  lua_newtable(L);  // _ENV: reads the globals, refuses new ones
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, refuse_global);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  sandbox::mark_frozen(L, -1);
  in->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_newtable(L);  // require's cache, with the engine's own module
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, guarded<engine_points_body>);
  lua_setfield(L, -2, "points");
  sandbox::freeze_reachable(L, -1, "engine", true);
  lua_setfield(L, -2, "engine");
  in->modules_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  push_proxy(L, guarded<facts_index>);
  in->facts_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  push_proxy(L, guarded<rows_index>);
  in->rows_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

// In protected mode, once per leaf: its ctx, frozen, as a registry reference.
int build_context(lua_State* L) {
  Internals* in = internals(L);
  const Node& leaf = *in->leaf;
  lua_createtable(L, 0, 5);
  lua_pushnumber(L, to_double(leaf.weight));
  lua_setfield(L, -2, "weight");
  push_value(L, leaf.params);
  lua_setfield(L, -2, "params");
  lua_createtable(L, 0, 2);
  lua_pushlstring(L, leaf.id.data(), leaf.id.size());
  lua_setfield(L, -2, "id");
  lua_pushlstring(L, leaf.name.data(), leaf.name.size());
  lua_setfield(L, -2, "name");
  lua_setfield(L, -2, "leaf");
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->facts_ref);
  lua_setfield(L, -2, "facts");
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->rows_ref);
  lua_setfield(L, -2, "rows");
  sandbox::freeze_reachable(L, -1, "ctx", false);
  lua_pushinteger(L, luaL_ref(L, LUA_REGISTRYINDEX));
  return 1;
}

// In protected mode, every run: (function, ctx) references → the two results.
int call_script(lua_State* L) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, lua_tointeger(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, lua_tointeger(L, 2));
  lua_call(L, 1, 2);
  return 2;
}

// In protected mode, once per script: (bytes, chunkname) → a reference to
// the scoring function its top level returned, with everything it reaches
// frozen and checked; or nil and the syntax error.
int compile_chunk(lua_State* L) {
  size_t length = 0;
  const char* bytes = lua_tolstring(L, 1, &length);
  if (luaL_loadbufferx(L, bytes, length, lua_tostring(L, 2), "t") != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, internals(L)->env_ref);
  lua_setupvalue(L, -2, 1);
  lua_call(L, 0, 1);
  if (!lua_isfunction(L, -1)) return luaL_error(L, "a scoring script must end with 'return function(ctx) … end'");
  sandbox::freeze_reachable(L, -1, lua_tostring(L, 2) + 1, false);
  lua_pushinteger(L, luaL_ref(L, LUA_REGISTRYINDEX));
  lua_pushnil(L);
  return 2;
}

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
    bytes = read_file(in->scripts_dir + "/" + relative);
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

// require "lib.rules": scripts/lib/rules.lua, text only, its top level run
// once per host. No C++ object lives in this frame: the module's top level
// may raise.
int sandbox_require(lua_State* L) {
  luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_pushcfunction(L, (guarded<require_resolve, 2>));
  lua_pushvalue(L, 1);
  lua_call(L, 1, 2);  // 2: the cached result or nil, 3: nil or the chunk
  if (lua_isnil(L, 3)) {
    lua_settop(L, 2);
    return 1;
  }
  lua_pushcfunction(L, traceback_handler);
  lua_pushvalue(L, 3);
  const int status = lua_pcall(L, 0, 1, 4);  // located where the module's frames still are
  Internals* in = internals(L);
  in->loading.pop_back();
  if (status != LUA_OK) {
    if (status == LUA_ERRMEM) in->out_of_memory = true;  // re-raised as an ordinary error: still a stop
    return lua_error(L);
  }
  lua_pushcfunction(L, finish_module);
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 5);
  lua_call(L, 2, 1);
  return 1;
}

// Splits "scripts/x.lua:12: message" into the file and line, for the
// Error's location, and the message after them. Only for Lua's parser's
// messages, whose prefix is the chunk's own name.
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

// The Error for a protected call that failed with `status`, its message on
// top of the stack: located where traceback_handler found the error raised,
// else at `fallback`. The host is left ready for the next run.
Error failure(lua_State* L, int status, const std::string& fallback) {
  Internals* in = internals(L);
  std::string text;
  Location where{fallback};
  if (status == LUA_ERRMEM || in->out_of_memory) {
    text = "stopped: the script needed more than the " + std::to_string(in->memory_limit >> 20) +
           " MiB of memory scripts may use";
  } else {
    size_t length = 0;
    const char* raw = lua_tolstring(L, -1, &length);
    text = trim_traceback(raw != nullptr ? std::string(raw, length) : "error without a message", in->display_dir);
    if (!in->error_file.empty() && in->error_file != "?") {
      where = Location{in->error_file, in->error_line, 0};
      text.erase(0, std::min(in->error_prefix, text.size()));
    }
  }
  lua_pop(L, 1);
  lua_gc(L, LUA_GCCOLLECT);  // give back what a stopped script took, for the next run
  return Error(ErrorKind::kScript, text, where);
}

// Restores the Lua stack on every way out of a run.
struct StackGuard {
  lua_State* L;
  int top;
  explicit StackGuard(lua_State* l) : L(l), top(lua_gettop(l)) {}
  ~StackGuard() { lua_settop(L, top); }
};

// The run in progress, forgotten on every way out.
struct RunScope {
  Internals* in;
  RunScope(Internals* i, const Node& leaf, const Record& record, ScriptOutcome& outcome) : in(i) {
    in->leaf = &leaf;
    in->record = &record;
    in->outcome = &outcome;
  }
  ~RunScope() {
    in->leaf = nullptr;
    in->record = nullptr;
    in->outcome = nullptr;
  }
};

}  // namespace

ScriptHost::ScriptHost(std::string scripts_dir, std::string display_dir, int score_places, SandboxLimits limits)
    : in_(std::make_unique<Internals>()) {
  in_->scripts_dir = std::move(scripts_dir);
  in_->display_dir = std::move(display_dir);
  in_->score_places = score_places;
  in_->instruction_limit = limits.instructions;
  in_->memory_limit = limits.memory_bytes;
  in_->wall_ms = limits.wall_ms;
  L_ = sandbox::open_state(in_.get());
  if (L_ == nullptr) throw Error(ErrorKind::kScript, "cannot create a Lua state");
  sandbox::start_run(L_);
  lua_pushcfunction(L_, set_up_state);
  if (lua_pcall(L_, 0, 0, 0) != LUA_OK) {
    lua_close(L_);
    L_ = nullptr;
    throw Error(ErrorKind::kScript, "cannot set up the Lua state: not enough memory");
  }
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
  sandbox::start_run(L_);
  in_->loading.clear();
  lua_pushcfunction(L_, traceback_handler);
  const int handler = lua_gettop(L_);
  lua_pushcfunction(L_, compile_chunk);
  lua_pushlstring(L_, bytes.data(), bytes.size());
  lua_pushstring(L_, ("@" + display).c_str());
  const int status = lua_pcall(L_, 2, 2, handler);
  if (status != LUA_OK) throw failure(L_, status, display);
  if (lua_isnil(L_, -2)) {  // a syntax error, located by the parser
    auto [where, rest] = split_location(lua_tostring(L_, -1), in_->display_dir);
    throw Error(ErrorKind::kScript, rest, where.file.empty() ? Location{display} : where);
  }
  const int ref = static_cast<int>(lua_tointeger(L_, -2));
  in_->handles[script] = ref;
  return ref;
}

// The leaf's ctx, built the first time (and again when another Node now
// lives at its address).
int ScriptHost::context(const Node& leaf) {
  Internals::Context& slot = in_->contexts[&leaf];
  if (slot.ref != LUA_NOREF && slot.id == leaf.id && slot.name == leaf.name && slot.weight == leaf.weight &&
      slot.params == leaf.params)
    return slot.ref;
  if (slot.ref != LUA_NOREF) luaL_unref(L_, LUA_REGISTRYINDEX, slot.ref);
  slot.ref = LUA_NOREF;
  sandbox::start_run(L_);
  lua_pushcfunction(L_, traceback_handler);
  lua_pushcfunction(L_, build_context);
  const int status = lua_pcall(L_, 0, 1, -2);
  if (status != LUA_OK) throw failure(L_, status, in_->display_dir + "/" + leaf.script);
  slot = Internals::Context{static_cast<int>(lua_tointeger(L_, -1)), leaf.id, leaf.name, leaf.weight, leaf.params};
  lua_pop(L_, 2);
  return slot.ref;
}

ScriptOutcome ScriptHost::run(int handle, const Node& leaf, const Record& record) {
  ScriptOutcome outcome;
  StackGuard guard(L_);
  RunScope scope(in_.get(), leaf, record, outcome);
  const std::string display = in_->display_dir + "/" + leaf.script;
  const int ctx = context(leaf);
  sandbox::start_run(L_);
  lua_pushcfunction(L_, traceback_handler);
  const int handler = lua_gettop(L_);
  lua_pushcfunction(L_, call_script);
  lua_pushinteger(L_, handle);
  lua_pushinteger(L_, ctx);
  const int status = lua_pcall(L_, 2, 2, handler);
  if (status != LUA_OK) throw failure(L_, status, display);
  if (lua_type(L_, -1) != LUA_TSTRING)
    throw Error(ErrorKind::kScript, "the script must return a score and a reason (text); the reason is " +
                                        std::string(luaL_typename(L_, -1)),
                Location{display});
  size_t length = 0;
  const char* reason = lua_tolstring(L_, -1, &length);
  outcome.reason.assign(reason, length);  // all of it: a NUL inside does not end it
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
  const Decimal max = leaf.max_score ? *leaf.max_score : leaf.weight;
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
