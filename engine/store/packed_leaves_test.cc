// The packing of a record's leaf results: any text round-trips, and a value
// that is not a packing is told apart, naming the leaf and field.
#include "packed_leaves.h"
#include "packed_fields.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace jixiao;

namespace {

using Leaf = std::vector<std::string>;  // leaf id, score, source, reason

std::vector<Leaf> unpacked(std::string_view packed) {
  std::vector<Leaf> out;
  PackedLeaves read(packed);
  PackedLeaf l;
  while (read.next(l))
    out.push_back({std::string(l.leaf_id), std::string(l.score), std::string(l.source), std::string(l.reason)});
  return out;
}

std::string defect_of(std::string_view packed) {
  try {
    unpacked(packed);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("no defect found in " << packed);
  return {};
}

}  // namespace

TEST_CASE("packed leaves: awkward reasons round-trip byte for byte", "[packed-leaves]") {
  const std::vector<Leaf> leaves = {
      {"target_setting", "8.00", "computed", ""},
      {"violations", "", "uncovered", ""},
      {"p1/1", "12.50", "scored", "a tab\there, a newline\nthere, \"quotes\" and 'quotes'"},
      {"p1/2", "", "pending", std::string("a NUL \0 inside, and one at the end \0", 37)},
      {"p1/3", "0.00", "scored", "12:34 looks like a length: 5:hello"},
      {"p1/total", "19.50", "pending", "已定部分19.50分，待定20.00分；目标值「≥90%」"},
      {"p1/budget", "10.00", "computed", std::string(100000, 'x')},
      {"", "", "", ""},
  };
  std::string packed;
  for (const Leaf& l : leaves) pack_leaf(packed, l[0], l[1], l[2], l[3]);
  CHECK(unpacked(packed) == leaves);
  CHECK(unpacked("") == std::vector<Leaf>{});
}

TEST_CASE("packed leaves: the packing is lengths in bytes and the bytes, nothing escaped", "[packed-leaves]") {
  std::string packed;
  pack_leaf(packed, "target_setting", "8.00", "computed", "");
  pack_leaf(packed, "p1/1", "", "pending", "实际\t16次");
  CHECK(packed == "14:target_setting4:8.008:computed0:4:p1/10:7:pending12:实际\t16次");
}

TEST_CASE("packed leaves: pack_fields packs as pack_field one value after another", "[packed-leaves]") {
  const std::vector<std::string> values = {"", "8.00", std::string(10, 'x'), "实际\t16次", std::string(100000, 'y'), ""};
  std::string one_by_one = "5:kept;", together = one_by_one;
  for (const std::string& v : values) pack_field(one_by_one, v);
  pack_fields(together, {values[0], values[1], values[2], values[3], values[4], values[5]});
  CHECK(together == one_by_one);
  CHECK(together.compare(0, 29, "5:kept;0:4:8.0010:xxxxxxxxxx1") == 0);
}

TEST_CASE("packed leaves: fields of one length digit and of two are packed and taken alike", "[packed-leaves]") {
  std::string packed;
  for (size_t n = 0; n <= 12; ++n) pack_field(packed, std::string(n, static_cast<char>('a' + n)));
  CHECK(packed.compare(0, 12, "0:1:b2:cc3:d") == 0);
  CHECK(packed.find("9:jjjjjjjjj10:kkkkkkkkkk11:l") != std::string::npos);
  std::string_view rest = packed;
  for (size_t n = 0; n <= 12; ++n) CHECK(take_field(rest) == std::string(n, static_cast<char>('a' + n)));
  CHECK(rest.empty());
  std::string_view short_one = "5:abc";  // one digit that runs past the end is a defect, and `rest` is kept
  CHECK_THROWS_WITH(take_field(short_one), "the length 5 runs past the end of the value");
  CHECK(short_one == "5:abc");
}

TEST_CASE("packed leaves: a length of two digits or of three is read as one of one, its defects alike",
          "[packed-leaves]") {
  std::string packed;
  pack_field(packed, std::string(99, 'x'));
  pack_field(packed, std::string(100, 'y'));
  pack_field(packed, "z");
  std::string_view rest = packed;
  CHECK(take_field(rest) == std::string(99, 'x'));
  CHECK(take_field(rest) == std::string(100, 'y'));
  CHECK(take_field(rest) == "z");
  CHECK(rest.empty());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"12:abc", "the length 12 runs past the end of the value"},
      {"10:", "the length 10 runs past the end of the value"},
      {"05:abcde", "a length with a leading zero"},
      {"00:", "a length with a leading zero"},
      {"1x:a", "no ':' after its length"},
      {"12", "no ':' after its length"},
      {"123", "no ':' after its length"},
      {"1", "no ':' after its length"},
      {"150:abc", "the length 150 runs past the end of the value"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    std::string_view defective = text;
    CHECK_THROWS_WITH(take_field(defective), message);
    CHECK(defective == text);  // left as it was
  }
}

TEST_CASE("packed leaves: a value that is not a packing names the leaf and field", "[packed-leaves]") {
  const std::string one = "1:a4:8.008:computed0:";  // one whole leaf
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1:a4:8.00", "leaf 1, its source: the value ends before it"},
      {one + "x", "leaf 2, its leaf id: no length where one should begin"},
      {one + "01:a0:0:0:", "leaf 2, its leaf id: a length with a leading zero"},
      {one + "1:a4:8.008:computed", "leaf 2, its reason: the value ends before it"},
      {one + "1:a4:8.008:computed3", "leaf 2, its reason: no ':' after its length"},
      {one + "1:a4:8.008:computed3x", "leaf 2, its reason: no ':' after its length"},
      {one + "1:a4:8.008:computed9:short", "leaf 2, its reason: the length 9 runs past the end of the value"},
      {one + "1:a0:0:1234567890:x", "leaf 2, its reason: a length of more than 9 digits"},
      {"-1:a", "leaf 1, its leaf id: no length where one should begin"},
  };
  for (const auto& [packed, message] : cases) {
    INFO(packed);
    CHECK(defect_of(packed) == message);
  }
}

TEST_CASE("packed leaves: the leaves before a defect are given as they are", "[packed-leaves]") {
  const std::string packed = "1:a4:8.008:computed0:1:b";
  PackedLeaves read(packed);
  PackedLeaf l;
  REQUIRE(read.next(l));
  CHECK(l.leaf_id == "a");
  CHECK(l.score == "8.00");
  CHECK_THROWS_AS(read.next(l), std::invalid_argument);
}
