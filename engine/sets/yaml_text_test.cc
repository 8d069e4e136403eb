#include "yaml_text.h"

#include <catch2/catch.hpp>

#include "doc.h"

using namespace jixiao;

TEST_CASE("yaml_text: every text reads back exactly, plain where it can", "[yaml_text]") {
  const std::vector<std::string> texts = {
      "目标制定", "产出指标(20分)", "8", "08", "1.5", "true", "no", "unknown", "null", "~", "", " lead", "trail ",
      "a: b", "x #y", "- item", "[1]", "{a}", "'q'", "\"dq\"", "back\\slash", "tab\there", "1.要素完整\n2.细化量化",
      "line\n\nblank", "  indented\nlines", "end\n", "评分：得4分；否则酌情扣分。", "@at", "`tick", "%pct", "!tag",
      "&anchor", "*alias", "|pipe", ">gt", "?q", ",comma", "with\xE2\x80\xA8separator"};
  for (const auto& text : texts) {
    INFO(text);
    const std::string yaml = "k: " + yaml_value(text, 2) + "\n";
    const Doc doc = parse_yaml(yaml, "t.yaml");
    const Doc* k = doc.find("k");
    REQUIRE(k != nullptr);
    CHECK(k->kind == Doc::Kind::kScalar);
    CHECK(k->scalar == text);
    CHECK(k->to_value().type == Value::Type::kText);
  }
  CHECK(yaml_scalar("目标制定") == "目标制定");
  CHECK(yaml_scalar("8") == "\"8\"");
  CHECK(yaml_value("1.甲\n2.乙", 4) == "|-\n    1.甲\n    2.乙");
}
