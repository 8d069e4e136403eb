// The packing of leaf results of schema versions 7 and 8, as migration 9
// and db check read it: any text round-trips, and a value that is not a
// packing is told apart, naming the leaf and field.
#include "packed_leaves_v8.h"
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
  PackedLeavesV8 read(packed);
  PackedLeafV8 l;
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

// Packs a leaf as versions 7 and 8 wrote it.
void pack_v8(std::string& packed, std::string_view id, std::string_view score, std::string_view source,
             std::string_view reason) {
  pack_fields(packed, {id, score, source, reason});
}

}  // namespace

TEST_CASE("packed leaves v8: awkward reasons round-trip byte for byte", "[packed-leaves-v8]") {
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
  for (const Leaf& l : leaves) pack_v8(packed, l[0], l[1], l[2], l[3]);
  CHECK(unpacked(packed) == leaves);
  CHECK(unpacked("") == std::vector<Leaf>{});
}

TEST_CASE("packed leaves v8: the packing is lengths in bytes and the bytes, nothing escaped", "[packed-leaves-v8]") {
  std::string packed;
  pack_v8(packed, "target_setting", "8.00", "computed", "");
  pack_v8(packed, "p1/1", "", "pending", "实际\t16次");
  CHECK(packed == "14:target_setting4:8.008:computed0:4:p1/10:7:pending12:实际\t16次");
}

TEST_CASE("packed leaves v8: a value that is not a packing names the leaf and field", "[packed-leaves-v8]") {
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

TEST_CASE("packed leaves v8: the leaves before a defect are given as they are", "[packed-leaves-v8]") {
  const std::string packed = "1:a4:8.008:computed0:1:b";
  PackedLeavesV8 read(packed);
  PackedLeafV8 l;
  REQUIRE(read.next(l));
  CHECK(l.leaf_id == "a");
  CHECK(l.score == "8.00");
  CHECK_THROWS_AS(read.next(l), std::invalid_argument);
}
