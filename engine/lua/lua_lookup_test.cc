// rules.listed_under gives what the Lua loop over pairs and ipairs gives, on
// frozen params and on a script's own tables alike, errors included.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lua_runtime.h"
#include "test_support.h"

using jixiao::Node;
using jixiao::Record;
using jixiao::ScriptHost;
using jixiao::Value;
using jixiao::test::script_leaf;

namespace {

std::string scripts(const std::string& test, const std::vector<std::pair<std::string, std::string>>& files) {
  return jixiao::test::script_dir("lua-lookup-" + test, files);
}

// The loop rules.listed_under stands for, and the helper, on the same map
// and values: each value's "loop=helper" answers.
const char* kCompare =
    "local rules = require 'lib.rules'\n"
    "local function loop(map, value)\n"
    "  for key, list in pairs(map) do\n"
    "    for _, item in ipairs(list) do if value == item then return key end end\n"
    "  end\n"
    "  return nil\n"
    "end\n"
    "return function(ctx)\n"
    "  if ctx.leaf.id == 'errors' then\n"
    "    local out = {}\n"
    "    for _, map in ipairs({{a = 5}, {[{}] = {'x'}}}) do\n"
    "      local a, b = select(2, pcall(loop, map, 'x')), select(2, pcall(rules.listed_under, map, 'x'))\n"
    "      out[#out + 1] = a:gsub('^scripts/compare.lua:%d+: ', '') .. '=' .. b\n"
    "    end\n"
    "    return 0, table.concat(out, '|')\n"
    "  end\n"
    "  local own = {b = {'x', 'y'}, a = {'y', 'z'}, c = 'xyz', d = {1, 2}, [3] = {'z'}}\n"
    "  local out = {}\n"
    "  for _, map in ipairs({ctx.params.words, own}) do\n"
    "    for _, value in ipairs({'完成', '否', '已完成', 'x', 'y', 'z', 'xyz', 2, '2', 'none'}) do\n"
    "      out[#out + 1] = tostring(loop(map, value)) .. '=' .. tostring(rules.listed_under(map, value))\n"
    "    end\n"
    "  end\n"
    "  return 0, table.concat(out, ' ')\n"
    "end\n";

Value text_list(const std::vector<std::string>& items) {
  Value list;
  list.type = Value::Type::kList;
  for (const auto& item : items) list.list.push_back(Value::of_text(item));
  return list;
}

}  // namespace

TEST_CASE("lua: rules.listed_under gives what the loop over pairs and ipairs gives", "[lua]") {
  const auto dir = scripts("same", {{"compare.lua", kCompare}});
  ScriptHost host(std::vector<std::string>{dir, jixiao::test::scripts_dir()}, "scripts", 2);
  Node node = script_leaf("compare.lua");
  Value words;
  words.type = Value::Type::kMap;
  words.map.push_back({"达成", text_list({"完成", "已完成"})});
  words.map.push_back({"部分达成", text_list({"基本完成", "完成"})});  // 完成 under two grades: 达成 sorts first
  Value holed = text_list({"否"});
  holed.list.push_back(Value{});  // a null item ends the list for ipairs
  holed.list.push_back(Value::of_text("x"));
  words.map.push_back({"未达成", holed});
  words.map.push_back({"文字", Value::of_text("完成")});  // not a list: ipairs reaches nothing
  node.params.type = Value::Type::kMap;
  node.params.map.push_back({"words", words});
  const std::string reason = host.run(host.compile("compare.lua"), node, Record{}).reason;
  CHECK(reason ==
        "达成=达成 未达成=未达成 达成=达成 nil=nil nil=nil nil=nil nil=nil nil=nil nil=nil nil=nil "
        "nil=nil nil=nil nil=nil b=b a=a 3=3 nil=nil d=d nil=nil nil=nil");
}

TEST_CASE("lua: rules.listed_under raises what the loop raises", "[lua]") {
  // The same message; pairs' names the line of the loop's pairs(), the
  // helper's none (the engine then locates it at the line that calls it).
  const auto dir = scripts("errors", {{"compare.lua", kCompare}});
  ScriptHost host(std::vector<std::string>{dir, jixiao::test::scripts_dir()}, "scripts", 2);
  Node node = script_leaf("compare.lua");
  node.id = "errors";
  CHECK(host.run(host.compile("compare.lua"), node, Record{}).reason ==
        "attempt to index a number value=attempt to index a number value|"
        "pairs: a table with a key of type table has no defined order (use string or number keys)="
        "pairs: a table with a key of type table has no defined order (use string or number keys)");
}
