#include "decimal.h"

#include <catch2/catch.hpp>

using jixiao::Decimal;

TEST_CASE("decimal: 0.1 + 0.2 is exactly 0.3", "[decimal]") {
  CHECK(*Decimal::parse("0.1") + *Decimal::parse("0.2") == *Decimal::parse("0.3"));
}

TEST_CASE("decimal: round_half_up rounds the written value, not its binary noise", "[decimal]") {
  CHECK(Decimal::round_half_up(1.005, 2).str(2) == "1.01");  // 1.00499999999999989… as a double
  CHECK(Decimal::round_half_up(2.675, 2).str(2) == "2.68");
  CHECK(Decimal::round_half_up(1.9, 2).str(2) == "1.90");
  CHECK(Decimal::round_half_up(0.125, 2).str(2) == "0.13");
  CHECK(Decimal::round_half_up(0.124999, 2).str(2) == "0.12");
  CHECK(Decimal::round_half_up(8.0 * 2 / 3, 2).str(2) == "5.33");
  CHECK(Decimal::round_half_up(-0.005, 2).str(2) == "-0.01");
}

TEST_CASE("decimal: rounded() rounds the exact value half away from zero", "[decimal]") {
  CHECK(Decimal::parse("1.005")->rounded(2).str(2) == "1.01");
  CHECK(Decimal::parse("1.004999")->rounded(2).str(2) == "1.00");
  CHECK(Decimal::parse("-2.675")->rounded(2).str(2) == "-2.68");
  CHECK(Decimal::parse("33.333")->rounded(0).str() == "33");
  CHECK(Decimal::parse("8")->rounded(2).str(2) == "8.00");
}
