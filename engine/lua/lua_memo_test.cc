// The memo of script outcomes (ScriptHost::set_memo): a run is found only for
// what its script would see again, and what is found is what the run gave.
#include "lua_memo.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "error.h"
#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Error;
using jixiao::Fact;
using jixiao::Node;
using jixiao::Record;
using jixiao::SandboxLimits;
using jixiao::ScriptHost;
using jixiao::ScriptOutcome;
using jixiao::Value;
using jixiao::test::value_fact;

namespace {

// Shows everything the script sees, so any input that matters changes the reason.
const std::pair<std::string, std::string> kShow = {
    "show.lua",
    "return function(ctx)\n"
    "  local a = ctx.facts.a\n"
    "  return ctx.weight / 2, function() return string.format('%s %s %s %s %s %s', type(a), tostring(a),\n"
    "    ctx.leaf.id, ctx.leaf.name, tostring(ctx.weight), tostring(ctx.params.k)) end\n"
    "end\n"};
// Reads fact a only when fact b is true: a not recorded is an error only then.
const std::pair<std::string, std::string> kMaybe = {"maybe.lua",
                                                    "return function(ctx)\n"
                                                    "  if ctx.facts.b then return ctx.facts.a, 'read a' end\n"
                                                    "  return 1, 'did not read a'\n"
                                                    "end\n"};
const std::pair<std::string, std::string> kSpin = {"spin.lua",
                                                   "return function(ctx)\n"
                                                   "  local n = 0\n"
                                                   "  for i = 1, ctx.facts.a do n = n + 1 end\n"
                                                   "  return 1, 'spun'\n"
                                                   "end\n"};
const std::pair<std::string, std::string> kRows = {"rows.lua",
                                                   "return function(ctx)\n"
                                                   "  return #ctx.rows.items, 'rows'\n"
                                                   "end\n"};

const std::pair<std::string, std::string> kZero = {"zero.lua",
                                                   "return function(ctx)\n"
                                                   "  if ctx.facts.a == 0 then error('zero') end\n"
                                                   "  return 1, ctx.leaf.name\n"
                                                   "end\n"};

std::string dir() { return jixiao::test::script_dir("lua-memo", {kShow, kMaybe, kSpin, kRows, kZero}); }

Node leaf(const std::string& script, std::vector<std::string> facts = {"a"}) {
  Node n;
  n.id = "leaf_a";
  n.name = "指标甲";
  n.weight = Decimal::from_int(8);
  n.script = script;
  n.facts = std::move(facts);
  n.params.type = Value::Type::kMap;
  n.params.map.emplace_back("k", Value::of_number(Decimal::from_int(3)));
  return n;
}

Record with(const std::vector<std::pair<std::string, Value>>& facts) {
  Record r;
  for (const auto& [name, value] : facts) r.facts[name] = value_fact(name, value);
  return r;
}

Value number(int n) { return Value::of_number(Decimal::from_int(n)); }

// A host with the memo on, as the batch passes have it.
struct MemoHost {
  ScriptHost host;
  explicit MemoHost(SandboxLimits limits = {}) : host(dir(), "scripts", 2, limits) {
    host.set_traces(false);
    host.set_memo(true);
  }
  std::string run(const Node& n, const Record& r) {
    try {
      const ScriptOutcome o = host.run(host.compile(n.script), n, r);
      return (o.needs_judgement ? std::string("nil") : std::to_string(o.score)) + " | " + o.reason;
    } catch (const Error& e) {
      return std::string("error: ") + e.what();
    }
  }
  size_t hits() const { return host.memo_counts().hits; }
  size_t lookups() const { return host.memo_counts().lookups; }
};

}  // namespace

TEST_CASE("memo: the same inputs are found and give what the run gave, another value of a fact is run", "[memo]") {
  MemoHost m;
  const Node n = leaf("show.lua");
  const std::vector<std::pair<Record, std::string>> cases = {
      {with({{"a", number(1)}}), "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0"},
      {with({{"a", Value::of_text("1")}}), "4.000000 | string 1 leaf_a 指标甲 8.0 3.0"},
      {with({{"a", number(0)}}), "4.000000 | number 0.0 leaf_a 指标甲 8.0 3.0"},
      {with({}),
       "error: scripts/show.lua:2: fact 'a' is not recorded\n"
       "  scripts/show.lua:2: in function <scripts/show.lua:1>"},
      {with({{"a", Value{}}}), "4.000000 | nil nil leaf_a 指标甲 8.0 3.0"},
      {with({{"a", Value::of_bool(true)}}), "4.000000 | boolean true leaf_a 指标甲 8.0 3.0"},
      {with({{"a", Value::of_text("true")}}), "4.000000 | string true leaf_a 指标甲 8.0 3.0"},
      {with({{"a", Value::of_bool(false)}}), "4.000000 | boolean false leaf_a 指标甲 8.0 3.0"},
      {with({{"a", Value::of_text("")}}), "4.000000 | string  leaf_a 指标甲 8.0 3.0"},
  };
  for (const auto& [record, expected] : cases) {
    INFO(expected);
    const size_t hits = m.hits();
    CHECK(m.run(n, record) == expected);  // a new value: run
    CHECK(m.hits() == hits);
    CHECK(m.run(n, record) == expected);  // again: found, but for the error, which is never kept
    CHECK(m.hits() == hits + (expected.rfind("error", 0) == 0 ? 0 : 1));
  }
  // Every value again, in another order: each finds its own outcome.
  for (auto it = cases.rbegin(); it != cases.rend(); ++it) CHECK(m.run(n, it->first) == it->second);
  CHECK(m.hits() == 2 * (cases.size() - 1));
}

TEST_CASE("memo: a fact not read is still in the key, recorded or not", "[memo]") {
  MemoHost m;
  const Node n = leaf("maybe.lua", {"a", "b"});
  const Record without_a = with({{"b", Value::of_bool(false)}});
  CHECK(m.run(n, without_a) == "1.000000 | did not read a");
  CHECK(m.run(n, without_a) == "1.000000 | did not read a");
  CHECK(m.hits() == 1);
  const Record reads_missing = with({{"b", Value::of_bool(true)}});
  for (int i = 0; i < 2; ++i)
    CHECK(m.run(n, reads_missing) ==
          "error: scripts/maybe.lua:2: fact 'a' is not recorded\n"
          "  scripts/maybe.lua:2: in function <scripts/maybe.lua:1>");
  CHECK(m.run(n, with({{"a", number(2)}, {"b", Value::of_bool(true)}})) == "2.000000 | read a");
  CHECK(m.hits() == 1);
}

TEST_CASE("memo: another weight, id, name or max_score of a row in the same Node is run, not found", "[memo]") {
  MemoHost m;
  m.host.set_fixed_params(true);  // as a project table's rows
  Node n = leaf("show.lua");
  const Record r = with({{"a", number(1)}});
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  n.weight = Decimal::from_int(6);
  CHECK(m.run(n, r) == "3.000000 | number 1.0 leaf_a 指标甲 6.0 3.0");
  n.id = "leaf_b";
  CHECK(m.run(n, r) == "3.000000 | number 1.0 leaf_b 指标甲 6.0 3.0");
  n.name = "指标乙";
  CHECK(m.run(n, r) == "3.000000 | number 1.0 leaf_b 指标乙 6.0 3.0");
  n.max_score = Decimal::from_int(2);  // the same run, over its most now
  CHECK(m.run(n, r) ==
        "error: scripts/show.lua: the score 3.000000 is outside 0..2 (the most it may score); reason: number 1.0 leaf_b 指标乙 6.0 3.0");
  CHECK(m.hits() == 0);
  n.max_score.reset();
  CHECK(m.run(n, r) == "3.000000 | number 1.0 leaf_b 指标乙 6.0 3.0");
  CHECK(m.hits() == 1);
}

TEST_CASE("memo: a ctx rebuilt at the same Node address for other params finds nothing of the old one", "[memo]") {
  MemoHost m;
  Node n = leaf("show.lua");
  const Record r = with({{"a", number(1)}});
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  n.params.map[0].second = number(4);
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 4.0");
  n.params.map[0].second = number(3);  // back: a third ctx, a third number
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 0);
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 1);
}

TEST_CASE("memo: a ctx built again the same, after a run failed while rewriting it, keeps what was found", "[memo]") {
  MemoHost m;
  m.host.set_fixed_params(true);  // as a project table's rows
  Node n = leaf("zero.lua");
  const Record one = with({{"a", number(1)}}), zero = with({{"a", number(0)}});
  CHECK(m.run(n, one) == "1.000000 | 指标甲");
  n.name = "指标乙";  // written into ctx by the next run, which fails: its ctx is let go
  CHECK(m.run(n, zero) ==
        "error: scripts/zero.lua:2: zero\n"
        "  scripts/zero.lua:2: in function <scripts/zero.lua:1>");
  n.name = "指标甲";
  CHECK(m.run(n, one) == "1.000000 | 指标甲");
  CHECK(m.hits() == 1);
  n.name = "指标乙";
  CHECK(m.run(n, one) == "1.000000 | 指标乙");
  CHECK(m.hits() == 1);
}

TEST_CASE("memo: a run stopped by its budget is not kept: the same inputs are stopped again", "[memo]") {
  MemoHost m(SandboxLimits{50'000, 64u << 20});
  const Node n = leaf("spin.lua");
  const Record over = with({{"a", number(100000)}});
  const std::string stopped =
      "error: scripts/spin.lua:3: stopped: instruction budget of 50000 exceeded (an endless loop?)\n"
      "  scripts/spin.lua:3: in function <scripts/spin.lua:1>";
  for (int i = 0; i < 3; ++i) CHECK(m.run(n, over) == stopped);
  CHECK(m.run(n, with({{"a", number(10)}})) == "1.000000 | spun");
  CHECK(m.host.memo_counts().kept == 1);
  CHECK(m.hits() == 0);
}

TEST_CASE("memo: with traces on, runs are neither looked up nor kept", "[memo]") {
  MemoHost m;
  m.host.set_traces(true);
  const Node n = leaf("show.lua");
  const Record r = with({{"a", number(1)}});
  for (int i = 0; i < 2; ++i) {
    const ScriptOutcome o = m.host.run(m.host.compile("show.lua"), n, r);
    CHECK(o.facts_read == std::vector<std::string>{"a"});
  }
  CHECK(m.lookups() == 0);
  CHECK(m.host.memo_counts().kept == 0);
}

TEST_CASE("memo: an outcome kept without its reason is run again when reasons are wanted", "[memo]") {
  MemoHost m;
  const Node n = leaf("show.lua");
  const Record r = with({{"a", number(1)}});
  m.host.set_reasons(false);
  CHECK(m.run(n, r) == "4.000000 | ");
  CHECK(m.run(n, r) == "4.000000 | ");
  CHECK(m.hits() == 1);
  m.host.set_reasons(true);
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");  // run: kept without a reason
  CHECK(m.hits() == 1);
  CHECK(m.run(n, r) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");  // kept with it now
  CHECK(m.hits() == 2);
  m.host.set_reasons(false);
  CHECK(m.run(n, r) == "4.000000 | ");  // found, without the reason
  CHECK(m.hits() == 3);
}

TEST_CASE("memo: leaves that read row tables or a fact that is a list are always run", "[memo]") {
  MemoHost m;
  Node rows = leaf("rows.lua", {});
  rows.rows = {"items"};
  Record r;
  r.rows["items"] = std::vector<jixiao::Row>(3);
  Value list;
  list.type = Value::Type::kList;
  list.list = {number(1)};
  const Node show = leaf("show.lua");
  const Record listed = with({{"a", list}});
  for (int i = 0; i < 2; ++i) {
    CHECK(m.run(rows, r) == "3.000000 | rows");
    CHECK(m.run(show, listed) == "4.000000 | table table leaf_a 指标甲 8.0 3.0");
  }
  CHECK(m.lookups() == 0);
  CHECK(m.host.memo_counts().kept == 0);
}

TEST_CASE("memo: a leaf whose runs seldom repeat stops being looked up after 256 lookups", "[memo]") {
  MemoHost m;
  const Node n = leaf("show.lua");
  for (int i = 0; i < 300; ++i) m.run(n, with({{"a", number(i)}}));
  CHECK(m.lookups() == 256);
  CHECK(m.host.memo_counts().kept == 256);
  CHECK(m.run(n, with({{"a", number(1)}})) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 0);
  // Another leaf's runs that repeat are still looked up.
  Node other = leaf("show.lua");
  other.id = "leaf_b";
  for (int i = 0; i < 300; ++i) m.run(other, with({{"a", number(i % 4)}}));
  CHECK(m.hits() == 296);
}

TEST_CASE("memo: it keeps at most its cap of outcomes and of bytes, all let go when one more comes", "[memo]") {
  jixiao::lua_memo::Memo memo(4);
  const Node n = leaf("show.lua");
  ScriptOutcome o;
  o.score = 1;
  for (int i = 0; i < 9; ++i) {
    REQUIRE(memo.make_key(1, n, true, with({{"a", number(i)}}), nullptr));
    memo.store(o, false);
    CHECK(memo.size() == static_cast<size_t>(i % 4 + 1));
  }
  ScriptOutcome found;
  REQUIRE(memo.make_key(1, n, true, with({{"a", number(8)}}), nullptr));
  CHECK(memo.find(false, found));
  REQUIRE(memo.make_key(1, n, true, with({{"a", number(3)}}), nullptr));
  CHECK_FALSE(memo.find(false, found));
  REQUIRE(memo.make_key(1, n, true, with({{"a", Value::of_text(std::string((1u << 19) - 100, 'x'))}}), nullptr));
  memo.store(o, false);
  CHECK(memo.size() == 2);
  REQUIRE_FALSE(memo.make_key(1, n, true, with({{"a", Value::of_text(std::string(1u << 20, 'x'))}}), nullptr));
  memo.store(o, false);  // no key: nothing kept
  CHECK(memo.size() == 2);
  // Keys of half a MiB: sixteen fit in the bytes entries may take, the next lets them go.
  jixiao::lua_memo::Memo bytes;
  for (int i = 0; i < 17; ++i) {
    const std::string text((1u << 19) - 100, static_cast<char>('a' + i));
    REQUIRE(bytes.make_key(1, n, true, with({{"a", Value::of_text(text)}}), nullptr));
    bytes.store(o, false);
    CHECK(bytes.size() == static_cast<size_t>(i < 16 ? i + 1 : 1));
  }
  CHECK(ScriptHost(dir(), "scripts", 2).memo_counts().kept == 0);
  CHECK(jixiao::lua_memo::Memo::kMaxEntries == 32768);
}

TEST_CASE("memo: each of many outcomes is found by its own key only, with its reason, as the table grows", "[memo]") {
  jixiao::lua_memo::Memo memo;
  const Node n = leaf("show.lua", {"a", "b"});
  auto record = [](int i) { return with({{"a", number(i)}, {"b", Value::of_text(std::string(i % 40, 'x'))}}); };
  for (int i = 0; i < 3000; ++i) {
    ScriptOutcome o;
    o.score = i;
    o.needs_judgement = i % 7 == 0;
    o.reason = "理由 " + std::to_string(i);
    REQUIRE(memo.make_key(1, n, true, record(i), nullptr));
    memo.store(o, i % 2 == 0);
  }
  CHECK(memo.size() == 3000);
  for (int i = 0; i < 3000; ++i) {
    INFO(i);
    ScriptOutcome found;
    REQUIRE(memo.make_key(1, n, true, record(i), nullptr));
    REQUIRE(memo.find(false, found));
    CHECK(found.score == i);
    CHECK(found.needs_judgement == (i % 7 == 0));
    CHECK(found.reason.empty());
    CHECK(memo.find(true, found) == (i % 2 == 0));  // kept with its reason only when stored with it
    if (i % 2 == 0) CHECK(found.reason == "理由 " + std::to_string(i));
    // The same facts but one text a byte longer, or in another context: not found.
    REQUIRE(memo.make_key(1, n, true, with({{"a", number(i)}, {"b", Value::of_text(std::string(i % 40 + 1, 'x'))}}),
                          nullptr));
    CHECK_FALSE(memo.find(false, found));
    REQUIRE(memo.make_key(2, n, true, record(i), nullptr));
    CHECK_FALSE(memo.find(false, found));
  }
  // Kept again with its reason: in place of the entry without it, no entry more.
  ScriptOutcome again;
  again.score = 1;
  again.reason = "有理由";
  REQUIRE(memo.make_key(1, n, true, record(1), nullptr));
  memo.store(again, true);
  CHECK(memo.size() == 3000);
  ScriptOutcome found;
  REQUIRE(memo.find(true, found));
  CHECK(found.reason == "有理由");
}

TEST_CASE("memo: a run keyed by the caller's inputs is found by those bytes alone, never by its facts", "[memo]") {
  MemoHost m;
  const Node n = leaf("show.lua");
  const int handle = m.host.compile("show.lua");
  auto run = [&](const Record& r, const std::string* inputs) {
    const std::vector<const Fact*> found = {&r.facts.at("a")};
    const ScriptOutcome o = inputs != nullptr ? m.host.run(handle, n, r, found, *inputs) : m.host.run(handle, n, r, found);
    return std::to_string(o.score) + " | " + o.reason;
  };
  const Record one = with({{"a", number(1)}}), two = with({{"a", number(2)}});
  const std::string cells = std::string("≥9\0个", 7), other = std::string("≥9\0人", 7);  // a NUL is a byte as any
  CHECK(run(one, &cells) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 0);
  // The caller vouches that the same inputs make the same facts: the facts are not looked at.
  CHECK(run(two, &cells) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 1);
  CHECK(run(one, &other) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");  // other inputs: run
  CHECK(run(one, nullptr) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");  // keyed by its facts: run
  CHECK(run(two, nullptr) == "4.000000 | number 2.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 1);
  CHECK(run(one, nullptr) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(run(two, &other) == "4.000000 | number 1.0 leaf_a 指标甲 8.0 3.0");
  CHECK(m.hits() == 3);
  CHECK(m.host.memo_counts().kept == 4);
}

TEST_CASE("memo: many Nodes, each run under two scripts, each keep their own ctx", "[memo]") {
  // More Nodes than the places contexts are found in first (Internals::contexts_seen): they share places.
  ScriptHost host(dir(), "scripts", 2);
  host.set_fixed_leaves(true);
  std::vector<Node> nodes(600, leaf("show.lua"));
  for (size_t i = 0; i < nodes.size(); ++i) nodes[i].id = "leaf_" + std::to_string(i);
  const int show = host.compile("show.lua"), zero = host.compile("zero.lua");
  const Record r = with({{"a", number(1)}});
  for (int round = 0; round < 2; ++round)
    for (size_t i = 0; i < nodes.size(); ++i) {
      INFO(round << " " << i);
      CHECK(host.run(show, nodes[i], r).reason == "number 1.0 leaf_" + std::to_string(i) + " 指标甲 8.0 3.0");
      CHECK(host.run(zero, nodes[i], r).reason == "指标甲");
    }
}

TEST_CASE("memo: past its first outcomes, one is kept only when its key was met before", "[memo]") {
  using jixiao::lua_memo::Memo;
  Memo memo;
  const Node n = leaf("show.lua");
  ScriptOutcome o, found;
  o.score = 2;
  auto key = [&](int i) { REQUIRE(memo.make_key(1, n, true, with({{"a", number(i)}}), nullptr)); };
  for (int i = 0; i < static_cast<int>(Memo::kAdmitFreely); ++i) {
    key(i);
    memo.store(o, false);
  }
  CHECK(memo.size() == Memo::kAdmitFreely);
  key(-1);
  CHECK_FALSE(memo.find(false, found));
  memo.store(o, false);  // met once: noted, not kept
  CHECK(memo.size() == Memo::kAdmitFreely);
  CHECK_FALSE(memo.find(false, found));
  memo.store(o, false);  // met again: kept
  CHECK(memo.size() == Memo::kAdmitFreely + 1);
  CHECK(memo.find(false, found));
  CHECK(found.score == 2);
  // Keys met once each leave the table as it was, but for the filter's rare false "met before".
  for (int i = 0; i < 1000; ++i) {
    key(100000 + i);
    memo.store(o, false);
  }
  CHECK(memo.size() < Memo::kAdmitFreely + 1 + 50);
  key(0);  // the first ones are still there
  CHECK(memo.find(false, found));
}
