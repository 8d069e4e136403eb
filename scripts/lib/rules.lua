-- 计分规则的公共函数 (shared helpers for scoring scripts).
-- Every scoring script may `local rules = require "lib.rules"`.
-- Numbers arrive as Lua numbers in the unit their fact records (万元, %, 个).
local engine = require "engine"

local rules = {}

-- Thresholds are compared with this tolerance, so a deviation computed as
-- 10.000000000000002% still counts as "10%以内". Inputs have at most six
-- decimals, so nothing real is closer to a threshold than this.
local EPS = 1e-9

-- rules.points(1.9) --> "1.90": a score as the report prints it (half-up).
rules.points = engine.points

-- rules.num(38.5) --> "38.5"; rules.num(2/3) --> "0.67": a figure for a reason.
function rules.num(x)
  local s = string.format("%.2f", x):gsub("0+$", ""):gsub("%.$", "")
  return s
end

-- rules.at_most(10.000000000000002, 10) --> true
function rules.at_most(x, limit) return x <= limit + EPS end
-- rules.at_least(39.999999999999, 40) --> true
function rules.at_least(x, limit) return x >= limit - EPS end

-- rules.number(ctx.facts, "annual_budget") --> 686.54; an error when the fact
-- is not a number.
function rules.number(facts, name)
  local v = facts[name]
  if type(v) ~= "number" then
    error(string.format("fact '%s' must be a number, but is %s", name, tostring(v)), 2)
  end
  return v
end

-- rules.positive(ctx.facts, "initial_budget"): as number(), and above zero,
-- because the rule divides by it.
function rules.positive(facts, name)
  local v = rules.number(facts, name)
  if v <= 0 then
    error(string.format("fact '%s' is %s: the rule divides by it, so it must be above 0", name, rules.num(v)), 2)
  end
  return v
end

-- rules.flag(ctx.facts, "feedback_on_time") --> true; an error for non-booleans.
function rules.flag(facts, name)
  local v = facts[name]
  if type(v) ~= "boolean" then
    error(string.format("fact '%s' must be true or false, but is %s", name, tostring(v)), 2)
  end
  return v
end

-- rules.proportional(38, 40, 2) --> 1.9: full points at or above the
-- target, otherwise points × actual / target.
function rules.proportional(actual, target, points)
  if rules.at_least(actual, target) then return points end
  return math.max(0, points * actual / target)
end

-- rules.band(15, {{up_to = 10, points = 6}, {up_to = 20, points = 3}})
-- --> the band {up_to = 20, points = 3}: the first whose up_to (inclusive)
-- the value does not exceed; nil above the last.
function rules.band(value, bands)
  for _, band in ipairs(bands) do
    if rules.at_most(value, band.up_to) then return band end
  end
  return nil
end

-- rules.deduct(8, 3, 0.5) --> 6.5: per-item deduction, down to zero.
function rules.deduct(points, count, per_item)
  return math.max(0, points - count * per_item)
end

-- rules.percent_deviation(110, 100) --> 10: |actual − base| / base × 100.
function rules.percent_deviation(actual, base)
  return math.abs(actual - base) * 100 / base
end

return rules
