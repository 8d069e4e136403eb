#include "rounding.h"

#include <catch2/catch.hpp>

using jixiao::Decimal;
using jixiao::round_decimal;
using jixiao::RoundingMode;

namespace {

std::string rounded(const char* value, int places, const char* mode) {
  return round_decimal(*Decimal::parse(value), places, *jixiao::rounding_mode_named(mode)).str(places);
}

}  // namespace

TEST_CASE("rounding: each mode at the half and either side of it", "[rounding]") {
  struct Case {
    const char* value;
    int places;
    const char* mode;
    const char* expected;
  };
  const Case c = GENERATE(values<Case>({
      {"9.685", 2, "half-up", "9.69"},     {"9.684999", 2, "half-up", "9.68"}, {"9.685", 2, "half-even", "9.68"},
      {"9.675", 2, "half-even", "9.68"},   {"9.685001", 2, "half-even", "9.69"}, {"9.689999", 2, "truncate", "9.68"},
      {"9.681", 2, "ceiling", "9.69"},     {"9.689", 2, "floor", "9.68"},     {"-1.001", 2, "floor", "-1.01"},
      {"-1.009", 2, "ceiling", "-1.00"},   {"-1.005", 2, "half-up", "-1.01"}, {"-1.009", 2, "truncate", "-1.00"},
      {"7.5", 0, "half-up", "8"},          {"7.5", 0, "half-even", "8"},      {"6.5", 0, "half-even", "6"},
      {"6.5", 0, "truncate", "6"},         {"6.000001", 0, "ceiling", "7"},   {"9.68", 2, "half-up", "9.68"},
  }));
  CAPTURE(c.value, c.places, c.mode);
  CHECK(rounded(c.value, c.places, c.mode) == c.expected);
}

TEST_CASE("rounding: mode names are the documented ones", "[rounding]") {
  CHECK(jixiao::rounding_mode_name(RoundingMode::kHalfEven) == std::string("half-even"));
  CHECK_FALSE(jixiao::rounding_mode_named("round-half-up").has_value());
}

TEST_CASE("rounding: a product is exact before it is rounded", "[rounding]") {
  auto product = [](const char* a, const char* b, const char* mode) {
    return jixiao::multiply(*Decimal::parse(a), *Decimal::parse(b), 2, *jixiao::rounding_mode_named(mode)).str(2);
  };
  CHECK(product("96.85", "0.1", "half-up") == "9.69");  // 9.685
  CHECK(product("96.85", "0.1", "truncate") == "9.68");
  CHECK(product("96.85", "0.1", "half-even") == "9.68");
  CHECK(product("83.33", "0.3", "half-up") == "25.00");  // 24.999
  CHECK(product("83.33", "0.3", "floor") == "24.99");
  CHECK(product("-2.5", "0.5", "ceiling") == "-1.25");
  CHECK(product("19.369999", "0.5", "half-up") == "9.68");  // 9.6849995: no double rounding through the millionth
}

TEST_CASE("rounding: from_millionths is the Decimal of that many millionths, either sign", "[rounding]") {
  CHECK(jixiao::from_millionths(12340000).str() == "12.34");
  CHECK(jixiao::from_millionths(0).str() == "0");
  CHECK(jixiao::from_millionths(-500).str() == "-0.0005");
  CHECK(jixiao::from_millionths(-1010000).str(2) == "-1.01");
  CHECK(jixiao::from_millionths(INT64_MAX).millionths() == INT64_MAX);
  CHECK(jixiao::from_millionths(-INT64_MAX).millionths() == -INT64_MAX);
}
