// The packing of a record's leaf results: scores, sources, reasons and ids
// round-trip at their boundaries, a department set's leaf ids come from its
// version, and a value that is not a packing is told apart, naming the leaf.
#include "packed_leaves.h"

#include <catch2/catch.hpp>

#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "rounding.h"

using namespace jixiao;

namespace {

struct Leaf {
  std::string id;
  std::optional<Decimal> score;
  std::string source, reason;
  bool operator==(const Leaf& o) const {
    return id == o.id && score == o.score && source == o.source && reason == o.reason;
  }
};

std::ostream& operator<<(std::ostream& os, const Leaf& l) {
  return os << l.id << " " << (l.score ? l.score->str() : "-") << " " << l.source << " " << l.reason.size();
}

Decimal d(const char* text) { return *Decimal::parse(text); }

std::string packed_of(const std::vector<Leaf>& leaves, bool named, int places) {
  std::string out = "earlier content, replaced";
  LeafPacker pack(out, named, places);
  for (const Leaf& l : leaves) pack.add(l.id, l.score, l.source, l.reason);
  return out;
}

// The leaves of `packed`, and the texts of their scores as the store shows them.
std::vector<Leaf> unpacked(std::string_view packed, std::string_view ids = {}, std::vector<std::string>* texts = nullptr) {
  std::vector<Leaf> out;
  PackedLeaves read(packed, ids);
  PackedLeaf l;
  char room[Decimal::kTextRoom];
  while (read.next(l)) {
    out.push_back({std::string(l.leaf_id), l.score, std::string(l.source), std::string(l.reason)});
    if (texts) texts->push_back(l.score ? std::string(l.score->text(room, read.places())) : "");
  }
  return out;
}

std::string defect_of(std::string_view packed, std::string_view ids = {}) {
  try {
    unpacked(packed, ids);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("no defect found");
  return {};
}

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out += static_cast<char>(b);
  return out;
}

}  // namespace

TEST_CASE("packed leaves: scores at their boundaries, every source and awkward texts round-trip", "[packed-leaves]") {
  const Decimal most = from_millionths(INT64_MAX);
  const std::string nul("a NUL \0 inside, and one at the end \0", 37);
  const std::string shared(300, 'p');  // a prefix longer than a name byte counts
  const std::vector<Leaf> leaves = {
      {"target_setting", d("8.00"), "computed", ""},
      {"zero", d("0"), "judged", ""},
      {"negative", d("-3.5"), "scored", ""},
      {"more decimals than shown", d("8.125"), "pending", ""},
      {"a millionth", d("-0.000001"), "excluded", ""},
      {"largest", most, "subtotal", ""},
      {"smallest", Decimal() - most, "computed", ""},
      {"no score", std::nullopt, "uncovered", ""},
      {"not scored", std::nullopt, "not-scored", ""},
      {"p1/1", d("12.5"), "scored", "a tab\there, a newline\nthere, \"quotes\" and 'quotes'"},
      {"p1/2", std::nullopt, "pending", nul},
      {"p1/3", d("0"), "scored", "12:34 looks like a length: 5:hello"},
      {"p1/total", d("19.5"), "pending", "已定部分19.50分，待定20.00分；目标值「≥90%」"},
      {"p1/budget", d("10"), "computed", std::string(100000, 'x')},
      {"指标（一）", d("1"), "computed", ""},
      {"", std::nullopt, "computed", ""},
      {shared + "a", d("1"), "computed", ""},
      {shared + "b", d("2"), "computed", ""},
      {"p", d("3"), "computed", ""},
  };
  for (int places = 0; places <= Decimal::kPlaces; ++places) {
    INFO("places " << places);
    CHECK(unpacked(packed_of(leaves, true, places)) == leaves);
  }
  CHECK(unpacked(packed_of({}, true, 2)).empty());
}

TEST_CASE("packed leaves: a score reads back as the text the set's places give it", "[packed-leaves]") {
  const std::vector<Leaf> leaves = {{"a", d("8"), "computed", ""},      {"b", d("8.125"), "computed", ""},
                                    {"c", d("-0.5"), "computed", ""},   {"d", d("0"), "computed", ""},
                                    {"e", std::nullopt, "uncovered", ""}};
  const std::vector<std::pair<int, std::vector<std::string>>> cases = {
      {0, {"8", "8.125", "-0.5", "0", ""}},
      {2, {"8.00", "8.125", "-0.50", "0.00", ""}},
      {6, {"8.000000", "8.125000", "-0.500000", "0.000000", ""}},
  };
  for (const auto& [places, texts] : cases) {
    INFO("places " << places);
    std::vector<std::string> got;
    unpacked(packed_of(leaves, true, places), {}, &got);
    CHECK(got == texts);
  }
}

TEST_CASE("packed leaves: a department set's leaves name no id, and read their ids from the set version",
          "[packed-leaves]") {
  const std::string ids = pack_leaf_ids({"target_setting", "violations", "self_eval_accuracy"});
  CHECK(ids == "14:target_setting10:violations18:self_eval_accuracy");
  const std::vector<Leaf> leaves = {{"target_setting", d("8.00"), "computed", ""},
                                    {"violations", std::nullopt, "uncovered", ""},
                                    {"self_eval_accuracy", std::nullopt, "not-scored", ""}};
  const std::string packed = packed_of(leaves, false, 2);
  // The head (2 places, unnamed), then: computed with a score of 800 (zigzag 1600), uncovered, not-scored.
  CHECK(packed == bytes({0x02, 0x08, 0xc0, 0x0c, 0x03, 0x02}));
  CHECK(unpacked(packed, ids) == leaves);
}

TEST_CASE("packed leaves: a named value shares each id's beginning with the one before", "[packed-leaves]") {
  const std::string packed =
      packed_of({{"p1/budget", std::nullopt, "pending", ""}, {"p1/1", d("12.50"), "scored", ""}}, true, 2);
  CHECK(packed == bytes({0x12, 0, '9', ':', 'p', '1', '/', 'b', 'u', 'd', 'g', 'e', 't', 0x05, 3, '1', ':', '1', 0x0c,
                         0xc4, 0x13}));
}

TEST_CASE("packed leaves: a source that is not stored is refused when packing", "[packed-leaves]") {
  std::string out;
  LeafPacker pack(out, true, 2);
  CHECK_THROWS_WITH(pack.add("a", d("1"), "guessed", ""), "a leaf's source 'guessed' is none of those stored");
  CHECK_THROWS_WITH(LeafPacker(out, true, 7), "scores shown with 7 decimals");
}

TEST_CASE("packed leaves: a value that is not a packing names the leaf and what is wrong", "[packed-leaves]") {
  const std::string one = bytes({0x12, 0, '1', ':', 'a', 0x08, 0x02});  // named, 2 places: a, computed, 0.01
  const std::string ids = "1:a1:b";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"", "", "the value is empty, without its head byte"},
      {bytes({0x07}), "", "its head byte 0x07 is not one (decimals 0 to 6, and 0x10 for named leaves)"},
      {bytes({0x22}), "", "its head byte 0x22 is not one (decimals 0 to 6, and 0x10 for named leaves)"},
      {bytes({0x02, 0x00}), "", "it holds its set version's leaves, and the version lists none"},
      {one.substr(0, 6), "", "leaf 1 (a), its score: the value ends inside it"},
      {one.substr(0, 5), "", "leaf 1 (a), its flags: the value ends before them"},
      {one.substr(0, 3), "", "leaf 1, its id: no ':' after its length"},
      {one + bytes({2, '1', ':', 'b'}), "", "leaf 2, its id: shares 2 bytes with the previous leaf's id, of 1"},
      {one + bytes({1, '1', ':', 'b', 0x40}), "", "leaf 2 (ab), its flags 0x40 are not flags of a leaf"},
      {one + bytes({1, '1', ':', 'b', 0x10}), "", "leaf 2 (ab), its flags 0x10 are not flags of a leaf"},
      {one + bytes({1, '1', ':', 'b', 0x20}), "", "leaf 2 (ab), its reason: the value ends before it"},
      {one + bytes({1, '1', ':', 'b', 0x20, '9', ':', 'x'}), "",
       "leaf 2 (ab), its reason: the length 9 runs past the end of the value"},
      {one + bytes({1, '1', ':', 'b', 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}), "",
       "leaf 2 (ab), its score: more than 64 bits"},
      {one + bytes({1, '1', ':', 'b', 0x08, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), "",
       "leaf 2 (ab), its score: out of the range of a decimal"},
      {one + bytes({1, '1', ':', 'b', 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), "",
       "leaf 2 (ab), its score: out of the range of a decimal"},
      {bytes({0x02, 0x03, 0x03, 0x03}), ids, "leaf 3, its set version lists only 2 leaves"},
      {bytes({0x02, 0x03}), ids, "leaf 2 (b), of its set version: the value ends before it"},
      {bytes({0x02, 0x03}), "1:a1", "leaf 2, of its set version: the value ends before it"},
      {bytes({0x02, 0x03, 0x03}), "1:a1", "leaf 2, its id in its set version's list: no ':' after its length"},
  };
  for (const auto& [packed, version, message] : cases) {
    INFO(message);
    CHECK(defect_of(packed, version) == message);
  }
}

TEST_CASE("packed leaves: the leaves before a defect are given as they are", "[packed-leaves]") {
  const std::string packed = bytes({0x02, 0x08, 0xc0, 0x0c, 0x08});
  PackedLeaves read(packed, "1:a1:b");
  PackedLeaf l;
  REQUIRE(read.next(l));
  CHECK(l.leaf_id == "a");
  CHECK(l.score == d("8"));
  CHECK_THROWS_AS(read.next(l), std::invalid_argument);
}
