// What the files of the Lua module share behind ScriptHost (internal: only
// lua_runtime.cc, lua_context.cc and lua_require.cc include it): the host's
// state as the Lua side reaches it, and the C functions each file gives the others.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lua_memo.h"
#include "lua_runtime.h"
#include "lua_sandbox.h"

namespace jixiao {

// The budget comes first: the sandbox reaches it through the state.
struct ScriptHost::Internals : sandbox::Budget {
  SearchPath scripts{std::string()};
  std::string display_dir;
  int score_places = 2;
  bool reasons = true;                      // whether a run writes its reason (ScriptHost::set_reasons)
  bool traces = true;                       // whether a run lists what it read (ScriptHost::set_traces)
  bool fixed_leaves = false;                // whether a Node keeps its fields while the host lives (ScriptHost::set_fixed_leaves)
  bool fixed_params = false;                // whether a Node keeps its params and facts (ScriptHost::set_fixed_params)
  bool memo = false;                        // whether runs are looked up in memo_table first (ScriptHost::set_memo)

  std::map<std::string, int> handles;       // script name → registry reference of its scoring function
  std::map<std::string, std::string> files; // display name → bytes
  int env_ref = LUA_NOREF;                  // every chunk's _ENV: reads the safe globals, refuses new ones
  int modules_ref = LUA_NOREF;              // require's cache: frozen module results
  int facts_meta_ref = LUA_NOREF;           // the metatable of every ctx's fact values: a miss reads the record
  int rows_ref = LUA_NOREF;                 // ctx.rows: one proxy, reading the run's record
  std::vector<std::string> loading;         // modules whose top level is running, outermost first

  // Each leaf's ctx, built once per Node address and script. When another
  // Node lives at the address (a project table's rows, one after another) with
  // the same params and facts (compared, unless fixed_params), only the fields
  // that differ are written into the frozen ctx, which scripts cannot change;
  // others build a new ctx.
  //
  // ctx.facts is an empty read-only table whose reads go to `values`: the
  // leaf's declared facts of the run's record that Lua can read as they are
  // (numbers, booleans, text), written before every run. What is not there
  // (a fact not declared, not recorded, null, a list or map, or every fact
  // when reads are traced) falls through to the C function that reads the
  // record, raises the errors and notes the read.
  //
  // A run writes into `values` only the facts whose value differs from what
  // the table holds, as `written` knows it: one entry per declared fact, made
  // with the runner (a new runner, a new table: nothing known), unknown while
  // its write is under way (a run stopped in it writes it again). A text is
  // the bytes of the Lua string the table holds, which lives while it does.
  struct Written {
    enum class Kind : unsigned char { kUnknown, kNil, kBool, kNumber, kText };
    Kind kind = Kind::kUnknown;
    bool boolean = false;
    Decimal number;
    std::string_view text;
  };
  struct Context {
    // The leaf's runner: a C closure holding the scoring function, ctx
    // (frozen), the hidden tables of ctx's and ctx.leaf's fields, the fact
    // values ctx.facts reads and the declared fact names, as a list of Lua
    // strings (build_context), that runs the script (lua_runtime.cc).
    int runner_ref = LUA_NOREF;
    std::string id, name;
    Decimal weight;
    Value params;
    std::vector<std::string> facts;
    std::vector<Written> written;  // what the runner's fact values hold (fill_facts)
    uint64_t number = 0;           // its runs' entries in the memo: new unless built again the same (context())
    lua_memo::MemoUsage usage;     // whether its runs are still looked up
  };
  std::map<std::pair<const Node*, int>, Context> contexts;  // by (Node address, script handle); never erased
  // In front of `contexts`, what each run looks up (twice: the memo, then the
  // run): the contexts found lately, each in the one place its key hashes to
  // (context()). A Context stays where it is, so what this points to stands.
  struct ContextSeen {
    const Node* node = nullptr;
    int handle = 0;
    Context* context = nullptr;
  };
  std::array<ContextSeen, 256> contexts_seen;
  // Frozen ctx.params tables by content: leaves and project rows with the same
  // params share one read-only table rather than each building and freezing
  // its own (a project set's rows all have their part's params).
  std::vector<std::pair<Value, int>> frozen_params;
  uint64_t runners_built = 0;  // the number of the last context built
  lua_memo::Memo memo_table;   // outcomes of runs, when `memo`

  // The run in progress.
  const Node* leaf = nullptr;
  const Record* record = nullptr;
  const std::vector<const Fact*>* found = nullptr;  // the record's fact per declared fact, when the caller gave them
  Context* context = nullptr;                        // the ctx whose runner runs
  ScriptOutcome* outcome = nullptr;
};

namespace lua_host {

using Internals = ScriptHost::Internals;

inline Internals* internals(lua_State* L) { return static_cast<Internals*>(sandbox::budget_of(L)); }

// The message handler of every protected call (lua_runtime.cc).
int traceback_handler(lua_State* L);

// require, as scripts call it (lua_require.cc).
int sandbox_require(lua_State* L);

// Pushes the metatable of the fact values behind every ctx.facts, whose
// __index reads the run's record (lua_context.cc).
void push_facts_meta(lua_State* L);
// Pushes the ctx.rows proxy, which reads the run's record (lua_context.cc).
void push_rows_proxy(lua_State* L);

// In protected mode, once per leaf: Internals::leaf's ctx, frozen, as five
// values: ctx, the hidden table of its fields, that of ctx.leaf's, the fact
// values ctx.facts reads and the list of their names (lua_context.cc).
int build_context(lua_State* L);
// The fields of a leaf that ctx holds, as a set of bits: those write_leaf writes.
enum LeafField : int { kWeightField = 1, kIdField = 2, kNameField = 4, kAllFields = 7 };

// In protected mode: writes Internals::leaf's `fields` (LeafField bits) of
// weight, id and name into the hidden tables of ctx (at `contents`) and
// ctx.leaf (at `leaf_contents`) (lua_context.cc).
void write_leaf(lua_State* L, int contents, int leaf_contents, int fields);

// In protected mode, before every run: writes the run's facts into the
// values table at `values` (see Internals::Context), by the names listed at
// `keys` (both may be upvalue indices), where they differ from `written`,
// what that table holds, which it keeps up to date.
void fill_facts(lua_State* L, int values, int keys, std::vector<Internals::Written>& written);

// A decimal as the nearest double, without going through text.
double to_double(const Decimal& d);

}  // namespace lua_host
}  // namespace jixiao
