#include "doc_codec.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "files.h"
#include "test_support.h"

using jixiao::decode_doc;
using jixiao::Doc;
using jixiao::encode_doc;
using jixiao::Location;
using jixiao::parse_yaml;

namespace {

std::string where_text(const Location& at) {
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// Every field of `doc`, a line per node, so that two Docs compare by it and a difference shows where.
void describe(const Doc& doc, const std::string& indent, std::string& out) {
  out += indent + std::to_string(static_cast<int>(doc.kind)) + " @" + where_text(doc.where);
  if (doc.kind == Doc::Kind::kScalar) out += (doc.quoted ? " \"" : " ") + doc.scalar;
  out += "\n";
  for (const Doc& item : doc.items) describe(item, indent + "- ", out);
  for (size_t i = 0; i < doc.map.size(); ++i) {
    out += indent + "key " + doc.map[i].first;
    if (i < doc.key_where.size()) out += " @" + where_text(doc.key_where[i]);
    out += "\n";
    describe(doc.map[i].second, indent + "  ", out);
  }
  if (doc.key_where.size() != doc.map.size()) out += indent + "key_where " + std::to_string(doc.key_where.size()) + "\n";
}

std::string described(const Doc& doc) {
  std::string out;
  describe(doc, "", out);
  return out;
}

// Every YAML file shipped: sets, data, fixtures.
std::vector<std::string> shipped_yaml() {
  std::vector<std::string> files;
  for (const char* dir : {"indicator-sets", "data", "tests/fixtures"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(jixiao::test::source_dir() + "/" + dir))
      if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  return files;
}

}  // namespace

TEST_CASE("doc codec: every shipped YAML file reads back exactly, every location included", "[doc_codec]") {
  const auto files = shipped_yaml();
  REQUIRE(files.size() > 10);
  for (const auto& path : files) {
    INFO(path);
    const Doc parsed = parse_yaml(jixiao::read_file(path), path);
    const auto back = decode_doc(encode_doc(parsed, path), path);
    REQUIRE(back.has_value());
    CHECK(described(*back) == described(parsed));
  }
}

TEST_CASE("doc codec: locations without a file or naming another file read back as they were", "[doc_codec]") {
  Doc doc = parse_yaml("a: [1, '2', ~]\nb: {c: 是}\n", "set.yaml");
  doc.where = Location{};
  doc.map[1].second.where = Location{"base.yaml", 7, 3};
  doc.key_where[0] = Location{"", 0, 0};
  const auto back = decode_doc(encode_doc(doc, "set.yaml"), "set.yaml");
  REQUIRE(back.has_value());
  CHECK(described(*back) == described(doc));
}

TEST_CASE("doc codec: damaged bytes are refused, never read past their end", "[doc_codec]") {
  const std::string file = jixiao::test::sets_dir() + "/liangshan-2021-dept.yaml";
  const std::string bytes = encode_doc(parse_yaml(jixiao::read_file(file), file), file);
  SECTION("cut short at any length") {
    for (size_t n = 0; n < bytes.size(); n += 7) CHECK_FALSE(decode_doc(bytes.substr(0, n), file).has_value());
  }
  SECTION("with bytes left over") { CHECK_FALSE(decode_doc(bytes + "x", file).has_value()); }
  SECTION("of another layout") {
    std::string other = bytes;
    other[11] = '2';  // "jixiao-doc 2"
    CHECK_FALSE(decode_doc(other, file).has_value());
  }
  SECTION("a count far larger than the bytes left") {
    std::string huge = "jixiao-doc 1\n";
    huge += static_cast<char>(Doc::Kind::kSequence);
    huge += std::string("\x01\x01\x01", 3);  // where: this file, line 1, column 1
    huge += std::string("\xff\xff\xff\xff\x0f", 5);  // 4,294,967,295 items
    CHECK_FALSE(decode_doc(huge, file).has_value());
  }
  SECTION("nested deeper than any parse") {
    std::string deep = "jixiao-doc 1\n";
    for (int i = 0; i < 200; ++i) deep += std::string("\x02\x00\x00\x00\x01", 5);  // a sequence of one
    deep += std::string("\x00\x00\x00\x00", 4);                                     // null
    CHECK_FALSE(decode_doc(deep, file).has_value());
  }
}
