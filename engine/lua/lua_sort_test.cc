// table.sort in the sandbox (lua_charges.cc): a stable merge sort of our own,
// so that equal elements end in the same order in every run and process
// (Lua's quicksort takes a pivot from the clock when a partition goes badly),
// each comparison charged, errors as Lua's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Error;
using jixiao::Node;
using jixiao::Record;
using jixiao::SandboxLimits;
using jixiao::ScriptHost;
using jixiao::Value;
using jixiao::test::value_fact;

namespace {

// Sorts the keys of fact `keys` ("3,1,3,...") by key with a comparator, and
// gives the first positions in their sorted order ("2,1,3,...").
const std::pair<std::string, std::string> kByKey = {
    "by_key.lua",
    "return function(ctx)\n"
    "  local t = {}\n"
    "  for k in string.gmatch(ctx.facts.keys, '%d+') do t[#t + 1] = {k = tonumber(k), at = #t + 1} end\n"
    "  table.sort(t, function(a, b) return a.k < b.k end)\n"
    "  local out = {}\n"
    "  for i = 1, #t do out[i] = t[i].at end\n"
    "  return 1, table.concat(out, ',')\n"
    "end\n"};
// The keys themselves, sorted with `<` (numbers, then the same as strings).
const std::pair<std::string, std::string> kPlain = {
    "plain.lua",
    "return function(ctx)\n"
    "  local n, s = {}, {}\n"
    "  for k in string.gmatch(ctx.facts.keys, '%d+') do n[#n + 1] = tonumber(k); s[#s + 1] = k end\n"
    "  table.sort(n)\n"
    "  table.sort(s)\n"
    "  return 1, table.concat(n, ',') .. ' ' .. table.concat(s, ',')\n"
    "end\n"};
// 100,000 elements of 13 keys: the positions' order, summed with weights.
const std::pair<std::string, std::string> kLarge = {
    "large.lua",
    "return function(ctx)\n"
    "  local t = {}\n"
    "  for i = 1, 100000 do t[i] = {k = i * 7919 % 13, at = i} end\n"
    "  table.sort(t, function(a, b) return a.k < b.k end)\n"
    "  local sum = 0\n"
    "  for i = 1, #t do sum = (sum * 31 + t[i].at) % 1000000007 end\n"
    "  return 1, tostring(sum)\n"
    "end\n"};
// Errors a sort raises, caught and shown.
const std::pair<std::string, std::string> kErrors = {
    "errors.lua",
    "return function(ctx)\n"
    "  local out = {}\n"
    "  local function try(f) local ok, e = pcall(f); out[#out + 1] = tostring(ok) .. '=' .. tostring(e) end\n"
    "  try(function() table.sort(nil) end)\n"
    "  try(function() table.sort('abc') end)\n"
    "  try(function() table.sort({3, 1}, 5) end)\n"
    "  try(function() table.sort({3, 1, 2}, function(a, b) if a == 2 or b == 2 then error('two') end return a < b end) end)\n"
    "  try(function() table.sort({3, {}, 1}) end)\n"
    "  try(function() table.sort(setmetatable({}, {__len = function() return 2 ^ 31 end})) end)\n"
    "  try(function() local s = ctx.params; table.sort(s) end)\n"
    "  return 1, table.concat(out, '\\n')\n"
    "end\n"};
// A table read and written through metamethods, as Lua's sort does.
const std::pair<std::string, std::string> kProxy = {
    "proxy.lua",
    "return function(ctx)\n"
    "  local backing = {5, 3, 9, 1, 3}\n"
    "  local proxy = setmetatable({}, {__index = backing, __newindex = backing,\n"
    "    __len = function() return #backing end})\n"
    "  table.sort(proxy, function(a, b) return a > b end)\n"
    "  return 1, table.concat(backing, ',') .. ' ' .. tostring(rawlen(proxy))\n"
    "end\n"};
// A sort too large for its budget: stopped in its comparisons, which pcall cannot catch.
const std::pair<std::string, std::string> kBudget = {
    "budget.lua",
    "return function(ctx)\n"
    "  local t = {}\n"
    "  for i = 1, 20000 do t[i] = (i * 7919) % 20011 end\n"
    "  pcall(table.sort, t)\n"
    "  return 1, 'sorted'\n"
    "end\n"};

std::string dir() {
  return jixiao::test::script_dir("lua-sort", {kByKey, kPlain, kLarge, kErrors, kProxy, kBudget});
}

Node leaf(const std::string& script, std::vector<std::string> facts = {}) {
  Node n = jixiao::test::script_leaf(script);
  n.facts = std::move(facts);
  return n;
}

std::string reason_of(ScriptHost& host, const Node& n, const Record& r = {}) {
  try {
    return host.run(host.compile(n.script), n, r).reason;
  } catch (const Error& e) {
    return std::string("error: ") + e.what();
  }
}

Record with_keys(const std::vector<int>& keys) {
  std::string text;
  for (int k : keys) text += (text.empty() ? "" : ",") + std::to_string(k);
  Record r;
  r.facts["keys"] = value_fact("keys", Value::of_text(text));
  return r;
}

template <typename T>
std::string joined(const std::vector<T>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ",";
    if constexpr (std::is_same_v<T, std::string>) out += item;
    else out += std::to_string(item);
  }
  return out;
}

}  // namespace

TEST_CASE("sandbox: table.sort orders random arrays as a stable reference sort does: equal elements keep their order",
          "[sandbox]") {
  ScriptHost host(dir(), "scripts", 2);
  const Node by_key = leaf("by_key.lua", {"keys"}), plain = leaf("plain.lua", {"keys"});
  std::mt19937 random(20261130);
  for (int round = 0; round < 60; ++round) {
    const int size = round < 10 ? round : static_cast<int>(random() % 400);
    const int spread = 1 + static_cast<int>(random() % (round % 3 == 0 ? 4 : 1000));
    std::vector<int> keys;
    for (int i = 0; i < size; ++i) keys.push_back(static_cast<int>(random() % spread));
    INFO("size " << size << ", keys below " << spread);
    std::vector<int> positions(keys.size());
    for (size_t i = 0; i < positions.size(); ++i) positions[i] = static_cast<int>(i + 1);
    std::stable_sort(positions.begin(), positions.end(), [&](int a, int b) { return keys[a - 1] < keys[b - 1]; });
    CHECK(reason_of(host, by_key, with_keys(keys)) == joined(positions));
    std::vector<int> numbers = keys;
    std::sort(numbers.begin(), numbers.end());
    std::vector<std::string> texts;
    for (int k : keys) texts.push_back(std::to_string(k));
    std::sort(texts.begin(), texts.end());
    CHECK(reason_of(host, plain, with_keys(keys)) == joined(numbers) + " " + joined(texts));
  }
}

TEST_CASE("sandbox: a sort of 100,000 elements with many ties gives the same order in two hosts, the stable one",
          "[sandbox]") {
  const SandboxLimits roomy{200'000'000, 256u << 20, 600'000};
  std::vector<int> positions(100000);
  for (size_t i = 0; i < positions.size(); ++i) positions[i] = static_cast<int>(i + 1);
  std::stable_sort(positions.begin(), positions.end(),
                   [](int a, int b) { return (a * 7919LL) % 13 < (b * 7919LL) % 13; });
  long long sum = 0;
  for (int at : positions) sum = (sum * 31 + at) % 1000000007;
  const Node large = leaf("large.lua");
  ScriptHost first(dir(), "scripts", 2, roomy);
  ScriptHost second(dir(), "scripts", 2, roomy);
  CHECK(reason_of(first, large) == std::to_string(sum));
  CHECK(reason_of(first, large) == std::to_string(sum));
  CHECK(reason_of(second, large) == std::to_string(sum));
}

TEST_CASE("sandbox: table.sort raises Lua's errors for its arguments, an array too big and a comparator's error",
          "[sandbox]") {
  ScriptHost host(dir(), "scripts", 2);
  Node errors = leaf("errors.lua");
  errors.params.map.emplace_back("x", Value::of_text("b"));
  errors.params.map.emplace_back("y", Value::of_text("a"));
  CHECK(reason_of(host, errors) ==
        "false=scripts/errors.lua:4: bad argument #1 to 'sort' (table expected, got nil)\n"
        "false=scripts/errors.lua:5: bad argument #1 to 'sort' (table expected, got string)\n"
        "false=scripts/errors.lua:6: bad argument #2 to 'sort' (function expected, got number)\n"
        "false=scripts/errors.lua:7: two\n"
        "false=attempt to compare table with number\n"
        "false=scripts/errors.lua:9: bad argument #1 to 'sort' (array too big)\n"
        "true=nil");
}

TEST_CASE("sandbox: table.sort reads and writes through a table's metamethods, as Lua's sort does", "[sandbox]") {
  ScriptHost host(dir(), "scripts", 2);
  CHECK(reason_of(host, leaf("proxy.lua")) == "9,5,3,3,1 0");
}

TEST_CASE("sandbox: a sort past its budget is stopped in its comparisons, which pcall cannot catch", "[sandbox]") {
  jixiao::test::on_counted_thread([] {
    ScriptHost host(dir(), "scripts", 2, SandboxLimits{200'000, 64u << 20, 600'000});
    CHECK(reason_of(host, leaf("budget.lua")) ==
          "error: scripts/budget.lua:4: stopped: instruction budget of 200000 exceeded (in a table function)\n"
          "  scripts/budget.lua:4: in function <scripts/budget.lua:1>");
  });
}
