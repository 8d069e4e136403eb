// parse_yaml: the shapes of YAML no set or data file needs are refused with
// their line and column, before they can crash or exhaust the machine.
#include <catch2/catch.hpp>

#include <string>

#include "doc.h"
#include "error.h"

using jixiao::Doc;
using jixiao::Error;
using jixiao::ErrorKind;
using jixiao::parse_yaml;

namespace {

std::string yaml_error(const std::string& text) {
  try {
    parse_yaml(text, "f.yaml");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kInput);
    return e.what();
  }
  FAIL("parse_yaml accepted the text");
  return {};
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("yaml: an anchor that contains its own alias is refused, not followed forever", "[yaml]") {
  CHECK(yaml_error("entity: x\nfacts: &a {f: *a}\n") ==
        "f.yaml:2:15: the alias *a is inside the anchor &a it names (line 2): a value cannot contain itself");
  CHECK(yaml_error("id: s\nindicators: &a [*a]\n") ==
        "f.yaml:2:17: the alias *a is inside the anchor &a it names (line 2): a value cannot contain itself");
  CHECK(yaml_error("a: &outer\n  b:\n    - c: *outer\n") ==
        "f.yaml:3:10: the alias *outer is inside the anchor &outer it names (line 1): a value cannot contain itself");
}

TEST_CASE("yaml: an alias of a finished anchor is a copy of its value", "[yaml]") {
  const Doc doc = parse_yaml("a: &x {k: 1}\nb: *x\n", "f.yaml");
  REQUIRE(doc.find("b") != nullptr);
  CHECK(doc.find("b")->find("k")->scalar == "1");
  CHECK(doc.find("b")->where.line == 2);
}

TEST_CASE("yaml: nesting deeper than 64 levels is refused where it passes the limit", "[yaml]") {
  CHECK(yaml_error("a: " + repeat("[", 100000) + repeat("]", 100000) + "\n") ==
        "f.yaml:1:67: nested deeper than 64 levels");
  std::string block;
  for (int i = 0; i < 70; ++i) block += std::string(i, ' ') + "k:\n";
  CHECK(yaml_error(block) == "f.yaml:65:65: nested deeper than 64 levels");
  // 64 levels are fine.
  CHECK_NOTHROW(parse_yaml(repeat("[", 64) + repeat("]", 64), "f.yaml"));
}

TEST_CASE("yaml: a file of too many values is refused for its size, without blaming aliases", "[yaml]") {
  std::string list = "a: [";
  for (int i = 0; i < 200001; ++i) list += "1,";
  list += "1]\n";
  CHECK(yaml_error(list) == "f.yaml:1:399999: more than 200000 values: a set or data file holds far fewer");
  CHECK(yaml_error(std::string(4 * 1024 * 1024 + 1, '#')) ==
        "f.yaml: the file is 4194305 bytes; a set or data file may be at most 4194304 bytes");
}

TEST_CASE("yaml: aliases that would copy past the value limit are refused at the alias", "[yaml]") {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + repeat(prev + ", ", 9) + prev + "]\n";
  }
  CHECK(yaml_error(yaml) ==
        "f.yaml:6:10: the alias *a4 would copy 111111 values, taking the file past 200000 values: "
        "aliases (*) are copied where they are used");
}

TEST_CASE("yaml: a second document is refused at its '---'", "[yaml]") {
  CHECK(yaml_error("entity: x\nyear: 2021\n---\nentity: y\n") ==
        "f.yaml:3:1: a second YAML document ('---') at line 3: one file holds one set or record");
  CHECK(yaml_error("a: 1\n---\n") ==
        "f.yaml:2:1: a second YAML document ('---') at line 2: one file holds one set or record");
  // One document, opened with '---' or closed with '...', is fine.
  CHECK(parse_yaml("---\na: 1\n", "f.yaml").find("a")->scalar == "1");
  CHECK(parse_yaml("a: 1\n...\n", "f.yaml").find("a")->scalar == "1");
}

TEST_CASE("yaml: bytes that are not UTF-8 text are refused at their line and column", "[yaml]") {
  CHECK(yaml_error("name: ok\nreason: 凉\xE5\x87\n") ==
        "f.yaml:2:12: invalid UTF-8: byte 0xE5 starts a character of 3 bytes, but byte 0x0A follows");
  CHECK(yaml_error("# comment \xFF\na: 1\n") == "f.yaml:1:11: invalid UTF-8: byte 0xFF never occurs in UTF-8");
  CHECK(yaml_error(std::string("a: 1\nb: x\0y\n", 12)) == "f.yaml:2:5: a NUL byte (U+0000) is not allowed in text");
  CHECK(yaml_error("a: \x1B[31mred\n") == "f.yaml:1:4: a control character (U+001B) is not allowed in text");
  // Written as escapes, they are refused at the text that holds them.
  CHECK(yaml_error("a: 1\nb: \"8.00\\r0.00\"\n") == "f.yaml:2:4: a control character (U+000D) is not allowed in text");
  CHECK(yaml_error("b: \"x\\0\"\n") == "f.yaml:1:4: a NUL byte (U+0000) is not allowed in text");
  CHECK(yaml_error(std::string("\xFF\xFE" "a\0:\0", 6)) ==
        "f.yaml:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8");
  // Windows line ends are line ends.
  CHECK(parse_yaml("a: 1\r\nb: |\r\n  x\r\n  y\r\n", "f.yaml").find("b")->scalar == "x\ny\n");
}

TEST_CASE("yaml: a quote left open is refused at the quote, not where its text runs out", "[yaml]") {
  CHECK(yaml_error("- id: a\n  name: \"甲\n  weight: 8\n  rule: \"x\"\n") ==
        "f.yaml:2:9: the quote \" opened here is not closed on this line (quoted text must close on the line it "
        "opens; write text of several lines after | )");
  CHECK(yaml_error("a: 'it''s\nb: 'x'\n") ==
        "f.yaml:1:4: the quote ' opened here is not closed on this line (quoted text must close on the line it "
        "opens; write text of several lines after | )");
  // Closed quotes, escaped quotes, doubled single quotes, after a BOM: all fine.
  const Doc doc = parse_yaml("\xEF\xBB\xBF" "a: \"say \\\"hi\\\"\"\nb: 'it''s'\nc: |\n  two\n  lines\n", "f.yaml");
  CHECK(doc.find("a")->scalar == "say \"hi\"");
  CHECK(doc.find("b")->scalar == "it's");
  CHECK(doc.find("c")->scalar == "two\nlines\n");
}

TEST_CASE("yaml: an empty file is null, located at its start", "[yaml]") {
  for (const std::string text : {"", "# only a comment\n", "---\n"}) {
    const Doc doc = parse_yaml(text, "f.yaml");
    CHECK(doc.is_null());
    CHECK(doc.where.file == "f.yaml");
    CHECK(doc.where.line >= 1);
  }
}
