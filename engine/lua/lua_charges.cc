// The library functions that do their work inside C, where the instruction
// hook cannot count: each call is charged the work it does (about one
// instruction per kBytesPerInstruction bytes it reads or makes, one per
// element or comparison) and checks the clock, and calls that could run for
// minutes on their own are refused before they start.
#include <climits>
#include <cmath>
#include <cstring>
#include <utility>

#include "lua_sandbox.h"

namespace jixiao::sandbox {

namespace {

constexpr double kBytesPerInstruction = 16;
constexpr size_t kMaxRepBytes = 16u << 20;  // string.rep results above this are refused
constexpr double kMaxPatternSteps = 8;      // log10 of the matching steps a pattern call may take
constexpr size_t kMaxPatternBytes = 256;    // longer patterns (thousands of classes) are refused
constexpr const char* kString = "a string function";
constexpr const char* kTable = "a table function";

// Calls the original function (upvalue 1) with the arguments on the stack.
int call_original(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// What the values on the stack from `first` up cost: their bytes, and one for each.
double results_cost(lua_State* L, int first = 1) {
  double cost = 0;
  for (int i = first; i <= lua_gettop(L); ++i)
    cost += 1 + (lua_type(L, i) == LUA_TSTRING ? static_cast<double>(lua_rawlen(L, i)) / kBytesPerInstruction : 0);
  return cost;
}

double text_cost(lua_State* L, int arg) {
  return lua_type(L, arg) == LUA_TSTRING ? static_cast<double>(lua_rawlen(L, arg)) / kBytesPerInstruction : 0;
}

// Charged by the bytes of the text they are given (upper, lower, reverse,
// utf8.len, utf8.offset) and of what they give back (sub, byte, char, pack,
// unpack, utf8.char, utf8.codepoint). Upvalue 2 says whether to charge the text.
// The original (upvalue 1), a library function without upvalues that reads
// only its arguments, is called in this call's own frame, as Lua would call
// it (without a second call through Lua, most of a small call's cost): what
// it raises names the script's call ("bad argument #1 to 'char'").
int charged_call(lua_State* L) {
  charge(L, 1 + (lua_toboolean(L, lua_upvalueindex(2)) ? text_cost(L, 1) : 0), kString);
  const int results = lua_tocfunction(L, lua_upvalueindex(1))(L);
  charge(L, results_cost(L, lua_gettop(L) - results + 1), kString);
  return results;
}

// string.byte, charged as charged_call charges it (upvalue 1: the
// original). byte(s, i) of one byte (a cell's last, on every project row)
// is answered here as the original answers it, without its handling of
// optional arguments and slices; every other call goes to the original.
int charged_byte(lua_State* L) {
  if (lua_gettop(L) != 2 || lua_type(L, 1) != LUA_TSTRING || !lua_isinteger(L, 2)) return charged_call(L);
  charge(L, 1, kString);
  size_t length = 0;
  const char* s = lua_tolstring(L, 1, &length);
  const lua_Integer i = lua_tointeger(L, 2);
  const auto n = static_cast<lua_Integer>(length);
  const lua_Integer at = i >= 0 ? i : n + i + 1;  // from the end, as posrelatI; 0 and out of range give nothing
  if (at < 1 || at > n) return 0;
  lua_pushinteger(L, static_cast<unsigned char>(s[at - 1]));
  charge(L, 1, kString);
  return 1;
}

// type, with the names of the types made once (upvalues 1…, by LUA_T*
// + 1): Lua's pushes the name as a C string, looked up again on every call
// (rules.number asks for one on every call).
int known_type(lua_State* L) {
  const int type = lua_type(L, 1);
  luaL_argcheck(L, type != LUA_TNONE, 1, "value expected");
  lua_pushvalue(L, lua_upvalueindex(type + 1));
  return 1;
}

// string.format: '%p' prints an address and '%s' of a table or function
// prints one too, which would differ from process to process: '%p' is
// refused and such arguments are printed as their type.
int safe_format(lua_State* L) {
  const char* format = luaL_checkstring(L, 1);
  for (const char* p = format; (p = std::strchr(p, '%')) != nullptr; p += 2) {
    const char* spec = p + 1 + std::strspn(p + 1, "-+ #0123456789.");
    if (*spec == 'p') return luaL_error(L, "string.format: '%%p' prints an address, which differs from run to run");
    if (*spec == '\0') break;
  }
  for (int i = 2; i <= lua_gettop(L); ++i) {
    const int type = lua_type(L, i);
    if ((type == LUA_TTABLE || type == LUA_TFUNCTION) && luaL_getmetafield(L, i, "__tostring") == LUA_TNIL) {
      lua_pushstring(L, lua_typename(L, type));
      lua_replace(L, i);
    } else if (type == LUA_TTABLE || type == LUA_TFUNCTION) {
      lua_pop(L, 1);
    }
  }
  charge(L, 1 + text_cost(L, 1), kString);
  call_original(L);
  charge(L, results_cost(L), kString);
  return lua_gettop(L);
}

// Repetitions (*, +, -, ?, %b, %f) outside character classes and escapes.
int repetitions(const char* p) {
  int count = 0;
  for (; *p != '\0'; ++p) {
    if (*p == '%' && (p[1] == 'b' || p[1] == 'f')) {  // balanced match and frontier also scan
      ++count;
      ++p;
    } else if (*p == '%' && p[1] != '\0') {
      ++p;
    } else if (*p == '[') {
      for (++p; *p != '\0' && *p != ']'; ++p)
        if (*p == '%' && p[1] != '\0') ++p;
      if (*p == '\0') break;
    } else if (*p == '*' || *p == '+' || *p == '-' || *p == '?') {
      ++count;
    }
  }
  return count;
}

// Lua's matcher backtracks inside C, where the instruction budget cannot
// stop it: a pattern of m bytes with k repetitions on n bytes may take about
// m·n^(k+1) steps, and a plain search (or a pattern without specials) n·m.
// Calls that could take more than 10^8 are refused; the others are charged
// the text they scan and what they give back.
int capped_pattern_call(lua_State* L) {
  size_t length = 0, pattern_length = 0;
  luaL_checklstring(L, 1, &length);
  const char* pattern = luaL_checklstring(L, 2, &pattern_length);
  const bool is_find = lua_tointeger(L, lua_upvalueindex(2)) == 1;
  const bool plain = is_find && (lua_toboolean(L, 4) || std::strpbrk(pattern, "^$*+?.([%-") == nullptr);
  if (!plain && pattern_length > kMaxPatternBytes)
    return luaL_error(L, "refused: a pattern of %d bytes, more than the %d a script may use",
                      static_cast<int>(pattern_length), static_cast<int>(kMaxPatternBytes));
  const double log_text = std::log10(static_cast<double>(length) + 1);
  const double log_pattern = std::log10(static_cast<double>(pattern_length) + 1);
  if (plain) {
    if (log_text + log_pattern > kMaxPatternSteps)
      return luaL_error(L,
                        "refused: looking for %d bytes in a text of %d bytes could run for minutes "
                        "(shorten the text or what is looked for)",
                        static_cast<int>(pattern_length), static_cast<int>(length));
  } else {
    const int k = repetitions(pattern) + (pattern[0] == '^' ? 0 : 1);
    if (k * log_text + log_pattern > kMaxPatternSteps)
      return luaL_error(L,
                        "refused: a pattern with %d repetitions on a text of %d bytes could run for minutes "
                        "(shorten the text or simplify the pattern)",
                        k - (pattern[0] == '^' ? 0 : 1), static_cast<int>(length));
  }
  charge(L, 1 + text_cost(L, 1), kString);
  call_original(L);
  charge(L, results_cost(L), kString);
  return lua_gettop(L);
}

int capped_rep(lua_State* L) {
  size_t length = 0, sep_length = 0;
  luaL_checklstring(L, 1, &length);
  const lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &sep_length);
  const double total = static_cast<double>(length + sep_length) * static_cast<double>(n > 0 ? n : 0);
  // Lua loops n times in C even when the pieces are empty: cap n as well.
  if (total > static_cast<double>(kMaxRepBytes) || n > static_cast<lua_Integer>(kMaxRepBytes))
    return luaL_error(L, "refused: string.rep would make %I bytes, more than the %d MiB a script may",
                      static_cast<lua_Integer>(total), static_cast<int>(kMaxRepBytes >> 20));
  charge(L, 1 + (total + static_cast<double>(n > 0 ? n : 0)) / kBytesPerInstruction, kString);
  return call_original(L);
}

// The iterator utf8.codes gives, charged the bytes it steps over (a text of
// continuation bytes makes one step scan far).
int charged_codes_step(lua_State* L) {
  const lua_Integer from = lua_tointeger(L, 2);
  const double length = lua_type(L, 1) == LUA_TSTRING ? static_cast<double>(lua_rawlen(L, 1)) : 0;
  charge(L, 1, kString);
  call_original(L);
  const double to = lua_gettop(L) >= 1 ? static_cast<double>(lua_tointeger(L, 1)) : length;  // (position, code) or nothing
  charge(L, (to - static_cast<double>(from)) / kBytesPerInstruction, kString);
  return lua_gettop(L);
}

int charged_codes(lua_State* L) {
  charge(L, 1, kString);
  call_original(L);
  lua_pushvalue(L, 1);  // utf8.codes' own iterator
  lua_pushcclosure(L, charged_codes_step, 1);
  lua_replace(L, 1);
  return lua_gettop(L);
}

// table.insert/remove/move/concat/unpack loop inside C: each call is charged
// the elements it may touch, so a loop of them still runs out of budget.
enum TableCost { kInsert, kRemove, kMove, kConcat, kUnpack };

lua_Integer optional_integer(lua_State* L, int arg, lua_Integer fallback) {
  return lua_isnoneornil(L, arg) ? fallback : luaL_checkinteger(L, arg);
}

int charged_table_call(lua_State* L) {
  const auto kind = static_cast<TableCost>(lua_tointeger(L, lua_upvalueindex(2)));
  const lua_Integer n = lua_type(L, 1) == LUA_TTABLE ? static_cast<lua_Integer>(lua_rawlen(L, 1)) : 0;
  double cost = 1;
  switch (kind) {
    case kInsert: cost = lua_gettop(L) >= 3 ? static_cast<double>(n) : 1; break;
    case kRemove: cost = static_cast<double>(n); break;
    case kMove: cost = static_cast<double>(luaL_checkinteger(L, 3)) - static_cast<double>(luaL_checkinteger(L, 2)) + 1; break;
    case kConcat:
    case kUnpack:
      cost = static_cast<double>(optional_integer(L, kind == kConcat ? 4 : 3, n)) -
             static_cast<double>(optional_integer(L, kind == kConcat ? 3 : 2, 1)) + 1;
      break;
  }
  charge(L, cost, kTable);
  call_original(L);
  if (kind == kConcat) charge(L, results_cost(L), kTable);
  return lua_gettop(L);
}

// table.sort, our own rather than Lua's: Lua's quicksort takes a pivot
// from the clock once a partition goes badly, so the order of equal
// elements, and the comparisons charged, could differ from run to run. This
// is a stable merge sort: equal elements keep their order. It reads the
// elements with lua_geti and writes them back with lua_seti, as Lua's sort
// does (metamethods respected); each comparison, the script's comparator
// (argument 2) or `<`, is charged with the bytes of the strings it compares
// and checks the clock. Its buffers are Lua's (a table and a userdata): the
// collector takes them however the sort ends.
using SortIndex = unsigned int;

// Whether the value at position `b` of the values table (index 3) goes
// before the one at `a`.
bool sort_less(lua_State* L, SortIndex b, SortIndex a) {
  const bool comparator = !lua_isnil(L, 2);
  if (comparator) lua_pushvalue(L, 2);
  lua_rawgeti(L, 3, b);
  lua_rawgeti(L, 3, a);
  charge(L, 1 + text_cost(L, -2) + text_cost(L, -1), kTable);
  if (!comparator) {
    const bool less = lua_compare(L, -2, -1, LUA_OPLT) != 0;
    lua_pop(L, 2);
    return less;
  }
  lua_call(L, 2, 1);
  const bool less = lua_toboolean(L, -1) != 0;
  lua_pop(L, 1);
  return less;
}

int stable_sort(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  const lua_Integer n = luaL_len(L, 1);
  luaL_argcheck(L, n < INT_MAX, 1, "array too big");
  charge(L, 1 + (n > 0 ? static_cast<double>(n) : 0), kTable);
  if (n < 2) return 0;
  const auto count = static_cast<SortIndex>(n);
  lua_createtable(L, static_cast<int>(count), 0);  // 3: the values, in their order before the sort
  for (SortIndex i = 1; i <= count; ++i) {
    lua_geti(L, 1, i);
    lua_rawseti(L, 3, i);
  }
  // Two lists of positions in the values table: runs of width w in `from`,
  // merged two by two into runs of 2w in `to`, the left one first on ties.
  auto* from = static_cast<SortIndex*>(lua_newuserdatauv(L, 2 * sizeof(SortIndex) * count, 0));
  SortIndex* to = from + count;
  for (SortIndex i = 0; i < count; ++i) from[i] = i + 1;
  for (SortIndex width = 1; width < count; width = width > count / 2 ? count : 2 * width) {
    for (SortIndex lo = 0; lo < count; lo = count - lo > 2 * width ? lo + 2 * width : count) {
      const SortIndex mid = count - lo > width ? lo + width : count;
      const SortIndex hi = count - mid > width ? mid + width : count;
      SortIndex i = lo, j = mid, k = lo;
      while (i < mid && j < hi) to[k++] = sort_less(L, from[j], from[i]) ? from[j++] : from[i++];
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    std::swap(from, to);
  }
  for (SortIndex i = 0; i < count; ++i) {
    lua_rawgeti(L, 3, from[i]);
    lua_seti(L, 1, i + 1);
  }
  return 0;
}

// Replaces LIBRARY.NAME (the library table is on top) with `wrapper`,
// which gets the original as upvalue 1 and `extra` values above it (on the stack).
void wrap(lua_State* L, const char* name, lua_CFunction wrapper, int extra) {
  lua_getfield(L, -1 - extra, name);
  lua_insert(L, -1 - extra);
  lua_pushcclosure(L, wrapper, 1 + extra);
  lua_setfield(L, -2, name);
}

void wrap_charged(lua_State* L, const char* name, bool charge_text) {
  lua_pushboolean(L, charge_text);
  wrap(L, name, charged_call, 1);
}

}  // namespace

void harden_libraries(lua_State* L) {
  lua_getglobal(L, LUA_STRLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pushinteger(L, 1);
  wrap(L, "find", capped_pattern_call, 1);
  for (const char* name : {"match", "gmatch", "gsub"}) {
    lua_pushinteger(L, 0);
    wrap(L, name, capped_pattern_call, 1);
  }
  wrap(L, "rep", capped_rep, 0);
  wrap(L, "format", safe_format, 0);
  for (const char* name : {"upper", "lower", "reverse"}) wrap_charged(L, name, true);
  for (const char* name : {"sub", "char", "pack", "unpack"}) wrap_charged(L, name, false);
  lua_pushboolean(L, false);
  wrap(L, "byte", charged_byte, 1);
  lua_pop(L, 1);

  lua_getglobal(L, LUA_UTF8LIBNAME);
  for (const char* name : {"len", "offset"}) wrap_charged(L, name, true);
  for (const char* name : {"char", "codepoint"}) wrap_charged(L, name, false);
  wrap(L, "codes", charged_codes, 0);
  lua_pop(L, 1);

  lua_getglobal(L, LUA_TABLIBNAME);
  const std::pair<const char*, TableCost> kCharged[] = {
      {"insert", kInsert}, {"remove", kRemove}, {"move", kMove}, {"concat", kConcat}, {"unpack", kUnpack}};
  for (const auto& [name, kind] : kCharged) {
    lua_pushinteger(L, kind);
    wrap(L, name, charged_table_call, 1);
  }
  lua_pushcfunction(L, stable_sort);
  lua_setfield(L, -2, "sort");
  lua_pop(L, 1);

  for (int type = 0; type < LUA_NUMTYPES; ++type) lua_pushstring(L, lua_typename(L, type));
  lua_pushcclosure(L, known_type, LUA_NUMTYPES);
  lua_setglobal(L, "type");

  // The string library is shared by every string through its metatable: hide it.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushliteral(L, "locked");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
}

}  // namespace jixiao::sandbox
