// The ctx a scoring function receives: built once per leaf and frozen; its
// facts and rows proxies read the record of the run in progress.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lua_host.h"
#include "suggest.h"

namespace jixiao::lua_host {

using sandbox::guarded;

// Numbers go to Lua as doubles straight from their millionths: the division
// is correctly rounded, so this is the double nearest the decimal, as
// strtod of its text would give, without the text.
double to_double(const Decimal& d) { return static_cast<double>(d.millionths()) / 1e6; }

namespace {

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

// ctx.facts.NAME where the run's fact values (Internals::Context) have none:
// only the facts the leaf declares; each read is traced. Between runs there
// is no leaf: a context kept past its run reads nothing.
Internals* running(lua_State* L) {
  Internals* in = internals(L);
  if (in->leaf == nullptr) throw std::runtime_error("ctx can only be read while its script runs");
  return in;
}

int facts_index(lua_State* L) {
  Internals* in = running(L);
  size_t length = 0;
  const char* raw = luaL_checklstring(L, 2, &length);
  const std::string_view asked(raw, length);  // no copy: the declared name is the key from here on
  const auto& declared = in->leaf->facts;
  const auto is = std::find(declared.begin(), declared.end(), asked);
  if (is == declared.end()) {
    const std::string name(asked);
    std::string list;
    for (const auto& d : declared) list += (list.empty() ? "" : ", ") + d;
    throw std::runtime_error("fact '" + name + "' is not among the leaf's facts [" + list + "]" +
                             did_you_mean(name, declared));
  }
  const std::string& name = *is;
  // The caller's lookup when it gave one (ScriptHost::run): what the run reads from.
  const Fact* fact = nullptr;
  if (in->found != nullptr) fact = (*in->found)[static_cast<size_t>(is - declared.begin())];
  else if (auto found = in->record->facts.find(name); found != in->record->facts.end()) fact = &found->second;
  if (fact == nullptr) throw std::runtime_error("fact '" + name + "' is not recorded");
  if (in->traces) note_read(in->outcome->facts_read, name);
  push_value(L, fact->value);
  return 1;
}

// Pushes `rows` as a new list of new tables of column = value. The first
// row's column names are made Lua strings once, below the list; a row after
// it with the same column at the same place (as a rule, every row) takes that
// string again rather than a new lookup of the name's text.
void push_rows(lua_State* L, const std::vector<Row>& rows) {
  static const std::vector<std::pair<std::string, Value>> kNoCells;
  const auto& first = rows.empty() ? kNoCells : rows.front().cells;
  luaL_checkstack(L, static_cast<int>(first.size()) + 4, "too many columns");
  const int keys = lua_gettop(L) + 1;
  for (const auto& cell : first) lua_pushlstring(L, cell.first.data(), cell.first.size());
  lua_createtable(L, static_cast<int>(rows.size()), 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& cells = rows[i].cells;
    lua_createtable(L, 0, static_cast<int>(cells.size()));
    for (size_t j = 0; j < cells.size(); ++j) {
      if (j < first.size() && (i == 0 || cells[j].first == first[j].first)) lua_pushvalue(L, keys + static_cast<int>(j));
      else lua_pushlstring(L, cells[j].first.data(), cells[j].first.size());
      const Value& value = cells[j].second;  // most cells are numbers or text: pushed here, without a call
      if (value.type == Value::Type::kNumber) lua_pushnumber(L, to_double(value.number));
      else if (value.type == Value::Type::kText) lua_pushlstring(L, value.text.data(), value.text.size());
      else push_value(L, value);
      lua_rawset(L, -3);
    }
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  if (first.empty()) return;
  lua_replace(L, keys);  // the list, in the first name's place
  lua_settop(L, keys);
}

// ctx.rows.TABLE: a list of rows, each a table of column = value, made afresh
// on every read: a script may change what it reads (sort the rows, add a
// field), and nothing it changes reaches another read, leaf or record.
int rows_index(lua_State* L) {
  Internals* in = running(L);
  size_t length = 0;
  const char* raw = luaL_checklstring(L, 2, &length);
  const std::string_view asked(raw, length);  // no copy: the declared name is the key from here on
  const auto& declared = in->leaf->rows;
  const auto is = std::find(declared.begin(), declared.end(), asked);
  if (is == declared.end()) {
    const std::string name(asked);
    throw std::runtime_error("row table '" + name + "' is not among the leaf's rows" + did_you_mean(name, declared));
  }
  const std::string& name = *is;
  auto found = in->record->rows.find(name);
  if (found == in->record->rows.end()) throw std::runtime_error("row table '" + name + "' is not recorded");
  if (in->traces) note_read(in->outcome->rows_read, name);
  push_rows(L, found->second);
  return 1;
}

int read_only(lua_State* L) { return luaL_error(L, "the context is read-only: scripts cannot change facts or rows"); }

// A table that reads through the value on top of the stack (which it
// replaces) and refuses writes and metatable access.
void push_proxy(lua_State* L) {
  const int index = lua_gettop(L);
  lua_newtable(L);
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, index);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, read_only);
  lua_setfield(L, -2, "__newindex");
  lua_pushstring(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  sandbox::mark_frozen(L, -1);
  lua_replace(L, index);
}

// What fill_facts writes as it is: a value Lua reads without making a table.
bool plain(const Value& v) {
  return v.type == Value::Type::kNumber || v.type == Value::Type::kBool || v.type == Value::Type::kText;
}

using Kind = Internals::Written::Kind;

// Whether the fact values hold, as `held` says, what fill_facts would write
// for `value` (a plain value, or nullptr for nil): the same Lua value.
bool holds(const Internals::Written& held, const Value* value) {
  if (value == nullptr) return held.kind == Kind::kNil;
  if (value->type == Value::Type::kBool) return held.kind == Kind::kBool && held.boolean == value->boolean;
  if (value->type == Value::Type::kNumber) return held.kind == Kind::kNumber && held.number == value->number;
  return held.kind == Kind::kText && held.text == value->text;
}

// Writes `value` (a plain value, or nullptr for nil) into the fact values as
// the fact whose name is item `key` of the keys list, and notes in `held`
// what they hold then.
void write_fact(lua_State* L, int values, int keys, lua_Integer key, const Value* value, Internals::Written& held) {
  held.kind = Kind::kUnknown;  // until the write is done
  lua_rawgeti(L, keys, key);
  if (value == nullptr) {
    lua_pushnil(L);
    lua_rawset(L, values);
    held.kind = Kind::kNil;
  } else if (value->type == Value::Type::kBool) {
    lua_pushboolean(L, value->boolean);
    lua_rawset(L, values);
    held.boolean = value->boolean;
    held.kind = Kind::kBool;
  } else if (value->type == Value::Type::kNumber) {
    lua_pushnumber(L, to_double(value->number));
    lua_rawset(L, values);
    held.number = value->number;
    held.kind = Kind::kNumber;
  } else {
    const char* bytes = lua_pushlstring(L, value->text.data(), value->text.size());
    lua_rawset(L, values);
    held.text = std::string_view(bytes, value->text.size());
    held.kind = Kind::kText;
  }
}

}  // namespace

void push_facts_meta(lua_State* L) {
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, guarded<facts_index>);
  lua_setfield(L, -2, "__index");
}

void push_rows_proxy(lua_State* L) {
  lua_pushcfunction(L, guarded<rows_index>);
  push_proxy(L);
}

// The record's value of each declared fact, or nil where facts_index must
// answer: a fact not recorded (its error), null, a list or a map (a fresh
// table per read, as scripts may change it), and every fact when reads are
// traced. Names come from the keys list, made with the values for this leaf;
// the facts from the caller's lookup when it gave one (ScriptHost::run).
// Only what differs from `written` is written: most facts of a project's row
// are those of the row before.
void fill_facts(lua_State* L, int values, int keys, std::vector<Internals::Written>& written) {
  values = lua_absindex(L, values);
  keys = lua_absindex(L, keys);
  const Internals* in = internals(L);
  const auto& declared = in->leaf->facts;
  const auto& recorded = in->record->facts;
  const size_t count = declared.size();
  const bool traced = in->traces;
  const Fact* const* given = in->found != nullptr ? in->found->data() : nullptr;
  if (written.size() != count) written.assign(count, Internals::Written{});
  Internals::Written* held = written.data();
  for (size_t i = 0; i < count; ++i) {
    const Fact* fact = nullptr;
    if (traced) {
      // every read goes to facts_index, which notes it
    } else if (given != nullptr) {
      fact = given[i];
    } else if (auto found = recorded.find(declared[i]); found != recorded.end()) {
      fact = &found->second;
    }
    const Value* value = fact != nullptr && plain(fact->value) ? &fact->value : nullptr;
    if (!holds(held[i], value)) write_fact(L, values, keys, static_cast<lua_Integer>(i + 1), value, held[i]);
  }
}

namespace {

// At most this many distinct params are kept frozen for sharing; past it a
// leaf's params are frozen with its ctx, as any other table.
constexpr size_t kMaxSharedParams = 256;

// Pushes `params` as a frozen table, the one already made for equal params
// when there is one. Frozen tables are read-only, so sharing one carries
// nothing from one run to the next.
void push_frozen_params(lua_State* L, Internals* in, const Value& params) {
  for (const auto& [value, ref] : in->frozen_params)
    if (value == params) {
      lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
      return;
    }
  push_value(L, params);
  sandbox::freeze_reachable(L, -1, "ctx.params", false);
  if (in->frozen_params.size() >= kMaxSharedParams) return;
  lua_pushvalue(L, -1);
  in->frozen_params.emplace_back(params, luaL_ref(L, LUA_REGISTRYINDEX));
}

// Writes the leaf's `fields` of weight, id and name into the hidden tables
// of ctx (at `contents`) and ctx.leaf (at `leaf_contents`).
void write_leaf_fields(lua_State* L, const Node& leaf, int contents, int leaf_contents, int fields) {
  if (fields & kWeightField) {
    lua_pushnumber(L, to_double(*leaf.weight));  // scripts run only for leaves of known weight
    lua_setfield(L, contents, "weight");
  }
  if (fields & kIdField) {
    lua_pushlstring(L, leaf.id.data(), leaf.id.size());
    lua_setfield(L, leaf_contents, "id");
  }
  if (fields & kNameField) {
    lua_pushlstring(L, leaf.name.data(), leaf.name.size());
    lua_setfield(L, leaf_contents, "name");
  }
}

}  // namespace

// In protected mode, once per leaf: its ctx, frozen. Every table in it is
// the engine's: each is frozen alone, without the generic walk (params are
// frozen when pushed, facts and rows are frozen proxies).
int build_context(lua_State* L) {
  Internals* in = internals(L);
  const Node& leaf = *in->leaf;
  lua_settop(L, 0);
  lua_createtable(L, 0, 5);  // 1: ctx
  push_frozen_params(L, in, leaf.params);
  lua_setfield(L, 1, "params");
  lua_createtable(L, 0, 2);  // 2: ctx.leaf
  lua_pushvalue(L, 2);
  lua_setfield(L, 1, "leaf");
  lua_createtable(L, 0, static_cast<int>(leaf.facts.size()));  // 3: the fact values, filled per run
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->facts_meta_ref);
  lua_setmetatable(L, 3);
  lua_createtable(L, static_cast<int>(leaf.facts.size()), 0);  // 4: their names
  for (size_t i = 0; i < leaf.facts.size(); ++i) {
    lua_pushlstring(L, leaf.facts[i].data(), leaf.facts[i].size());
    lua_rawseti(L, 4, static_cast<lua_Integer>(i + 1));
  }
  lua_pushvalue(L, 3);
  push_proxy(L);
  lua_setfield(L, 1, "facts");
  lua_rawgeti(L, LUA_REGISTRYINDEX, in->rows_ref);
  lua_setfield(L, 1, "rows");
  sandbox::freeze_one(L, 2, "ctx.leaf");  // 5: its hidden table
  sandbox::freeze_one(L, 1, "ctx");       // 6: ctx's
  write_leaf_fields(L, leaf, 6, 5, kAllFields);
  for (int at : {1, 6, 5, 3, 4}) lua_pushvalue(L, at);
  return 5;
}

void write_leaf(lua_State* L, int contents, int leaf_contents, int fields) {
  write_leaf_fields(L, *internals(L)->leaf, contents, leaf_contents, fields);
}

}  // namespace jixiao::lua_host
