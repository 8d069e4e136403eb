// Exact decimal rounding in the modes published scoring rules use: 四舍五入
// (half-up), banker's rounding (half-even), 截尾 (truncate toward zero),
// floor and ceiling, to a given number of places.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "decimal.h"

namespace jixiao {

enum class RoundingMode { kHalfUp, kHalfEven, kTruncate, kFloor, kCeiling };

// `value` rounded to `places` decimals (0 to Decimal::kPlaces) in `mode`, exactly:
// half-up 9.685 → 9.69, half-even 9.685 → 9.68, truncate 9.689 → 9.68,
// floor -1.001 → -1.01, ceiling 9.681 → 9.69.
Decimal round_decimal(Decimal value, int places, RoundingMode mode);

// a × b, exactly, then rounded to `places` in `mode` (折算得分 = 得分 × 权重占比).
Decimal multiply(Decimal a, Decimal b, int places, RoundingMode mode);

// The Decimal of `millionths` millionths (any but INT64_MIN): for figures
// computed in millionths, as rounding computes them.
Decimal from_millionths(int64_t millionths);

// "half-up", "half-even", "truncate", "floor", "ceiling" ↔ the mode; nullopt for another name.
std::optional<RoundingMode> rounding_mode_named(const std::string& name);
const char* rounding_mode_name(RoundingMode mode);

}  // namespace jixiao
