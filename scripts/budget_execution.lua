-- 预算执行率：预算执行率=执行数÷全年预算数×100%；得分=预算执行率×分值，最高不超过分值。
-- @param rate_places number required 执行率（百分数）先保留的小数位数；-1 为不先取舍
-- @param cap_pct number required 执行率上限（%），超过的按此计
-- @param rate_mode text default=half-up 执行率取舍方式：half-up、half-even、truncate、floor、ceiling（由项目指标体系的 rounding.mode 给出）
-- @max weight
local rules = require "lib.rules"

-- Looked up once, when the script is loaded: a run calls them without reading
-- rules or math (each such read goes through a read-only proxy).
local divisor, number = rules.divisor, rules.number
local floor, ceil, abs, min = math.floor, math.ceil, math.abs, math.min

-- `x` rounded to `places` decimals in `mode`; the 1e-9 absorbs binary noise (96.85 is 96.8499999…).
local function round_to(x, places, mode)
  local scale = 10 ^ places
  local v = x * scale
  if mode == "truncate" then
    v = v >= 0 and floor(v + 1e-9) or ceil(v - 1e-9)
  elseif mode == "floor" then
    v = floor(v + 1e-9)
  elseif mode == "ceiling" then
    v = ceil(v - 1e-9)
  elseif mode == "half-even" then
    local f = floor(v)
    local d = v - f
    if abs(d - 0.5) < 1e-9 then
      v = (f % 2 == 0) and f or f + 1
    else
      v = floor(v + 0.5 + 1e-9)
    end
  else
    v = floor(v + 0.5 + 1e-9)
  end
  return v / scale
end

-- 说明（只在显示时写）：执行数÷预算数=执行率。
local function why(executed, planned, rate)
  return string.format("执行%s÷预算%s=%s%%", rules.num(executed), rules.num(planned), rules.num(rate))
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local planned = divisor(facts, "planned")
  local executed = number(facts, "executed")
  local rate = executed * 100 / planned
  local places = p.rate_places
  if places >= 0 then rate = round_to(rate, places, p.rate_mode) end
  local counted = min(rate, p.cap_pct)
  return ctx.weight * counted / 100, why, executed, planned, rate
end
