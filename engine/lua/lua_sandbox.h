// The sandbox that scoring scripts run in (internal to the Lua module: the
// lua_*.cc files are the only ones that include Lua).
//
// A sandboxed state has a capped allocator (per run), an instruction budget
// and a wall-clock limit that keep firing once exceeded (so pcall cannot
// swallow them), library functions that charge the work they do inside C to
// the budget or refuse inputs that could run for minutes, a fixed random
// seed, an ordered `pairs`, and tables frozen in place once a script's or a
// module's top level has run, so that no run leaves state for the next.
#pragma once

#include <lua.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <string>

namespace jixiao::sandbox {

struct Watch;  // a state as the watchdog of fast runs sees it (lua_watchdog.cc)

struct Budget {
  long long instruction_limit = 0;  // per run
  long long instructions_used = 0;
  size_t memory_limit = 0;          // growth allowed per run, above memory_base
  size_t memory_base = 0;           // the state's size when the run started
  size_t memory_used = 0;
  long long wall_ms = 0;            // per run
  std::chrono::steady_clock::time_point deadline;
  bool out_of_time = false;
  bool out_of_memory = false;       // a memory error was turned into an ordinary one (see require)
  bool met_memory_limit = false;    // an allocation was refused: Lua collected garbage within the run
  int hook_every = 0;               // instructions between two checks, now
  double unclocked = 0;             // instructions charged (charge) since it last read the clock
  bool at_load = false;             // a script or module top level is running (ScriptHost::compile)
  bool large_at_load = false;       // a top level made a large block: every run checks often
  bool random_used = false;         // math.random was called since the last reseed
  lua_State* state = nullptr;
  // Where the last error was raised and whether its text starts with that
  // place ("scripts/x.lua:3: "), filled in by locate_error.
  std::string error_file;
  int error_line = 0;
  size_t error_prefix = 0;
  std::string declared_where;  // "scripts/x.lua:3:" of an error the engine raised itself
  std::chrono::steady_clock::time_point started;  // when the run started (a fast run: at the clock's last reading, before it)
  std::chrono::steady_clock::time_point read;     // the clock's last reading by start_run or end_fast_run (never ahead)
  bool hooked = false;         // the instruction hook is installed, every hook_every instructions
  bool fast = false;           // a fast run (start_fast_run) is in progress
  bool again = false;          // the fast run was stopped, to be run again with the hook
  unsigned long long runs = 0; // fast runs started
  size_t allocated = 0;        // bytes allocated since the collector's last look (the collector is stopped)
  Watch* watch = nullptr;      // nullptr: no watchdog, no fast runs

  bool stopped() const { return instructions_used > instruction_limit || out_of_time || out_of_memory || again; }
};

// A new state whose allocator and hook charge `budget` (which must outlive
// it), with base, math, string, table and utf8 opened and hardened. Returns
// nullptr when Lua cannot allocate the state.
lua_State* open_state(Budget* budget);

Budget* budget_of(lua_State* L);

// Closes a state open_state made.
void close_state(lua_State* L);

// Starts a run (or a compile): the budget, the clock and the memory base are
// reset, and math.random is reseeded when the last run used it.
void start_run(lua_State* L);

// Most runs are short, and the hook that counts instructions makes Lua check
// it at every instruction. A fast run is started as start_run does but
// without the hook, and counts nothing: returns false (and starts nothing)
// where none can be had (no watchdog thread, the watchdog's signal handled
// by the application or blocked on this thread, a child of fork(), a top
// level that made a large block). The watchdog (lua_watchdog.cc) stops a
// fast run that lasts a few milliseconds, by a signal to the thread running
// it, and a large block made in one stops it too (both as a stop no pcall
// catches). end_fast_run then says whether what the run gave
// stands: only when the run was not stopped and took less time than the
// instructions its budget leaves (after what it was charged in C) could
// take at kMaxInstructionsPerNs, so that the hook would not have stopped
// it either. The time is measured from the clock's last reading (the end of
// the fast run before, or a start_run), not read again at the start: the
// span measured holds the run and whatever ran before it since, so it is
// never shorter than the run, and one reading per fast run is enough (one
// after a pause is run again, counted: rare, and what it gives is the same).
// Otherwise the caller runs it again from start_run, with the
// hook, and has what the hook gives: the same outcome, score and message.
constexpr double kMaxInstructionsPerNs = 10;  // far above what Lua runs (about one per ns)
bool start_fast_run(lua_State* L);
bool end_fast_run(lua_State* L);

// The signal the watchdog sends a thread whose fast run lasts: SIGRTMIN + 3,
// its handler installed with the first state unless the application set one.
int watchdog_signal();

// Charges `cost` instructions of work done inside C, and checks the clock
// once per hook_every instructions charged (as the hook does for those it
// counts: reading it is a good part of a small call's cost); raises the stop
// (a Lua error naming `what`) when the run is over its limits.
void charge(lua_State* L, double cost, const char* what);

// Wraps the string, utf8 and table functions of the opened libraries so that
// they charge their work and refuse inputs that could run for minutes in C.
void harden_libraries(lua_State* L);

// math.random's state, set aside while a module's top level runs within a
// run (require from a scoring function): push_random_state pushes a copy of
// it (a userdata: the only allocation); fresh_random starts the generator
// from the seed every run starts from, so the module's draws, and so its
// frozen values, do not depend on the run that loaded it;
// restore_random_state (the copy at `index`) puts the run's generator back
// as it was, so its draws do not depend on whether this run or an earlier
// one loaded the module.
void push_random_state(lua_State* L);
void fresh_random(lua_State* L);
void restore_random_state(lua_State* L, int index);

// Pushes a new table of the globals a script may use (libraries included,
// not yet frozen). `require` is added by the caller before freezing it.
void push_safe_globals(lua_State* L);

// Freezes in place every table reachable from the value at `index` (nested
// tables, metatables, functions' upvalues), once each: a frozen table keeps
// its contents in a hidden table behind a locked metatable and refuses
// writes with a message naming it (`name` for the root, "name.key" below).
// Lua functions reached are checked: one that assigns a variable of a
// function that has already returned (a script's top level, a module's) is
// refused, since the assignment would outlive the run. With `trusted`, the
// C functions reached are recorded as library functions; otherwise a C
// function with upvalues of its own (an iterator made at the top level) is
// refused. Raises a Lua error.
void freeze_reachable(lua_State* L, int index, const char* name, bool trusted);

// Freezes the table at `index` alone, as freeze_reachable would, for a
// table the engine made whose tables are frozen already (its fields are not
// walked), and pushes the hidden table that holds its contents: the engine
// may change them between runs, scripts cannot reach it. Raises a Lua error.
void freeze_one(lua_State* L, int index, const char* name);

// Pushes the hidden table that holds the contents of the frozen table at
// `index` and returns true; pushes nothing and returns false for another
// value. For the engine's own lookups behind a locked metatable (one step
// fewer than through the frozen table); never to be handed to a script.
bool push_contents(lua_State* L, int index);

// Pushes the keys of the frozen table at `index` in pairs' order, as kept
// when it was frozen with its contents (freeze_reachable), and returns true;
// raises pairs' error when one of its keys has no order; pushes nothing and
// returns false for another value (a table the engine froze alone, or one
// not frozen). With push_contents, for the engine's own loops over params.
bool push_kept_keys(lua_State* L, int index);

// Pushes the keys of the table at `index` in pairs' order and returns true
// when it was frozen with its contents (freeze_reachable) and its keys have
// an order: its contents never change, so what the engine works out from
// them may be kept as long as the table lives. Pushes nothing, charges
// nothing and raises nothing otherwise, and returns false.
bool push_fixed_keys(lua_State* L, int index);

// pairs and next as scripts call them: in the defined order (lua_order.cc).
int ordered_pairs(lua_State* L);
int ordered_next(lua_State* L);
// The __pairs of every frozen table (lua_order.cc).
int frozen_pairs(lua_State* L);
// Pushes a list of the keys of the plain table at `t` in the defined order,
// or, when a key has none, the name of its type (a string); with `charged`,
// charges the sort. check_key_order raises pairs' error for such a name on
// top (lua_order.cc).
void push_key_order(lua_State* L, int t, bool charged);
void check_key_order(lua_State* L);

// Pushes engine.listed_under, which lib.rules gives scripts as
// rules.listed_under: (map, value) → the first key of `map`, in pairs' order,
// whose list ipairs reaches an item == value in, or nil (lua_lookup.cc).
void push_listed_under(lua_State* L);

// Marks the table at `index` as frozen already (the freeze walk skips it).
void mark_frozen(lua_State* L, int index);

// Replaces the message at `index` with what error reports should print
// ("error object is a table value" for a non-string) and records in the
// budget where the error was raised (see Budget::error_file).
void locate_error(lua_State* L, int index, const std::string& display_dir);

// C functions called from Lua must not let a C++ exception reach Lua's own
// try/catch, which would garble it: turn it into a Lua error, located at
// the caller `level` levels up (1: the script line that called Body).
template <int (*Body)(lua_State*), int level = 1>
int guarded(lua_State* L) {
  try {
    return Body(L);
  } catch (const std::exception& e) {
    luaL_where(L, level);  // the script line that called, as Lua's own errors have
    lua_pushstring(L, e.what());
    lua_concat(L, 2);
  }
  return lua_error(L);
}

}  // namespace jixiao::sandbox
