#include "decimal.h"

#include "error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace jixiao {

namespace {

constexpr int64_t kOne = 1000000;  // 10^kPlaces

// 10^n for n from 0 to 18.
constexpr int64_t kPow10[] = {1,           10,           100,           1000,           10000,
                              100000,      1000000,      10000000,      100000000,      1000000000,
                              10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
                              1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000};

// Parses [-]digits[.digits] with up to `max_places` (at most 18) decimals
// into an integer scaled by 10^max_places. Every figure a batch reads passes
// here: a digit is a multiply and an add, each checked for overflow.
std::optional<int64_t> parse_scaled(std::string_view text, int max_places) {
  const char* at = text.data();
  const char* const end = at + text.size();
  bool negative = false;
  if (at != end && (*at == '-' || *at == '+')) negative = *at++ == '-';
  int64_t value = 0;
  // value * 10 + digit, or false when that would overflow.
  auto push_digit = [&value](int digit) {
    return !__builtin_mul_overflow(value, 10, &value) && !__builtin_add_overflow(value, digit, &value);
  };
  auto digit = [](char c) { return static_cast<unsigned char>(c - '0') < 10; };
  const char* const int_start = at;
  for (; at != end && digit(*at); ++at)
    if (!push_digit(*at - '0')) return std::nullopt;
  const bool has_int = at != int_start;
  int places = 0;
  if (at != end && *at == '.') {
    ++at;
    for (; at != end && digit(*at); ++at) {
      if (++places > max_places || !push_digit(*at - '0')) return std::nullopt;
    }
    if (places == 0) return std::nullopt;  // "3." is not a number we accept
  } else if (!has_int) {
    return std::nullopt;
  }
  if (at != end) return std::nullopt;
  // The missing decimals as zeros: overflows exactly when appending them one by one would (value >= 0).
  if (__builtin_mul_overflow(value, kPow10[max_places - places], &value)) return std::nullopt;
  return negative ? -value : value;
}

constexpr int64_t kMin = -std::numeric_limits<int64_t>::max();  // INT64_MIN is kept out

int64_t pow10(int n) { return kPow10[n]; }  // n from 0 to 18

}  // namespace

Decimal Decimal::from_int(int64_t whole) {
  int64_t scaled = 0;
  if (__builtin_mul_overflow(whole, kOne, &scaled) || scaled < kMin)
    throw Error(ErrorKind::kInput, "number too large: " + std::to_string(whole));
  return Decimal(scaled);
}

Decimal& Decimal::operator+=(Decimal b) {
  int64_t out = 0;
  if (__builtin_add_overflow(millionths_, b.millionths_, &out) || out < kMin)
    throw Error(ErrorKind::kInput, "numbers too large to add exactly: " + str() + " + " + b.str());
  millionths_ = out;
  return *this;
}

Decimal operator-(Decimal a, Decimal b) {
  int64_t out = 0;
  if (__builtin_sub_overflow(a.millionths_, b.millionths_, &out) || out < kMin)
    throw Error(ErrorKind::kInput, "numbers too large to subtract exactly: " + a.str() + " - " + b.str());
  return Decimal(out);
}

namespace decimal_detail {

std::optional<int64_t> parse_millionths_any(std::string_view text) { return parse_scaled(text, Decimal::kPlaces); }

}  // namespace decimal_detail

Decimal Decimal::parse_wide(std::string_view text, bool& ok) {
  const auto scaled = decimal_detail::parse_millionths_any(text);
  ok = scaled.has_value();
  return Decimal(scaled.value_or(0));
}

namespace {

// The finite `value` (below 1e9 in magnitude) in billionths, as "%.9f"
// prints it: the nearest, ties to even. Below 2^22 without the text: value
// × 1e9 is p + err exactly (fma), p's distance to its nearest integer r is
// a multiple of p's ulp (at most 0.5), so only a distance of exactly 0.5
// lets err move the result, in err's direction.
int64_t nearest_nanos(double value) {
  if (std::fabs(value) < 4194304.0) {
    const double p = value * 1e9;
    const double err = std::fma(value, 1e9, -p);
    double r = std::nearbyint(p);  // ties to even
    const double f = p - r;        // exact
    if (f == 0.5 && err > 0) r += 1;
    else if (f == -0.5 && err < 0) r -= 1;
    return static_cast<int64_t>(r);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9f", value);
  return *parse_scaled(buf, 9);  // cannot fail for finite values < 9e9
}

}  // namespace

Decimal Decimal::round_half_up(double value, int places) {
  if (places < 0 || places > kPlaces) places = kPlaces;
  // Nine decimals of numbers this large no longer fit an int64.
  if (!std::isfinite(value) || std::fabs(value) >= 1e9)
    throw Error(ErrorKind::kInput, "cannot round " + std::to_string(value) + ": not a score");
  const int64_t nanos = nearest_nanos(value);
  const int64_t unit = pow10(9 - places);
  int64_t magnitude = nanos < 0 ? -nanos : nanos;
  magnitude = (magnitude + unit / 2) / unit;  // half away from zero
  const int64_t rounded = nanos < 0 ? -magnitude : magnitude;
  return Decimal(rounded * pow10(kPlaces - places));
}

Decimal Decimal::rounded(int places) const {
  if (places >= kPlaces) return *this;
  const uint64_t unit = static_cast<uint64_t>(pow10(kPlaces - (places < 0 ? 0 : places)));
  // In unsigned arithmetic: the magnitude plus half a unit may pass INT64_MAX.
  const uint64_t magnitude = static_cast<uint64_t>(abs().millionths_) + unit / 2;
  const uint64_t out = magnitude / unit * unit;
  if (out > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    throw Error(ErrorKind::kInput, "number too large to round: " + str());
  const auto signed_out = static_cast<int64_t>(out);
  return Decimal(millionths_ < 0 ? -signed_out : signed_out);
}

namespace {

constexpr size_t kTextRoom = Decimal::kTextRoom;

// Writes what str(min_places) returns into `out` (kTextRoom bytes) and
// returns its end: built in place, with no allocation (str() and to_double()
// run for every figure a batch reads or writes).
char* write_text(int64_t millionths, int min_places, char* out) {
  const int64_t magnitude = millionths < 0 ? -millionths : millionths;
  char* at = out;
  if (millionths < 0) *at++ = '-';
  const int64_t whole = magnitude / kOne;
  if (whole < 10) *at++ = static_cast<char>('0' + whole);  // most scores
  else at = std::to_chars(at, out + kTextRoom, whole).ptr;
  char frac[Decimal::kPlaces];
  auto rest = static_cast<uint32_t>(magnitude % kOne);  // below 10^6: 32-bit division suffices
  for (int i = Decimal::kPlaces - 1; i >= 0; --i, rest /= 10) frac[i] = static_cast<char>('0' + rest % 10);
  size_t keep = Decimal::kPlaces;
  while (keep > static_cast<size_t>(min_places) && frac[keep - 1] == '0') --keep;
  if (keep > 0) {
    *at++ = '.';
    at = std::copy(frac, frac + keep, at);
  }
  return at;
}

}  // namespace

double Decimal::to_double() const {
  // Through the text, so "686.54" becomes the double nearest 686.54.
  char text[kTextRoom];
  *write_text(millionths_, 0, text) = '\0';
  return std::strtod(text, nullptr);
}

std::string Decimal::str(int min_places) const {
  char text[kTextRoom];
  return std::string(text, write_text(millionths_, min_places, text));
}

std::string_view Decimal::text(char (&room)[kTextRoom], int min_places) const {
  return std::string_view(room, static_cast<size_t>(write_text(millionths_, min_places, room) - room));
}

Decimal percent_of(Decimal part, Decimal whole, int places) {
  if (whole <= Decimal()) throw Error(ErrorKind::kInput, "cannot take a percentage of " + whole.str());
  if (places < 0 || places > Decimal::kPlaces) throw Error(ErrorKind::kInput, "a percentage has 0 to 6 places");
  __extension__ typedef __int128 Wide;  // part × 200 × 10^places needs 128 bits
  Wide scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const Wide p = part.millionths() < 0 ? -static_cast<Wide>(part.millionths()) : part.millionths();
  const Wide units = (p * 200 * scale + whole.millionths()) / (2 * static_cast<Wide>(whole.millionths()));
  if (units / scale > INT64_MAX / 1000000)
    throw Error(ErrorKind::kInput, "too large a percentage: " + part.str() + " of " + whole.str());
  std::string text = std::to_string(static_cast<int64_t>(units / scale));
  if (places > 0) {
    const std::string fraction = std::to_string(static_cast<int64_t>(units % scale));
    text += "." + std::string(static_cast<size_t>(places) - fraction.size(), '0') + fraction;
  }
  return Decimal::parse(text).value();
}

}  // namespace jixiao
