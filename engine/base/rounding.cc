#include "rounding.h"

#include <cstdlib>

namespace jixiao {

namespace {

__extension__ typedef __int128 Wide;  // products of millionths need 128 bits

Decimal from_millionths(int64_t m) {
  const int64_t whole = std::llabs(m) / 1000000, frac = std::llabs(m) % 1000000;
  const std::string text = std::string(m < 0 ? "-" : "") + std::to_string(whole) + "." +
                           std::to_string(1000000 + frac).substr(1);
  return *Decimal::parse(text);
}

}  // namespace

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
