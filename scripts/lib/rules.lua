-- 计分规则的公共函数 (shared helpers for scoring scripts).
-- Every scoring script may `local rules = require "lib.rules"`.
-- Numbers arrive as Lua numbers in the unit their fact records (万元, %, 个).
local engine = require "engine"

-- What the helpers below use on every run, as locals: a global, or a field
-- of a table once frozen (this one too), is read through a read-only proxy,
-- several table lookups each time.
local type, ipairs, max, abs = type, ipairs, math.max, math.abs

---@type rules
local rules = {}

-- Thresholds are compared with this tolerance, so a deviation computed as
-- 10.000000000000002% still counts as "10%以内". Inputs have at most six
-- decimals, so nothing real is closer to a threshold than this.
local EPS = 1e-9
-- The same tolerance, for a script that writes a helper's test out in its own
-- loop (share_met.lua: rules.target_met, once per row).
rules.EPS = EPS

-- rules.points(1.9) --> "1.90": a score as the report prints it (half-up).
rules.points = engine.points

-- rules.num(38.5) --> "38.5"; rules.num(2/3) --> "0.67": a figure for a reason,
-- what this gives, done by the engine without the two pattern substitutions:
--   (string.format("%.2f", x):gsub("0+$", ""):gsub("%.$", ""))
rules.num = engine.num

-- rules.at_most(10.000000000000002, 10) --> true
local function at_most(x, limit) return x <= limit + EPS end
rules.at_most = at_most
-- rules.at_least(39.999999999999, 40) --> true
local function at_least(x, limit) return x >= limit - EPS end
rules.at_least = at_least

-- rules.number(ctx.facts, "annual_budget") --> 686.54; an error when the fact
-- is not a number.
local function number(facts, name)
  local v = facts[name]
  if type(v) ~= "number" then
    error(string.format("fact '%s' must be a number, but is %s", name, tostring(v)), 2)
  end
  return v
end
rules.number = number

-- rules.divisor(ctx.facts, "initial_budget"): as number(), and above zero,
-- because the rule divides by it.
function rules.divisor(facts, name)
  local v = number(facts, name)
  if v <= 0 then
    error(string.format("fact '%s' is %s: the rule divides by it, so it must be above 0", name, rules.num(v)), 2)
  end
  return v
end

-- rules.flag(ctx.facts, "feedback_on_time") --> true; an error for non-booleans.
function rules.flag(facts, name)
  local v = facts[name]
  if v ~= true and v ~= false then  -- type(v) ~= "boolean", without a call
    error(string.format("fact '%s' must be true or false, but is %s", name, tostring(v)), 2)
  end
  return v
end

-- 正向指标 (≥): rules.proportional(38, 40, 2) --> 1.9: full points at or
-- above the target, otherwise points × actual / target.
-- at_least and max(0, share) are written out: this runs for every row. As
-- max(0, share) does, a share that is not above 0 (NaN included) gives 0.
function rules.proportional(actual, target, points)
  if actual >= target - EPS then return points end
  local share = points * actual / target
  if share > 0 then return share end
  return 0
end

-- 反向指标 (≤, e.g. cost): rules.inverse_proportional(110, 100, 10) --> 9.09…:
-- full points at or below the target, otherwise points × target / actual.
-- Written out as proportional is.
function rules.inverse_proportional(actual, target, points)
  if actual <= target + EPS then return points end
  local share = points * target / actual
  if share > 0 then return share end
  return 0
end

-- 定性指标: rules.grade("部分达成", {["达成"] = 1, ["部分达成"] = 0.6, ["未达成"] = 0}, 10)
-- --> 6: the grade's share of the points; an error for a grade not listed.
function rules.grade(grade, shares, points)
  local share = shares[grade]
  if share == nil then
    local known = {}
    for name in pairs(shares) do known[#known + 1] = name end
    table.sort(known)
    error(string.format("grade '%s' is not one of %s", tostring(grade), table.concat(known, "、")), 2)
  end
  return points * share
end

-- 目标实现's test: rules.meets_target(22, 25, 30) --> false, "未达预期";
-- rules.meets_target(2800, 2000, 30) --> false, "超过预期40%". Met when the
-- actual reaches the target and exceeds it by less than max_over_pct
-- (「超过30%以上」不计：以上含本数, so exactly +30% is not met). A
-- non-number actual (e.g. "因政策调整未执行") is not met.
function rules.meets_target(actual, target, max_over_pct)
  if rules.target_met(actual, target, max_over_pct) then return true, "达到" end
  if type(actual) ~= "number" then return false, "未完成" end
  if not at_least(actual, target) then return false, "未达预期" end
  return false, "超过预期" .. rules.num((actual - target) * 100 / target) .. "%"
end

-- rules.target_met(2800, 2000, 30) --> false: meets_target's verdict alone,
-- without its note, for counting rows (the note formats a figure; write
-- it only for the reason). at_least is written out: this runs for every row.
function rules.target_met(actual, target, max_over_pct)
  if type(actual) ~= "number" or not (actual >= target - EPS) then return false end
  return max_over_pct == nil or not ((actual - target) * 100 / target >= max_over_pct - EPS)
end

-- rules.listed_under({达成 = {"完成", "已完成"}, 未达成 = {"否"}}, "已完成") --> "达成":
-- the first key, in pairs' order, whose list holds the value (compared with ==);
-- nil when none does. What this loop gives, errors included, done by the
-- engine without a Lua step per item:
--   for key, list in pairs(map) do
--     for _, item in ipairs(list) do if value == item then return key end end
--   end
rules.listed_under = engine.listed_under

-- rules.count(rows, function(row) return row.actual >= row.target end)
-- --> 3, 4: how many rows meet a test, and how many rows there are.
function rules.count(rows, test)
  local met = 0
  for _, row in ipairs(rows) do
    if test(row) then met = met + 1 end
  end
  return met, #rows
end

-- rules.band(15, {{up_to = 10, points = 6}, {up_to = 20, points = 3}})
-- --> {up_to = 20, points = 3}: the first band the value falls in; nil above
-- the last. A band ends at `up_to` inclusive (「以内」「不超过」) or just
-- below `below` (when the next band's wording, 「以上」, takes the limit).
function rules.band(value, bands)
  for _, band in ipairs(bands) do
    local up_to = band.up_to
    if up_to ~= nil and at_most(value, up_to) then return band end
    local below = band.below
    if below ~= nil and value < below - EPS then return band end
  end
  return nil
end

-- The upper limit of a band, for reasons: 20 for {below = 20} or {up_to = 20}.
function rules.band_limit(band) return band.up_to or band.below end

-- rules.deduct(8, 3, 0.5) --> 6.5: per-item deduction, down to zero.
function rules.deduct(points, count, per_item)
  return max(0, points - count * per_item)
end

-- rules.percent_deviation(110, 100) --> 10: |actual − base| / base × 100.
function rules.percent_deviation(actual, base)
  return abs(actual - base) * 100 / base
end

return rules
