#include "lua_sandbox.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jixiao::sandbox {

// Defined in lua_freeze.cc: a tostring without addresses.
int safe_tostring(lua_State* L);

// Defined in lua_watchdog.cc: a state watched for fast runs that last, or
// nullptr when there can be none; whether fast runs can be had (not in a
// child of fork(), nor on a thread that blocks the watchdog's signal); a
// fast run begins (the hook removed) and ends (the watchdog's signal handler
// installs no hook past here).
Watch* watch_state(lua_State* L, lua_Hook hook);
void unwatch_state(Watch* w);
bool watch_usable(const Watch* w);
void watch_begin(Watch* w, unsigned long long run);
void watch_end(Watch* w);

namespace {

constexpr int kHookEvery = 1000;          // instructions between two checks of the budget and the clock
constexpr int kFineHook = 16;             // ... once a run has made a large block (a long string)
constexpr size_t kLargeBlock = 1u << 20;  // `==` on two such strings is one instruction of many microseconds
constexpr lua_Integer kRandomSeed = 0;    // every run's math.random starts here
constexpr size_t kCollectEvery = 64u << 10;  // bytes allocated between two looks of the collector

// Globals a script may use as Lua gives them. Left out: io, os, debug,
// package, coroutine, load, loadfile, dofile, collectgarbage, print, rawset
// (it would write past a frozen table's guard) and string.dump; pairs, next
// and tostring are replaced (lua_freeze.cc), pcall, xpcall and setmetatable
// wrapped (below).
const char* const kSafeGlobals[] = {"assert", "error",    "ipairs",   "rawequal", "rawget",       "rawlen",
                                    "select", "tonumber", "type",     "_VERSION", "getmetatable"};
const char* const kLibraries[] = {"math", "string", "table", "utf8"};

void budget_hook(lua_State* L, lua_Debug* ar);

void* capped_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* budget = static_cast<Budget*>(ud);
  const size_t old = ptr != nullptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    budget->memory_used -= old;
    return nullptr;
  }
  // A refusal makes Lua collect garbage and try again (an emergency
  // collection, the only one within a run), which weak tables can see.
  if (nsize > old && budget->memory_used - old + nsize > budget->memory_base + budget->memory_limit) {
    budget->met_memory_limit = true;
    return nullptr;
  }
  // Most blocks are new (a table, its nodes, a string): malloc, without
  // realloc's look at a block that is not there.
  void* p = ptr == nullptr ? std::malloc(nsize) : std::realloc(ptr, nsize);
  if (p == nullptr) {
    budget->met_memory_limit = true;
    return nullptr;
  }
  if (nsize > old) budget->allocated += nsize - old;
  budget->memory_used = budget->memory_used - old + nsize;
  // A long string makes single instructions slow (`==`, `..`): check the
  // clock more often for the rest of the run.
  if (nsize >= kLargeBlock && budget->at_load) budget->large_at_load = true;
  if (nsize >= kLargeBlock && budget->fast) budget->again = true;  // counted with the fine hook, from the start
  if (nsize >= kLargeBlock && budget->state != nullptr && !budget->fast && budget->hook_every != kFineHook) {
    budget->hook_every = kFineHook;
    budget->hooked = true;
    lua_sethook(budget->state, budget_hook, LUA_MASKCOUNT, kFineHook);
  }
  return p;
}

void check_clock(Budget* budget) {
  if (!budget->out_of_time && std::chrono::steady_clock::now() > budget->deadline) budget->out_of_time = true;
}

// "2 s" or "250 ms", for the wall-clock stop.
void format_limit(char* out, size_t size, long long ms) {
  if (ms % 1000 == 0) std::snprintf(out, size, "%lld s", ms / 1000);
  else std::snprintf(out, size, "%lld ms", ms);
}

// Fires every hook_every instructions; once over a limit it raises at every
// check, so a script that catches the error with its own pcall is stopped again.
void budget_hook(lua_State* L, lua_Debug* ar) {
  Budget* budget = budget_of(L);
  if (budget->fast) {  // installed by the watchdog's signal: the run is run again, counted
    budget->again = true;
    lua_pushliteral(L, "stopped: to be run again with the instruction count");
    lua_error(L);
  }
  budget->instructions_used += budget->hook_every;
  check_clock(budget);
  if (!budget->stopped()) return;
  lua_getinfo(L, "Sl", ar);  // where the script was when it ran out
  if (budget->out_of_time) {
    char limit[32];
    format_limit(limit, sizeof limit, budget->wall_ms);
    lua_pushfstring(L, "%s:%d: stopped: the run took longer than %s", ar->short_src, ar->currentline, limit);
  } else {
    lua_pushfstring(L, "%s:%d: stopped: instruction budget of %I exceeded (an endless loop?)", ar->short_src,
                    ar->currentline, static_cast<lua_Integer>(budget->instruction_limit));
  }
  lua_error(L);
}

// A stop for the budget, the clock or memory is not the script's to catch.
bool uncatchable(lua_State* L, int status) { return status == LUA_ERRMEM || budget_of(L)->stopped(); }

// An error the script caught is no longer the run's error: the next one is located afresh.
void forget_error(lua_State* L) { budget_of(L)->error_file.clear(); }

int safe_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  const int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
  if (status != LUA_OK) {
    if (uncatchable(L, status)) return lua_error(L);
    forget_error(L);
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
  if (budget_of(L)->stopped()) return 1;
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
    forget_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - 2;
}

// Finalizers (__gc) run where no hook fires, outside any run and its budget:
// metatables with __gc (and __close) are refused. A __close added to a
// metatable later still runs under the budget, which is what matters. Weak
// tables (__mode) would show whether Lua collected garbage in a run, which
// depends on what ran before it: refused too (one added to a metatable
// later can see it, and the memo does not keep such a run: ScriptHost).
int safe_setmetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE)
    for (const char* field : {"__gc", "__close", "__mode"}) {
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

// math.random (upvalue 1: Lua's; upvalue 2: math.randomseed, which scripts do
// not get): the first call of a run reseeds when an earlier run used the
// generator, so every run draws the same numbers and honest runs pay nothing.
int fixed_seed_random(lua_State* L) {
  Budget* budget = budget_of(L);
  if (budget->random_used == false) {
    budget->random_used = true;
  } else if (lua_toboolean(L, lua_upvalueindex(3))) {  // set by start_run: a new run since the last draw
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushinteger(L, kRandomSeed);
    lua_call(L, 1, 0);
  }
  lua_pushboolean(L, 0);
  lua_replace(L, lua_upvalueindex(3));
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

void fix_random_seed(lua_State* L) {
  lua_getglobal(L, LUA_MATHLIBNAME);
  lua_getfield(L, -1, "randomseed");
  lua_pushvalue(L, -1);
  lua_pushinteger(L, kRandomSeed);
  lua_call(L, 1, 0);
  lua_getfield(L, -2, "random");
  lua_insert(L, -2);       // random, randomseed
  lua_pushboolean(L, 0);   // "a run started since the last draw"
  lua_pushcclosure(L, fixed_seed_random, 3);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, "jixiao.random");
  lua_setfield(L, -2, "random");
  lua_pushnil(L);
  lua_setfield(L, -2, "randomseed");
  lua_pop(L, 1);
}

// Pushes the generator's state, the userdata Lua's math.random keeps as its
// upvalue (an upvalue of the original, itself upvalue 1 of ours), and ours
// (at the top, after the state).
void* push_generator(lua_State* L, size_t& size) {
  lua_getfield(L, LUA_REGISTRYINDEX, "jixiao.random");
  lua_getupvalue(L, -1, 1);
  lua_getupvalue(L, -1, 1);
  lua_replace(L, -2);
  lua_insert(L, -2);
  size = lua_rawlen(L, -2);
  return lua_touserdata(L, -2);
}

}  // namespace

void push_random_state(lua_State* L) {
  size_t size = 0;
  const void* generator = push_generator(L, size);
  auto* copy = static_cast<unsigned char*>(lua_newuserdatauv(L, size + 2, 0));
  std::memcpy(copy, generator, size);
  lua_getupvalue(L, -2, 3);  // a reseed is due at the run's next draw
  copy[size] = lua_toboolean(L, -1) ? 1 : 0;
  copy[size + 1] = budget_of(L)->random_used ? 1 : 0;
  lua_pop(L, 1);
  lua_replace(L, -3);
  lua_pop(L, 1);
}

void fresh_random(lua_State* L) {
  size_t size = 0;
  void* generator = push_generator(L, size);
  lua_getfield(L, LUA_REGISTRYINDEX, "jixiao.random.fresh");
  std::memcpy(generator, lua_touserdata(L, -1), size);
  lua_pushboolean(L, 0);
  lua_setupvalue(L, -3, 3);
  budget_of(L)->random_used = true;
  lua_pop(L, 3);
}

void restore_random_state(lua_State* L, int index) {
  index = lua_absindex(L, index);
  size_t size = 0;
  void* generator = push_generator(L, size);
  const auto* copy = static_cast<const unsigned char*>(lua_touserdata(L, index));
  std::memcpy(generator, copy, size);
  lua_pushboolean(L, copy[size]);
  lua_setupvalue(L, -2, 3);
  budget_of(L)->random_used = copy[size + 1] != 0;
  lua_pop(L, 2);
}

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
  fix_random_seed(L);
  push_random_state(L);  // the generator as every run starts it (fresh_random)
  lua_setfield(L, LUA_REGISTRYINDEX, "jixiao.random.fresh");
  harden_libraries(L);
  // The collector steps only between runs, paid by what was allocated
  // (collect_between_runs): restarted after every fast run, it would start
  // each with a debt that makes the next allocation outside a run take a
  // step. Within a run, only an emergency collection at the memory limit runs.
  // Generational: nothing a run makes outlives it, so a young collection
  // marks and sweeps the last runs' garbage, not what the state keeps (the
  // compiled scripts, every ctx), which an incremental cycle marks again and
  // sweeps every time; a full collection comes when the state has grown to
  // twice what was live after the last (Lua's own rule), so it stays flat.
  lua_gc(L, LUA_GCGEN, 0, 0);
  lua_gc(L, LUA_GCSTOP);
  budget->hook_every = kHookEvery;
  budget->hooked = true;
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, kHookEvery);
  budget->state = L;
  budget->read = std::chrono::steady_clock::now();
  budget->watch = watch_state(L, budget_hook);
  return L;
}

void close_state(lua_State* L) {
  unwatch_state(budget_of(L)->watch);
  lua_close(L);
}

namespace {

// Between runs: the collector is stopped (open_state), and once kCollectEvery
// bytes have been allocated since its last look, what was allocated is
// handed to it as debt, as allocating would have: it collects when the debt
// passes what its generational rules ask (a young collection once what was
// allocated passes a share of the state's size, for a small state at every
// look, so that the garbage it takes is still in the cache; a full one as
// open_state says). Returns whether it looked.
bool collect_between_runs(lua_State* L, Budget* budget) {
  if (budget->allocated < kCollectEvery) return false;
  lua_gc(L, LUA_GCSTEP, static_cast<int>(std::min<size_t>(budget->allocated / 1024, 1 << 20)));
  budget->allocated = 0;
  return true;
}

// What every run starts from, with or without the hook; its clock starts at
// `started`, no later than the run.
void reset_budget(lua_State* L, Budget* budget, std::chrono::steady_clock::time_point started) {
  budget->instructions_used = 0;
  budget->unclocked = 0;
  budget->out_of_time = false;
  budget->out_of_memory = false;
  budget->met_memory_limit = false;
  budget->again = false;
  budget->started = started;
  budget->deadline = budget->started + std::chrono::milliseconds(budget->wall_ms);
  budget->memory_base = budget->memory_used;
  budget->error_file.clear();
  budget->declared_where.clear();
  if (budget->random_used) {  // tell math.random a new run began (no allocation: the closure exists)
    lua_getfield(L, LUA_REGISTRYINDEX, "jixiao.random");
    lua_pushboolean(L, 1);
    lua_setupvalue(L, -2, 3);
    lua_pop(L, 1);
  }
}

}  // namespace

void start_run(lua_State* L) {
  Budget* budget = budget_of(L);
  collect_between_runs(L, budget);
  reset_budget(L, budget, budget->read = std::chrono::steady_clock::now());
  // A long string kept from a top level makes `==` on it slow in every run.
  const int every = budget->large_at_load ? kFineHook : kHookEvery;
  if (!budget->hooked || budget->hook_every != every) {
    budget->hook_every = every;
    budget->hooked = true;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, every);
  }
}

bool start_fast_run(lua_State* L) {
  Budget* budget = budget_of(L);
  if (!watch_usable(budget->watch) || budget->large_at_load) return false;
  // The span measured starts at the clock's last reading, before the run; a
  // collection step (rare, and longer than most runs) is left out of it.
  if (collect_between_runs(L, budget)) budget->read = std::chrono::steady_clock::now();
  reset_budget(L, budget, budget->read);
  budget->hook_every = kHookEvery;  // what charge() reads the clock by
  budget->hooked = false;
  budget->fast = true;
  watch_begin(budget->watch, ++budget->runs);
  return true;
}

bool end_fast_run(lua_State* L) {
  Budget* budget = budget_of(L);
  watch_end(budget->watch);
  budget->fast = false;
  // The watchdog's signal may have installed its hook after the run's last
  // instruction: none is left for what runs Lua between runs.
  if (lua_gethook(L) != nullptr) lua_sethook(L, nullptr, 0, 0);
  budget->hooked = false;
  budget->read = std::chrono::steady_clock::now();  // where the next fast run's span starts
  const double ns = std::chrono::duration<double, std::nano>(budget->read - budget->started).count();
  // Stopped for time, a fast run is done again with a clock of its own: the
  // span it was timed by began before it, and may hold a pause between runs.
  return !budget->again && !budget->out_of_time &&
         ns * kMaxInstructionsPerNs + static_cast<double>(budget->instructions_used) <
             static_cast<double>(budget->instruction_limit);
}

void charge(lua_State* L, double cost, const char* what) {
  Budget* budget = budget_of(L);
  if (cost > 0) budget->instructions_used += static_cast<long long>(std::min(cost, 1e15));
  if (cost > 0) budget->unclocked += cost;
  if (budget->unclocked >= budget->hook_every) {
    budget->unclocked = 0;
    check_clock(budget);
  }
  if (!budget->stopped()) return;
  if (budget->out_of_time) {
    char limit[32];
    format_limit(limit, sizeof limit, budget->wall_ms);
    luaL_error(L, "stopped: the run took longer than %s", limit);
  }
  luaL_error(L, "stopped: instruction budget of %I exceeded (in %s)",
             static_cast<lua_Integer>(budget->instruction_limit), what);
}

void push_safe_globals(lua_State* L) {
  lua_newtable(L);
  for (const char* name : kSafeGlobals) {
    lua_getglobal(L, name);
    lua_setfield(L, -2, name);
  }
  const luaL_Reg replaced[] = {{"pcall", safe_pcall},   {"xpcall", safe_xpcall},   {"setmetatable", safe_setmetatable},
                               {"pairs", ordered_pairs}, {"next", ordered_next},     {"tostring", safe_tostring}};
  for (const auto& r : replaced) {
    lua_pushcfunction(L, r.func);
    lua_setfield(L, -2, r.name);
  }
  for (const char* name : kLibraries) {
    lua_getglobal(L, name);
    lua_setfield(L, -2, name);
  }
}

void locate_error(lua_State* L, int index, const std::string& display_dir) {
  index = lua_absindex(L, index);
  Budget* budget = budget_of(L);
  if (lua_type(L, index) != LUA_TSTRING && lua_type(L, index) != LUA_TNUMBER) {
    if (luaL_getmetafield(L, index, "__tostring") != LUA_TNIL) {
      lua_pop(L, 1);
      luaL_tolstring(L, index, nullptr);
    } else {
      lua_pushfstring(L, "error object is a %s value", luaL_typename(L, index));
    }
    lua_replace(L, index);
  }
  size_t length = 0;
  const char* text = lua_tolstring(L, index, &length);
  const std::string message(text, length);
  budget->error_prefix = 0;
  budget->error_file.clear();
  budget->error_line = 0;
  // The "file:line:" Lua (or the engine) put in front, if it names a place
  // that is on the stack: a script's own text naming another file is not a location.
  const size_t colon = message.find(':');
  size_t digits_end = colon == std::string::npos ? colon : colon + 1;
  while (digits_end != std::string::npos && digits_end < message.size() && message[digits_end] >= '0' &&
         message[digits_end] <= '9')
    ++digits_end;
  const bool has_prefix = message.compare(0, display_dir.size() + 1, display_dir + "/") == 0 &&
                          digits_end != std::string::npos && digits_end > colon + 1 &&
                          digits_end < message.size() && message[digits_end] == ':';
  const std::string file = has_prefix ? message.substr(0, colon) : "";
  const int line = has_prefix ? std::atoi(message.c_str() + colon + 1) : 0;
  bool trusted = has_prefix && budget->declared_where == message.substr(0, digits_end + 1);
  if (trusted) {
    budget->error_file = file;
    budget->error_line = line;
  }
  lua_Debug ar;
  for (int level = 0; !trusted && lua_getstack(L, level, &ar) != 0; ++level) {
    if (lua_getinfo(L, "Sl", &ar) == 0 || ar.source[0] != '@' || ar.currentline <= 0) continue;
    if (!trusted && has_prefix && ar.currentline == line && (file == ar.source + 1 || file == ar.short_src)) {
      trusted = true;
      budget->error_file = ar.source + 1;
      budget->error_line = line;
      break;
    }
    if (budget->error_file.empty() && !has_prefix) {  // the innermost script line
      budget->error_file = ar.source + 1;
      budget->error_line = ar.currentline;
      break;
    }
    if (budget->error_file.empty()) {  // remember the innermost line while looking for the prefix's frame
      budget->error_file = ar.source + 1;
      budget->error_line = ar.currentline;
    }
  }
  if (trusted) {
    size_t rest = digits_end + 1;
    while (rest < message.size() && message[rest] == ' ') ++rest;
    budget->error_prefix = rest;
  }
}

}  // namespace jixiao::sandbox
