#include "lua_runtime.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <vector>

#include "error.h"
#include "files.h"
#include "lua_host.h"

namespace jixiao {

namespace lua_host {

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

namespace {

// engine.points(x): the score x as the report prints it, rounded the one way
// jixiao rounds ("1.90"), so reasons and totals never disagree.
int engine_points_body(lua_State* L) {
  const double x = luaL_checknumber(L, 1);
  const int places = internals(L)->score_places;
  const std::string text = Decimal::round_half_up(x, places).str(places);
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

// engine.num(x), which lib.rules gives scripts as rules.num: x as
// string.format("%.2f", x) writes it, without trailing zeros or a trailing
// point ("38.5", "0.67", "100"): a figure for a reason. In Lua, the two
// pattern substitutions that trim it cost more than the formatting.
int engine_num(lua_State* L) {
  const double x = static_cast<double>(luaL_checknumber(L, 1));
  char text[512];  // "%.2f" of the largest double is 312 characters
  int length = -1;
  if (std::isfinite(x)) {  // as printf writes it (the C++ standard says so), several times faster
    const auto written = std::to_chars(text, text + sizeof text, x, std::chars_format::fixed, 2);
    if (written.ec == std::errc()) length = static_cast<int>(written.ptr - text);
  } else {
    length = std::snprintf(text, sizeof text, "%.2f", x);  // inf, -nan: printf's words
  }
  if (length < 0 || length >= static_cast<int>(sizeof text)) return luaL_error(L, "engine.num: cannot format the number");
  while (length > 0 && text[length - 1] == '0') --length;
  if (length > 0 && text[length - 1] == '.') --length;
  lua_pushlstring(L, text, static_cast<size_t>(length));
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

  // Behind locked metatables, _ENV and strings' methods read the frozen
  // globals' and string library's contents directly: the same values, one
  // lookup fewer for every global and every s:method().
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_getfield(L, -1, "__index");
  sandbox::push_contents(L, -1);
  lua_setfield(L, -3, "__index");
  lua_pop(L, 3);

  lua_newtable(L);  // _ENV: reads the globals, refuses new ones
  lua_createtable(L, 0, 3);
  sandbox::push_contents(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, refuse_global);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  sandbox::mark_frozen(L, -1);
  in->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_newtable(L);  // require's cache, with the engine's own module
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, guarded<engine_points_body>);
  lua_setfield(L, -2, "points");
  lua_pushcfunction(L, engine_num);
  lua_setfield(L, -2, "num");
  sandbox::push_listed_under(L);
  lua_setfield(L, -2, "listed_under");
  sandbox::freeze_reachable(L, -1, "engine", true);
  lua_setfield(L, -2, "engine");
  in->modules_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  push_facts_meta(L);
  in->facts_meta_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  push_rows_proxy(L);
  in->rows_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

// A leaf's runner (build_runner), in protected mode, every run: its
// upvalues are the scoring function, ctx, ctx's and ctx.leaf's hidden tables,
// the fact values and their names (build_context); (fields) → what the
// script returned: the score, the reason (nil when missing) and, when the
// reason is a function, its arguments. The leaf's `fields` (LeafField bits:
// those that differ, see context()) are written into ctx first.
int call_script(lua_State* L) {
  if (const auto fields = static_cast<int>(lua_tointeger(L, 1)); fields != 0)
    write_leaf(L, lua_upvalueindex(3), lua_upvalueindex(4), fields);
  lua_settop(L, 0);
  fill_facts(L, lua_upvalueindex(5), lua_upvalueindex(6), internals(L)->context->written);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_call(L, 1, LUA_MULTRET);
  if (lua_gettop(L) < 2) lua_settop(L, 2);
  return lua_gettop(L);
}

// In protected mode, once per leaf and script: (the scoring function's
// reference) → a reference to the leaf's runner, call_script with the
// function and Internals::leaf's ctx (build_context) as its upvalues: a run
// reads one reference, and its runner has everything else at hand.
int build_runner(lua_State* L) {
  const lua_Integer handle = lua_tointeger(L, 1);
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, handle);
  lua_pushcfunction(L, build_context);
  lua_call(L, 0, 5);
  lua_pushcclosure(L, call_script, 6);
  lua_pushinteger(L, luaL_ref(L, LUA_REGISTRYINDEX));
  return 1;
}

// In protected mode: (function, arguments…) → the reason the function writes.
int call_reason(lua_State* L) {
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
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
  // Give back what a stopped script took, for the next run; not in a fast
  // run: a stopped one is done again, counted, and collects then; the steps
  // between runs (sandbox::start_run) take the garbage of one whose error stands.
  if (!in->fast) lua_gc(L, LUA_GCCOLLECT);
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
  RunScope(Internals* i, const Node& leaf, const Record& record, const std::vector<const Fact*>* found,
           ScriptOutcome& outcome)
      : in(i) {
    in->leaf = &leaf;
    in->record = &record;
    in->found = found;
    in->outcome = &outcome;
  }
  ~RunScope() {
    in->leaf = nullptr;
    in->record = nullptr;
    in->found = nullptr;
    in->context = nullptr;
    in->outcome = nullptr;
  }
};

// Lets the ctx in `slot` go: the next run at its address builds a new one.
void forget(lua_State* L, Internals::Context& slot) {
  if (slot.runner_ref != LUA_NOREF) luaL_unref(L, LUA_REGISTRYINDEX, slot.runner_ref);
  slot.runner_ref = LUA_NOREF;
  slot.written.clear();  // of the runner's fact values
}

// The leaf's ctx and runner, built the first time for its address and
// script. Another Node at the address with the same params and facts (a
// project table's next row) has the same ctx, and `rewrite` says which of
// its weight, id and name differ (LeafField bits): the run writes them into
// it before the script reads it (call_script), and the caller notes them once
// the run has. Others build a new one. With fixed leaves the address alone
// finds it; with fixed params the params and facts are not compared.
Internals::Context& context(lua_State* L, Internals* in, int handle, const Node& leaf, int& rewrite) {
  const uint64_t hash = (reinterpret_cast<uintptr_t>(&leaf) >> 3) * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(handle);
  Internals::ContextSeen& seen = in->contexts_seen[(hash >> 56) % in->contexts_seen.size()];
  if (seen.node != &leaf || seen.handle != handle)
    seen = {&leaf, handle, &in->contexts[{&leaf, handle}]};
  Internals::Context& slot = *seen.context;
  rewrite = 0;
  if (in->fixed_leaves && slot.runner_ref != LUA_NOREF) return slot;
  if (slot.runner_ref != LUA_NOREF &&
      (in->fixed_params || (slot.params == leaf.params && slot.facts == leaf.facts))) {
    rewrite = (slot.weight != *leaf.weight ? kWeightField : 0) | (slot.id != leaf.id ? kIdField : 0) |
              (slot.name != leaf.name ? kNameField : 0);
    return slot;
  }
  // Built again from the same params and facts (its runner let go after a
  // run that failed while rewriting it), a ctx is the one it was: the memo's
  // entries of its runs stand. Any other is new to the memo.
  const bool same = slot.number != 0 && slot.params == leaf.params && slot.facts == leaf.facts;
  const uint64_t number = same ? slot.number : ++in->runners_built;
  const lua_memo::MemoUsage usage = same ? slot.usage : lua_memo::MemoUsage{};
  forget(L, slot);
  sandbox::start_run(L);
  lua_pushcfunction(L, traceback_handler);
  lua_pushcfunction(L, build_runner);
  lua_pushinteger(L, handle);
  const int status = lua_pcall(L, 1, 1, -3);
  if (status != LUA_OK) throw failure(L, status, in->display_dir + "/" + leaf.script);
  slot = Internals::Context{static_cast<int>(lua_tointeger(L, -1)), leaf.id, leaf.name, *leaf.weight, leaf.params,
                            leaf.facts, {}, number, usage};
  lua_pop(L, 2);
  return slot;
}

}  // namespace
}  // namespace lua_host

using namespace lua_host;

ScriptHost::ScriptHost(SearchPath scripts, std::string display_dir, int score_places, SandboxLimits limits)
    : in_(std::make_unique<Internals>()) {
  in_->scripts = std::move(scripts);
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
    sandbox::close_state(L_);
    L_ = nullptr;
    throw Error(ErrorKind::kScript, "cannot set up the Lua state: not enough memory");
  }
}

ScriptHost::~ScriptHost() {
  if (L_ != nullptr) sandbox::close_state(L_);
}

int ScriptHost::compile(const std::string& script) {
  if (auto found = in_->handles.find(script); found != in_->handles.end()) return found->second;
  const std::string display = in_->display_dir + "/" + script;
  std::string bytes;
  try {
    const std::string path = in_->scripts.find(script);
    if (path.empty()) throw Error(ErrorKind::kMissing, "not found");
    bytes = read_file(path);
  } catch (const Error&) {
    throw Error(ErrorKind::kScript, "no such script " + display, Location{display});
  }
  in_->files[display] = bytes;
  StackGuard guard(L_);
  sandbox::start_run(L_);
  in_->loading.clear();
  in_->at_load = true;
  struct EndLoading {
    Internals* in;
    ~EndLoading() { in->at_load = false; }
  } end_loading{in_.get()};
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

// A run is first tried fast, without the instruction hook; what it gives
// stands unless the hook could have stopped it (sandbox::end_fast_run), and
// then it is run again with the hook.
ScriptOutcome ScriptHost::run(int handle, const Node& leaf, const Record& record) {
  return run_with(handle, leaf, record, nullptr, nullptr);
}

ScriptOutcome ScriptHost::run(int handle, const Node& leaf, const Record& record,
                              const std::vector<const Fact*>& facts) {
  return run_with(handle, leaf, record, facts.size() == leaf.facts.size() ? &facts : nullptr, nullptr);
}

ScriptOutcome ScriptHost::run(int handle, const Node& leaf, const Record& record,
                              const std::vector<const Fact*>& facts, std::string_view inputs) {
  return run_with(handle, leaf, record, facts.size() == leaf.facts.size() ? &facts : nullptr, &inputs);
}

ScriptOutcome ScriptHost::run_with(int handle, const Node& leaf, const Record& record,
                                   const std::vector<const Fact*>* facts, const std::string_view* inputs) {
  // The memo (lua_memo.h), not when reads are traced: a run found there is
  // not run; one that is not is kept once it succeeds. Errors and stops are
  // never kept: the same inputs run again and fail again. Nor is a run that
  // met its memory limit: Lua collected garbage in it, and a weak table
  // could see what, which depends on the runs before it.
  bool keep = false;
  if (in_->memo && !in_->traces) {
    ScriptOutcome found;
    StackGuard guard(L_);
    RunScope scope(in_.get(), leaf, record, facts, found);  // what building a ctx reads
    int rewrite = 0;  // written into ctx by the run, if there is one (context())
    Internals::Context& ctx = context(L_, in_.get(), handle, leaf, rewrite);
    if (ctx.usage.looking() &&
        in_->memo_table.make_key(ctx.number, leaf, in_->fixed_leaves, record, facts, inputs)) {
      const bool hit = in_->memo_table.find(in_->reasons, found);
      ctx.usage.note(hit);
      if (hit) return found;
      keep = true;
    }
  }
  ScriptOutcome outcome = run_once(handle, leaf, record, facts);
  if (keep && !in_->met_memory_limit) in_->memo_table.store(outcome, in_->reasons);
  return outcome;
}

ScriptOutcome ScriptHost::run_once(int handle, const Node& leaf, const Record& record,
                                   const std::vector<const Fact*>* facts) {
  bool fast = false;
  struct EndFast {  // a fast run ends on every way out
    lua_State* L;
    bool& fast;
    bool stands = false;
    bool end() {
      if (fast) stands = sandbox::end_fast_run(L);
      fast = false;
      return stands;
    }
    ~EndFast() { end(); }
  } ending{L_, fast};
  try {
    ScriptOutcome outcome = attempt(handle, leaf, record, facts, true, fast);
    if (!fast || ending.end()) return outcome;
  } catch (const Error&) {
    if (!fast || ending.end()) throw;
  }
  return attempt(handle, leaf, record, facts, false, fast);
}

ScriptOutcome ScriptHost::attempt(int handle, const Node& leaf, const Record& record,
                                  const std::vector<const Fact*>* facts, bool try_fast, bool& fast) {
  ScriptOutcome outcome;
  StackGuard guard(L_);
  RunScope scope(in_.get(), leaf, record, facts, outcome);
  int rewrite = 0;
  Internals::Context& ctx = context(L_, in_.get(), handle, leaf, rewrite);
  in_->context = &ctx;
  fast = try_fast && sandbox::start_fast_run(L_);
  if (!fast) sandbox::start_run(L_);
  lua_pushcfunction(L_, traceback_handler);
  const int handler = lua_gettop(L_);
  lua_rawgeti(L_, LUA_REGISTRYINDEX, ctx.runner_ref);
  lua_pushinteger(L_, rewrite);
  int status = lua_pcall(L_, 1, LUA_MULTRET, handler);
  auto display = [&] { return in_->display_dir + "/" + leaf.script; };  // built only for a message
  if (status != LUA_OK) {
    const Error error = failure(L_, status, display());
    if (rewrite != 0) forget(L_, ctx);  // perhaps half written: built afresh next time
    throw error;
  }
  // Written: the next run of this Node need not.
  if (rewrite & kWeightField) ctx.weight = *leaf.weight;
  if (rewrite & kIdField) ctx.id = leaf.id;
  if (rewrite & kNameField) ctx.name = leaf.name;
  const int score_at = handler + 1, reason_at = handler + 2;
  // A reason given as a function and its arguments is written only when it is
  // wanted, in the same run (its budget, its clock, the same ctx).
  auto write_reason = [&] {
    if (lua_type(L_, reason_at) != LUA_TFUNCTION) return;
    lua_pushcfunction(L_, call_reason);
    lua_insert(L_, reason_at);
    status = lua_pcall(L_, lua_gettop(L_) - reason_at, 1, handler);
    if (status != LUA_OK) throw failure(L_, status, display());
  };
  if (in_->reasons) write_reason();
  const int reason_type = lua_type(L_, reason_at);
  if (reason_type != LUA_TSTRING && (in_->reasons || reason_type != LUA_TFUNCTION))
    throw Error(ErrorKind::kScript, "the script must return a score and a reason (text); the reason is " +
                                        std::string(luaL_typename(L_, reason_at)),
                Location{display()});
  auto take_reason = [&] {
    size_t length = 0;
    const char* reason = lua_tolstring(L_, reason_at, &length);
    outcome.reason.assign(reason, length);  // all of it: a NUL inside does not end it
  };
  if (in_->reasons) take_reason();
  if (lua_isnil(L_, score_at)) {
    outcome.needs_judgement = true;
    return outcome;
  }
  if (lua_type(L_, score_at) != LUA_TNUMBER)
    throw Error(ErrorKind::kScript,
                "the score must be a number (or nil for a case the rule leaves to judgement), not " +
                    std::string(luaL_typename(L_, score_at)),
                Location{display()});
  outcome.score = lua_tonumber(L_, score_at);
  const Decimal max = leaf.max_score ? *leaf.max_score : *leaf.weight;
  if (!std::isfinite(outcome.score) || outcome.score < -1e-9 || outcome.score > to_double(max) + 1e-9) {
    if (!in_->reasons) {  // the message names the reason, whether or not reasons are wanted
      write_reason();
      if (lua_type(L_, reason_at) == LUA_TSTRING) take_reason();
    }
    throw Error(ErrorKind::kScript,
                "the score " + std::to_string(outcome.score) + " is outside 0.." + max.str() +
                    (leaf.max_score ? " (the most it may score)" : " (the leaf's weight)") + "; reason: " + outcome.reason,
                Location{display()});
  }
  return outcome;
}

void ScriptHost::set_reasons(bool on) { in_->reasons = on; }
void ScriptHost::set_traces(bool on) { in_->traces = on; }
void ScriptHost::set_fixed_leaves(bool on) { in_->fixed_leaves = on; }
void ScriptHost::set_fixed_params(bool on) { in_->fixed_params = on; }
void ScriptHost::set_memo(bool on) { in_->memo = on; }

ScriptHost::MemoCounts ScriptHost::memo_counts() const {
  return {in_->memo_table.lookups(), in_->memo_table.hits(), in_->memo_table.size()};
}

bool ScriptHost::last_run_repeatable() const { return !in_->met_memory_limit; }

std::vector<std::pair<std::string, std::string>> ScriptHost::files_loaded() const {
  return {in_->files.begin(), in_->files.end()};
}

}  // namespace jixiao
