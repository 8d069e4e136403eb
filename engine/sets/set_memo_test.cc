#include "set_memo.h"

#include <catch2/catch.hpp>

#include "error.h"
#include "set_loader.h"
#include "test_support.h"

using jixiao::Error;
using jixiao::IndicatorSet;
using jixiao::SetFinder;
using jixiao::SetMemo;
using jixiao::test::scratch_dir;
using jixiao::test::write_text;

namespace {

std::string set_text(const std::string& id, const std::string& name, const std::string& extends = {}) {
  if (!extends.empty()) return "id: " + id + "\nname: " + name + "\nextends: " + extends + "\n";
  return "id: " + id + "\nname: " + name + "\ntotal: 10\nindicators:\n  - id: a\n    name: 甲\n    weight: 10\n"
         "    explanation: 说明\n    rule: 规则\n";
}

// A memo of department sets whose parses are counted.
struct Counted {
  SetMemo<IndicatorSet> memo;
  int parses = 0;
  std::shared_ptr<const IndicatorSet> get(const std::string& path, const SetFinder& find = {}) {
    return memo.get(path, find, [&](const std::string& text, const SetFinder& bases) {
      ++parses;
      return bases ? jixiao::parse_set(text, path, bases) : jixiao::parse_set(text, path);
    });
  }
};

}  // namespace

TEST_CASE("set memo: a set is parsed once and the parse shared while its file reads the same", "[set_memo]") {
  const std::string dir = scratch_dir("memo_once");
  write_text(dir + "/s.yaml", set_text("s", "甲体系"));
  Counted c;
  const auto first = c.get(dir + "/s.yaml");
  const auto second = c.get(dir + "/s.yaml");
  CHECK(c.parses == 1);
  CHECK(first == second);
  CHECK(first->name == "甲体系");
}

TEST_CASE("set memo: a set whose file changed is parsed again", "[set_memo]") {
  const std::string dir = scratch_dir("memo_changed");
  write_text(dir + "/s.yaml", set_text("s", "甲体系"));
  Counted c;
  c.get(dir + "/s.yaml");
  write_text(dir + "/s.yaml", set_text("s", "乙体系"));
  CHECK(c.get(dir + "/s.yaml")->name == "乙体系");
  CHECK(c.parses == 2);
}

TEST_CASE("set memo: a variant is parsed again when its base changes or is found elsewhere", "[set_memo]") {
  const std::string dir = scratch_dir("memo_base");
  write_text(dir + "/v.yaml", set_text("v", "变体", "base"));
  write_text(dir + "/base.yaml", set_text("base", "基础"));
  auto with_leaf = [](std::string text, const std::string& leaf) { return text.replace(text.find("甲"), 3, leaf); };
  write_text(dir + "/other.yaml", with_leaf(set_text("base", "另一基础"), "丁"));
  std::string base_file = dir + "/base.yaml";
  const SetFinder find = [&](const std::string& id) {
    if (id != "base") throw Error(jixiao::ErrorKind::kMissing, "no set " + id);
    return base_file;
  };
  Counted c;
  const auto first = c.get(dir + "/v.yaml", find);
  CHECK(c.get(dir + "/v.yaml", find) == first);
  CHECK(c.parses == 1);
  CHECK(first->roots.at(0).name == "甲");
  write_text(dir + "/base.yaml", with_leaf(set_text("base", "基础"), "丙"));
  CHECK(c.get(dir + "/v.yaml", find)->roots.at(0).name == "丙");
  CHECK(c.parses == 2);
  base_file = dir + "/other.yaml";
  CHECK(c.get(dir + "/v.yaml", find)->roots.at(0).name == "丁");
  CHECK(c.get(dir + "/v.yaml", find)->roots.at(0).name == "丁");
  CHECK(c.parses == 3);
  CHECK(first->roots.at(0).name == "甲");  // a parse handed out stays as it was
}

TEST_CASE("set memo: a set that fails keeps nothing and fails the same way every time", "[set_memo]") {
  const std::string dir = scratch_dir("memo_broken");
  write_text(dir + "/s.yaml", "id: s\nname: [\n");
  Counted c;
  std::string messages[2];
  for (std::string& message : messages) {
    try {
      c.get(dir + "/s.yaml");
    } catch (const Error& e) {
      message = e.what();
    }
  }
  CHECK(c.parses == 2);
  CHECK(messages[0] == messages[1]);
  CHECK(messages[0].rfind(dir + "/s.yaml:", 0) == 0);
  write_text(dir + "/s.yaml", set_text("s", "甲体系"));
  CHECK(c.get(dir + "/s.yaml")->name == "甲体系");
  CHECK_THROWS_WITH(c.get(dir + "/missing.yaml"), Catch::Contains("missing.yaml"));
}
