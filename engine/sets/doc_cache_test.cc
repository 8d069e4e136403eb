#include "doc_cache.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "doc_codec.h"
#include "error.h"
#include "files.h"
#include "set_loader.h"
#include "sha256.h"
#include "test_support.h"

using jixiao::Doc;
using jixiao::keep_set_parses_in;
using jixiao::parse_set_yaml;
using jixiao::test::scratch_dir;
using jixiao::test::write_text;

namespace fs = std::filesystem;

namespace {

// The entries kept in `dir`.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) found.push_back(e.path().string());
  return found;
}

// Keeps parses in a folder of the test's own while it lives, none after.
struct KeptIn {
  explicit KeptIn(const std::string& name) : dir(scratch_dir(name) + "/parses") { keep_set_parses_in(dir); }
  ~KeptIn() { keep_set_parses_in(""); }
  std::string dir;
};

const std::string kText = "id: s\nname: 甲\nitems: [1, 二]\n";

}  // namespace

TEST_CASE("doc cache: a parse is kept, and read back in place of parsing again", "[doc_cache]") {
  KeptIn kept("doc_cache_kept");
  const Doc first = parse_set_yaml(kText, "s.yaml");
  const auto kept_files = entries(kept.dir);
  REQUIRE(kept_files.size() == 1);
  // Replace the entry by a valid one of another document: what comes back is then the entry's.
  const std::string other = jixiao::encode_doc(jixiao::parse_yaml("id: other\n", "s.yaml"), "s.yaml");
  write_text(kept_files[0], jixiao::sha256_hex(other) + other);
  const Doc second = parse_set_yaml(kText, "s.yaml");
  REQUIRE(second.find("id") != nullptr);
  CHECK(second.find("id")->scalar == "other");
  CHECK(first.find("id")->scalar == "s");
}

TEST_CASE("doc cache: an edited file, or the same bytes named otherwise, is parsed again", "[doc_cache]") {
  KeptIn kept("doc_cache_edited");
  parse_set_yaml(kText, "s.yaml");
  CHECK(parse_set_yaml(kText + "extra: 1\n", "s.yaml").find("extra") != nullptr);
  CHECK(parse_set_yaml(kText, "t.yaml").where.file == "t.yaml");
  CHECK(entries(kept.dir).size() == 3);
}

TEST_CASE("doc cache: a damaged entry is never read: the file is parsed and the entry written again", "[doc_cache]") {
  KeptIn kept("doc_cache_damaged");
  parse_set_yaml(kText, "s.yaml");
  const std::string entry = entries(kept.dir).at(0);
  std::string bytes = jixiao::read_file(entry);
  SECTION("a byte changed") {
    bytes[bytes.size() - 2] ^= 1;
  }
  SECTION("cut short") {
    bytes.resize(bytes.size() / 2);
  }
  SECTION("empty") {
    bytes.clear();
  }
  write_text(entry, bytes);
  const Doc doc = parse_set_yaml(kText, "s.yaml");
  CHECK(doc.find("items")->items.at(1).scalar == "二");
  CHECK(jixiao::read_file(entry) != bytes);  // written again, whole
  CHECK(parse_set_yaml(kText, "s.yaml").find("id")->scalar == "s");
}

TEST_CASE("doc cache: a parse that fails is not kept and fails the same way every time", "[doc_cache]") {
  KeptIn kept("doc_cache_failure");
  for (int i = 0; i < 2; ++i) {
    REQUIRE_THROWS_AS(parse_set_yaml("a: [1, 2\n", "bad.yaml"), jixiao::Error);
    try {
      parse_set_yaml("a: [1, 2\n", "bad.yaml");
    } catch (const jixiao::Error& e) {
      CHECK(e.where().file == "bad.yaml");
      CHECK(e.where().line > 0);
    }
  }
  CHECK(entries(kept.dir).empty());
}

TEST_CASE("doc cache: errors a set's loader finds name the same line and column from a kept parse", "[doc_cache]") {
  KeptIn kept("doc_cache_errors");
  const std::string text =
      "id: s\nname: 甲\ntotal: 10\nindicators:\n  - id: a\n    name: 甲\n    weight: 7\n"
      "    explanation: 说明\n    rule: 规则\n";
  std::string messages[2];
  for (auto& message : messages) {
    try {
      jixiao::parse_set(text, "s.yaml");
    } catch (const jixiao::Error& e) {
      message = e.what();
    }
  }
  CHECK(entries(kept.dir).size() == 1);
  CHECK_FALSE(messages[0].empty());
  CHECK(messages[1] == messages[0]);
}

TEST_CASE("doc cache: a folder that cannot be written costs only the parse", "[doc_cache]") {
  const std::string dir = scratch_dir("doc_cache_unwritable");
  write_text(dir + "/file", "not a folder");
  keep_set_parses_in(dir + "/file/parses");
  CHECK(parse_set_yaml(kText, "s.yaml").find("id")->scalar == "s");
  keep_set_parses_in("");
}

TEST_CASE("doc cache: past kMaxKeptParses entries the oldest go", "[doc_cache]") {
  KeptIn kept("doc_cache_pruned");
  for (size_t i = 0; i < jixiao::kMaxKeptParses + 5; ++i) parse_set_yaml("n: " + std::to_string(i) + "\n", "s.yaml");
  CHECK(entries(kept.dir).size() == jixiao::kMaxKeptParses);
}
