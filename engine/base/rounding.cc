#include "rounding.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace jixiao {

namespace {

__extension__ typedef __int128 Wide;  // products of millionths need 128 bits

}  // namespace

Decimal from_millionths(int64_t millionths) {
  // Through its text (Decimal keeps its constructor to itself), written into
  // a buffer: scores are rounded for every row of every table.
  char text[32];  // a sign, at most 13 digits, the point and 6 decimals
  char* at = text;
  if (millionths < 0) *at++ = '-';
  const uint64_t magnitude = millionths < 0 ? 0 - static_cast<uint64_t>(millionths) : static_cast<uint64_t>(millionths);
  at = std::to_chars(at, text + sizeof text - 7, magnitude / 1000000).ptr;
  *at++ = '.';
  uint64_t rest = magnitude % 1000000;
  for (int i = 5; i >= 0; --i, rest /= 10) at[i] = static_cast<char>('0' + rest % 10);
  return *Decimal::parse(std::string_view(text, static_cast<size_t>(at + 6 - text)));
}

Decimal round_decimal(Decimal value, int places, RoundingMode mode) {
  int64_t unit = 1;  // millionths in one unit of the last kept place
  for (int i = places; i < Decimal::kPlaces; ++i) unit *= 10;
  const int64_t m = value.millionths();
  int64_t q = m / unit, r = m % unit;  // truncated toward zero; r has m's sign
  if (r == 0) return value;
  const int64_t twice = 2 * std::llabs(r);
  const int sign = m < 0 ? -1 : 1;
  switch (mode) {
    case RoundingMode::kTruncate: break;
    case RoundingMode::kFloor: if (sign < 0) q -= 1; break;
    case RoundingMode::kCeiling: if (sign > 0) q += 1; break;
    case RoundingMode::kHalfUp: if (twice >= unit) q += sign; break;
    case RoundingMode::kHalfEven:
      if (twice > unit || (twice == unit && q % 2 != 0)) q += sign;
      break;
  }
  return from_millionths(q * unit);
}

Decimal multiply(Decimal a, Decimal b, int places, RoundingMode mode) {
  const Wide product = static_cast<Wide>(a.millionths()) * b.millionths();  // in 10^-12
  Wide unit = 1;  // 10^-12 units in one unit of the last kept place
  for (int i = places; i < 2 * Decimal::kPlaces; ++i) unit *= 10;
  Wide q = product / unit;
  const Wide r = product % unit;  // truncated toward zero; r has the product's sign
  const int sign = product < 0 ? -1 : 1;
  const Wide twice = 2 * (r < 0 ? -r : r);
  if (r != 0) switch (mode) {
      case RoundingMode::kTruncate: break;
      case RoundingMode::kFloor: if (sign < 0) q -= 1; break;
      case RoundingMode::kCeiling: if (sign > 0) q += 1; break;
      case RoundingMode::kHalfUp: if (twice >= unit) q += sign; break;
      case RoundingMode::kHalfEven: if (twice > unit || (twice == unit && q % 2 != 0)) q += sign; break;
    }
  int64_t scale = 1;  // millionths in one unit of the last kept place
  for (int i = places; i < Decimal::kPlaces; ++i) scale *= 10;
  return from_millionths(static_cast<int64_t>(q) * scale);
}

std::optional<RoundingMode> rounding_mode_named(const std::string& name) {
  for (RoundingMode m : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kTruncate,
                         RoundingMode::kFloor, RoundingMode::kCeiling})
    if (name == rounding_mode_name(m)) return m;
  return std::nullopt;
}

const char* rounding_mode_name(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::kHalfUp: return "half-up";
    case RoundingMode::kHalfEven: return "half-even";
    case RoundingMode::kTruncate: return "truncate";
    case RoundingMode::kFloor: return "floor";
    case RoundingMode::kCeiling: return "ceiling";
  }
  return "";
}

}  // namespace jixiao
