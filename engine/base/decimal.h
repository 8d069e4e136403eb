// Exact decimal numbers for money (万元, 元), percentages, weights and scores.
//
// A Decimal holds an integer count of millionths, so 0.1 + 0.2 == 0.3 exactly,
// from -9223372036854.775807 to 9223372036854.775807: the range is symmetric
// (INT64_MIN millionths is never held), so negating and printing are safe,
// and every operation that would leave it throws instead of wrapping.
// Scripts compute in Lua's binary doubles; their results come back through
// round_score(), the one place where jixiao rounds (see README "Rounding").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jixiao {

class Decimal {
 public:
  static constexpr int kPlaces = 6;  // digits after the point that are kept

  Decimal() = default;  // zero
  static Decimal from_int(int64_t whole);

  // Parses "12", "-3.5", "686.54", "0.000001". Returns nullopt for anything
  // else: empty text, a unit, exponents, more than kPlaces decimals, overflow.
  // Inline: every figure a batch reads passes here.
  static std::optional<Decimal> parse(std::string_view text);

  // A script's binary result, rounded half-up to `places` decimals. The double
  // is first written with nine decimals, which removes representation noise
  // (1.005 is stored as 1.00499999999999989...), then rounded as decimal text.
  static Decimal round_half_up(double value, int places);

  // This value rounded half away from zero to `places` decimals, exactly.
  // Throws Error(kInput) when the rounded value is out of range.
  Decimal rounded(int places) const;

  // The magnitude; always in range.
  Decimal abs() const { return Decimal(millionths_ < 0 ? -millionths_ : millionths_); }

  double to_double() const;
  // Shortest text that is exact ("8", "1.9", "686.54"), or with at least
  // `min_places` decimals ("8.00").
  std::string str(int min_places = 0) const;
  // Room for the text of any Decimal: a sign, 13 digits, the point, 6 decimals (and a NUL).
  static constexpr size_t kTextRoom = 32;
  // str(min_places) written into `room`, without an allocation: a view of it.
  std::string_view text(char (&room)[kTextRoom], int min_places = 0) const;

  int64_t millionths() const { return millionths_; }

  // Sums and differences are checked: Error(kInput) rather than a wrapped value.
  friend Decimal operator+(Decimal a, Decimal b) { return a += b; }
  friend Decimal operator-(Decimal a, Decimal b);
  Decimal& operator+=(Decimal b);
  friend bool operator==(Decimal a, Decimal b) { return a.millionths_ == b.millionths_; }
  friend bool operator!=(Decimal a, Decimal b) { return a.millionths_ != b.millionths_; }
  friend bool operator<(Decimal a, Decimal b) { return a.millionths_ < b.millionths_; }
  friend bool operator>(Decimal a, Decimal b) { return a.millionths_ > b.millionths_; }
  friend bool operator<=(Decimal a, Decimal b) { return a.millionths_ <= b.millionths_; }
  friend bool operator>=(Decimal a, Decimal b) { return a.millionths_ >= b.millionths_; }

 private:
  explicit Decimal(int64_t millionths) : millionths_(millionths) {}
  // parse() of a figure with more than 12 digits before the point, `ok` false where it gives none.
  static Decimal parse_wide(std::string_view text, bool& ok);
  int64_t millionths_ = 0;
};

inline std::optional<Decimal> Decimal::parse(std::string_view text) {
  // Most figures read have up to 12 digits before the point: 12 digits and 6
  // decimals stay below 10^18, so no step can overflow and none is checked;
  // the digits before and after the point are one run into one integer.
  // Longer ones (leading zeros, the edge of the range) go the general way.
  // It accepts exactly what parse_scaled does (decimal_test compares them).
  const char* at = text.data();
  const char* const end = at + text.size();
  bool negative = false;
  if (at != end && (*at == '-' || *at == '+')) negative = *at++ == '-';
  const char* const int_start = at;
  uint64_t digits = 0;  // wraps past 19 digits, harmlessly: then the general way decides
  unsigned d = 0;
  for (; at != end && (d = static_cast<unsigned char>(*at - '0')) < 10; ++at) digits = digits * 10 + d;
  if (at - int_start > 12) {  // a 13th digit
    bool ok = false;
    const Decimal wide = parse_wide(text, ok);
    if (!ok) return std::nullopt;
    return wide;
  }
  int places = 0;
  if (at != end) {
    if (*at != '.') return std::nullopt;
    const char* const fraction_start = ++at;
    for (; at != end && (d = static_cast<unsigned char>(*at - '0')) < 10; ++at) digits = digits * 10 + d;
    places = static_cast<int>(at - fraction_start);
    // "3." is not a number we accept; nor a seventh decimal, nor anything after the digits.
    if (places == 0 || places > kPlaces || at != end) return std::nullopt;
  } else if (at == int_start) {
    return std::nullopt;
  }
  static constexpr uint64_t kScale[] = {1000000, 100000, 10000, 1000, 100, 10, 1};  // by places
  const auto scaled = static_cast<int64_t>(digits * kScale[places]);
  return Decimal(negative ? -scaled : scaled);
}

namespace decimal_detail {
// The general reader Decimal::parse takes its short figures' way around:
// the millionths of `text`, nullopt where parse gives none. For tests, which
// compare the two.
std::optional<int64_t> parse_millionths_any(std::string_view text);
}  // namespace decimal_detail

// |part| ÷ whole × 100 (the absolute value of part), half-up to `places`
// decimals (0 to kPlaces), exactly. Throws Error(kInput) when `whole` is not
// positive.
Decimal percent_of(Decimal part, Decimal whole, int places = 2);

}  // namespace jixiao
