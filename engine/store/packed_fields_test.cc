// Length-prefixed fields: any bytes round-trip, a length of any number of
// digits reads as one of one, and each defect is named.
#include "packed_fields.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace jixiao;

TEST_CASE("packed fields: pack_fields packs as pack_field one value after another", "[packed-fields]") {
  const std::vector<std::string> values = {"", "8.00", std::string(10, 'x'), "实际\t16次", std::string(100000, 'y'), ""};
  std::string one_by_one = "5:kept;", together = one_by_one;
  for (const std::string& v : values) pack_field(one_by_one, v);
  pack_fields(together, {values[0], values[1], values[2], values[3], values[4], values[5]});
  CHECK(together == one_by_one);
  CHECK(together.compare(0, 29, "5:kept;0:4:8.0010:xxxxxxxxxx1") == 0);
}

TEST_CASE("packed fields: fields of one length digit and of two are packed and taken alike", "[packed-fields]") {
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

TEST_CASE("packed fields: a length of two digits or of three is read as one of one, its defects alike",
          "[packed-fields]") {
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

TEST_CASE("packed fields: same_field says what == says, at every length and wherever two values differ",
          "[packed-fields]") {
  // Every way of comparing (a byte or three, words of 4 or 8 overlapping, memcmp past 16) at its edges.
  for (size_t n = 0; n <= 40; ++n) {
    std::string a;
    for (size_t i = 0; i < n; ++i) a += static_cast<char>('a' + i % 26);
    const std::string same_bytes = a;  // another buffer, the same bytes
    CHECK(same_field(a, same_bytes));
    for (size_t at = 0; at < n; ++at) {
      std::string b = a;
      b[at] = static_cast<char>(b[at] ^ 0x80);  // one bit, as a byte of UTF-8 may differ
      INFO("length " << n << ", differing at " << at);
      CHECK_FALSE(same_field(a, b));
      CHECK_FALSE(same_field(b, a));
    }
    CHECK_FALSE(same_field(a, a + "x"));
    CHECK_FALSE(same_field(a + "x", a));
  }
  CHECK(same_field("万元", "万元"));
  CHECK_FALSE(same_field("万元", "万个"));
  CHECK_FALSE(same_field("", "0"));
}
