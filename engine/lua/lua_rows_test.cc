// ctx.rows: each read is a new list of new row tables, so what a script
// changes in them reaches no other read, leaf or record; a row table the leaf
// does not declare, or the record does not have, is an error naming it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Decimal;
using jixiao::Node;
using jixiao::Record;
using jixiao::Row;
using jixiao::ScriptHost;
using jixiao::Value;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-rows-" + test, files);
}

Node reader(const std::string& script, const std::string& id) {
  Node n = jixiao::test::script_leaf(script);
  n.id = id;
  n.rows = {"quantity_indicators"};
  return n;
}

Row row(std::vector<std::pair<std::string, Value>> cells) {
  Row r;
  r.cells = std::move(cells);
  return r;
}

Value num(const char* text) { return Value::of_number(*Decimal::parse(text)); }

// 数量指标 rows name, target, actual: 科普活动 10 → 12, 培训人次 200 → `actual`.
Record indicators(const char* actual) {
  Record r;
  r.rows["quantity_indicators"] = {
      row({{"name", Value::of_text("科普活动")}, {"target", num("10")}, {"actual", num("12")}}),
      row({{"name", Value::of_text("培训人次")}, {"target", num("200")}, {"actual", num(actual)}})};
  return r;
}

// What a script sees of the rows: "name target actual" per row, then any other column.
const char* const kShow =
    "local function show(rows)\n"
    "  local out = {}\n"
    "  for _, r in ipairs(rows) do\n"
    "    local line = {tostring(r.name), tostring(r.target), tostring(r.actual)}\n"
    "    for k, v in pairs(r) do\n"
    "      if k ~= 'name' and k ~= 'target' and k ~= 'actual' then line[#line + 1] = k .. '=' .. tostring(v) end\n"
    "    end\n"
    "    out[#out + 1] = table.concat(line, ' ')\n"
    "  end\n"
    "  return #rows .. ':' .. table.concat(out, ', ')\n"
    "end\n";

// A script that shows what it reads.
const std::string kRead = std::string(kShow) + "return function(ctx) return 0, show(ctx.rows.quantity_indicators) end\n";

}  // namespace

TEST_CASE("lua: rows a script changes are its own: the next read, leaf and record read the rows as recorded", "[lua]") {
  const auto dir = scripts(
      "own", {{"change.lua", std::string(kShow) +
                                 "return function(ctx)\n"
                                 "  local rows = ctx.rows.quantity_indicators\n"
                                 "  rows[1].actual = '改了'\n"
                                 "  rows[1].note = '加的'\n"
                                 "  rows[2].name = nil\n"
                                 "  setmetatable(rows[2], {__index = function() return 'meta' end})\n"
                                 "  table.sort(rows, function(a, b) return a.target > b.target end)\n"
                                 "  rows[#rows + 1] = {name = '新行'}\n"
                                 "  return 0, show(rows) .. ' | ' .. show(ctx.rows.quantity_indicators)\n"
                                 "end\n"},
              {"read.lua", kRead}});
  ScriptHost host(dir, "scripts", 2);
  host.set_fixed_leaves(true);
  const int change = host.compile("change.lua"), read = host.compile("read.lua");
  const Node changer = reader("change.lua", "changer"), other = reader("read.lua", "other");
  const Record first = indicators("259.9"), second = indicators("180");
  CHECK(host.run(change, changer, first).reason ==
        "3:meta 200.0 259.9, 科普活动 10.0 改了 note=加的, 新行 nil nil | 2:科普活动 10.0 12.0, 培训人次 200.0 259.9");
  CHECK(host.run(read, other, first).reason == "2:科普活动 10.0 12.0, 培训人次 200.0 259.9");
  CHECK(host.run(change, changer, second).reason ==
        "3:meta 200.0 180.0, 科普活动 10.0 改了 note=加的, 新行 nil nil | 2:科普活动 10.0 12.0, 培训人次 200.0 180.0");
  CHECK(host.run(read, other, second).reason == "2:科普活动 10.0 12.0, 培训人次 200.0 180.0");
}

TEST_CASE("lua: each row has its own columns, in whatever order and number each row has them", "[lua]") {
  ScriptHost host(scripts("columns", {{"read.lua", kRead}}), "scripts", 2);
  const int read = host.compile("read.lua");
  const Node node = reader("read.lua", "leaf");
  Record r;
  r.rows["quantity_indicators"] = {
      row({{"name", Value::of_text("甲")}, {"target", num("1")}, {"actual", num("2")}}),
      row({{"actual", num("3")}, {"name", Value::of_text("乙")}}),
      row({{"name", Value::of_text("丙")}, {"target", num("4")}, {"actual", Value()}, {"unit", Value::of_text("个")},
           {"done", Value::of_bool(true)}}),
      row({}),
      row({{"name", Value::of_text("丁")}, {"target", Value::of_text("未填")}})};
  CHECK(host.run(read, node, r).reason == "5:甲 1.0 2.0, 乙 nil 3.0, 丙 4.0 nil done=true unit=个, nil nil nil, 丁 未填 nil");
  r.rows["quantity_indicators"].clear();
  CHECK(host.run(read, node, r).reason == "0:");
  r.rows["quantity_indicators"] = {row({}), row({{"name", Value::of_text("戊")}})};
  CHECK(host.run(read, node, r).reason == "2:nil nil nil, 戊 nil nil");
}

TEST_CASE("lua: a row table the leaf does not declare is an error suggesting the declared one", "[lua]") {
  const auto dir = scripts("undeclared", {{"r.lua",
                                           "return function(ctx)\n"
                                           "  return #ctx.rows.quantity_indicator, ''\n"
                                           "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  CHECK_THROWS_WITH(host.run(host.compile("r.lua"), reader("r.lua", "leaf"), indicators("12")),
                    "scripts/r.lua:2: row table 'quantity_indicator' is not among the leaf's rows, did you mean "
                    "'quantity_indicators'?\n"
                    "  scripts/r.lua:2: in function <scripts/r.lua:1>");
}

TEST_CASE("lua: a declared row table the record does not have is an error naming it, not an empty list", "[lua]") {
  const auto dir = scripts("missing", {{"r.lua",
                                        "return function(ctx)\n"
                                        "  return #ctx.rows.quantity_indicators, ''\n"
                                        "end\n"}});
  ScriptHost host(dir, "scripts", 2);
  const int handle = host.compile("r.lua");
  const Node node = reader("r.lua", "leaf");
  CHECK(host.run(handle, node, indicators("12")).score == 2.0);
  CHECK_THROWS_WITH(host.run(handle, node, Record{}),
                    "scripts/r.lua:2: row table 'quantity_indicators' is not recorded\n"
                    "  scripts/r.lua:2: in function <scripts/r.lua:1>");
}
