#include "decimal.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <string>

#include "error.h"

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

TEST_CASE("decimal: round_half_up rounds the value as printed to nine decimals, also at exact ties there", "[decimal]") {
  // The reference: the text "%.9f" prints (ties to even), then half away from zero, in millionths.
  auto by_text = [](double value, int places) {
    char text[64];
    std::snprintf(text, sizeof text, "%.9f", value);
    const std::string digits = std::string(text).erase(std::string(text).find('.'), 1);
    const long long nanos = std::stoll(digits);
    long long unit = 1;
    for (int i = places; i < 9; ++i) unit *= 10;
    const long long magnitude = ((nanos < 0 ? -nanos : nanos) + unit / 2) / unit * (unit / 1000);
    return nanos < 0 ? -magnitude : magnitude;
  };
  // k/2^j from 2^-10 on has ties at the ninth decimal (…5 in the tenth); beside them, their neighbours.
  for (int j = 10; j <= 30; j += 2)
    for (int k = -4000; k <= 4000; k += 3) {
      const double tie = std::ldexp(k, -j) + (k % 7);
      for (double value : {tie, std::nextafter(tie, 1e9), std::nextafter(tie, -1e9), k / 1000.0 * 0.7})
        for (int places : {0, 2, 6}) {
          INFO(value << " to " << places << " places");
          CHECK(Decimal::round_half_up(value, places).millionths() == by_text(value, places));
        }
    }
  // Near a million, values whose product with 1e9 rounds onto a tie (…499.5
  // billionths) while the exact product is not one: the sixth decimal says which.
  for (long long m = 1000000000000499LL; m < 1000000000000499LL + 4000 * 1000; m += 1000)
    for (double value : {(static_cast<double>(m) + 0.5) / 1e9, -(static_cast<double>(m) + 0.5) / 1e9}) {
      INFO(value);
      CHECK(Decimal::round_half_up(value, 6).millionths() == by_text(value, 6));
    }
  CHECK(Decimal::round_half_up(5e6 + 1.0 / 3, 2).str(2) == "5000000.33");  // past 2^22: through the text
}

TEST_CASE("decimal: rounded() rounds the exact value half away from zero", "[decimal]") {
  CHECK(Decimal::parse("1.005")->rounded(2).str(2) == "1.01");
  CHECK(Decimal::parse("1.004999")->rounded(2).str(2) == "1.00");
  CHECK(Decimal::parse("-2.675")->rounded(2).str(2) == "-2.68");
  CHECK(Decimal::parse("33.333")->rounded(0).str() == "33");
  CHECK(Decimal::parse("8")->rounded(2).str(2) == "8.00");
}

TEST_CASE("decimal: str() is the shortest exact text, or has at least min_places decimals (at most six)", "[decimal]") {
  CHECK(Decimal().str() == "0");
  CHECK(Decimal().str(2) == "0.00");
  CHECK(Decimal::parse("8")->str() == "8");
  CHECK(Decimal::parse("686.540")->str() == "686.54");
  CHECK(Decimal::parse("1.9")->str(2) == "1.90");
  CHECK(Decimal::parse("-0.000001")->str() == "-0.000001");
  CHECK(Decimal::parse("-12.5")->str(1) == "-12.5");
  CHECK(Decimal::parse("1.5")->str(8) == "1.500000");
  CHECK(Decimal::parse("1.5")->str(-1) == "1.500000");  // a negative min_places, as a size, keeps all six
  CHECK(Decimal::parse("100")->str(6) == "100.000000");
}

TEST_CASE("decimal: text() writes what str() returns, into room of its own", "[decimal]") {
  char room[Decimal::kTextRoom];
  for (const char* text : {"8", "686.54", "-0.000001", "-9223372036854.775807", "9223372036854.775807", "0"})
    for (int places : {0, 2, 6}) {
      const Decimal d = *Decimal::parse(text);
      CHECK(d.text(room, places) == d.str(places));
    }
}

TEST_CASE("decimal: parse reads [-]digits[.digits] with up to six decimals, and nothing else", "[decimal]") {
  CHECK(Decimal::parse("12")->millionths() == 12000000);
  CHECK(Decimal::parse("+3.5")->millionths() == 3500000);
  CHECK(Decimal::parse("-0.000001")->millionths() == -1);
  CHECK(Decimal::parse(".5")->millionths() == 500000);
  CHECK(Decimal::parse("-0")->millionths() == 0);
  CHECK(Decimal::parse("000000000000000000000000007.25")->millionths() == 7250000);  // zeros never overflow
  CHECK(Decimal::parse("9223372036854.7758")->millionths() == 9223372036854775800);  // the last decimals padded
  for (const char* bad : {"", "-", "+", ".", "3.", "1e3", "1.0000001", " 1", "1 ", "1,5", "--1", "1.2.3", "0x10",
                          "9223372036855", "9223372036854.775808", "99999999999999999999", "１"})
    CHECK_FALSE(Decimal::parse(bad));
}

namespace {

// What Decimal::parse gives for `text`, as millionths, beside what the general reader gives.
std::optional<int64_t> parsed(const std::string& text) {
  const auto d = Decimal::parse(text);
  return d ? std::optional<int64_t>(d->millionths()) : std::nullopt;
}

}  // namespace

TEST_CASE("decimal: parse reads short figures as the general reader does, at every boundary", "[decimal]") {
  using jixiao::decimal_detail::parse_millionths_any;
  // 12 digits before the point (the short way) and 13 (the general way), six decimals and seven, signs.
  for (const char* text : {"999999999999.999999", "-999999999999.999999", "+999999999999.999999",
                           "999999999999", "1000000000000", "9999999999999.999999", "0.999999", "-0.0000010",
                           "000000000000.5", "0000000000000.5", "-000000000001", "1.000000", "1.0000000", "12.",
                           "-.000001", "+.1", "1.1234567", "999999999999.9999999", "9223372036854.775807",
                           "-9223372036854.775807", "0", "-0.0", "00", ".", "-.", "+"}) {
    INFO(text);
    CHECK(parsed(text) == parse_millionths_any(text));
  }
  CHECK(parsed("999999999999.999999") == 999999999999999999);
  CHECK(parsed("-000000000001") == -1000000);
  CHECK(parsed("0000000000000.5") == 500000);
  CHECK_FALSE(parsed("1.0000000"));
}

TEST_CASE("decimal: parse agrees with the general reader on millions of generated texts", "[decimal]") {
  using jixiao::decimal_detail::parse_millionths_any;
  std::mt19937_64 random(20261130);
  auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
  const std::string digits = "0123456789";
  const std::string any = "0123456789.-+ e,x";
  std::string text;
  size_t accepted = 0, differ = 0;
  for (int i = 0; i < 3000000; ++i) {
    text.clear();
    if (i % 4 == 0) {  // anything from the characters a figure is made of and a few it is not
      const size_t n = pick(24);
      for (size_t k = 0; k < n; ++k) text += any[pick(any.size())];
    } else {  // a figure's shape: a sign, up to 20 digits (leading zeros or not), a point, up to 8 decimals
      const size_t sign = pick(4);
      if (sign == 1) text += '-';
      if (sign == 2) text += '+';
      const size_t whole = pick(21), zeros = pick(4) == 0 ? pick(whole + 1) : 0;
      for (size_t k = 0; k < whole; ++k) text += k < zeros ? '0' : digits[pick(10)];
      if (pick(3) != 0) {
        text += '.';
        const size_t places = pick(9);
        for (size_t k = 0; k < places; ++k) text += digits[pick(10)];
      }
      if (pick(50) == 0) text.insert(pick(text.size() + 1), 1, any[pick(any.size())]);
    }
    const auto fast = parsed(text), general = parse_millionths_any(text);
    accepted += general.has_value();
    if (fast != general) {
      if (++differ <= 10) FAIL_CHECK("'" << text << "' reads differently");
    }
  }
  CHECK(differ == 0);
  CHECK(accepted > 1000000);  // the figures' shapes are mostly figures
}

TEST_CASE("decimal: to_double() is the double nearest the exact text", "[decimal]") {
  CHECK(Decimal::parse("686.54")->to_double() == 686.54);
  CHECK(Decimal::parse("-0.000001")->to_double() == -0.000001);
  CHECK(Decimal::parse("9223372036854.775807")->to_double() == 9223372036854.775807);
  CHECK(Decimal().to_double() == 0.0);
}

TEST_CASE("decimal: the range is symmetric, so the smallest value prints and negates", "[decimal]") {
  const Decimal low = *Decimal::parse("-9223372036854.775807");
  const Decimal high = *Decimal::parse("9223372036854.775807");
  CHECK(low.str() == "-9223372036854.775807");
  CHECK(low.abs() == high);
  CHECK_FALSE(Decimal::parse("9223372036854.775808"));
  CHECK_FALSE(Decimal::parse("-9223372036854.775808"));  // INT64_MIN millionths
}

TEST_CASE("decimal: sums, differences and rounding that leave the range throw, naming the numbers", "[decimal]") {
  const Decimal low = *Decimal::parse("-9223372036854.775807");
  const Decimal millionth = *Decimal::parse("0.000001");
  // One millionth below the smallest is INT64_MIN, which str() used to negate.
  try {
    (void)(low - millionth);
    FAIL("no error");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) ==
          "numbers too large to subtract exactly: -9223372036854.775807 - 0.000001");
  }
  try {
    (void)(low + *Decimal::parse("-1"));
    FAIL("no error");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) == "numbers too large to add exactly: -9223372036854.775807 + -1");
  }
  try {
    (void)low.rounded(2);
    FAIL("no error");
  } catch (const jixiao::Error& e) {
    CHECK(std::string(e.what()) == "number too large to round: -9223372036854.775807");
  }
  CHECK(Decimal::parse("-9223372036854.74")->rounded(1).str() == "-9223372036854.7");
  CHECK_THROWS_AS(Decimal::from_int(-9223372036855), jixiao::Error);
}
