-- 支出控制：计算“办公费、印刷费、水费、电费、物业管理费”等科目年初预算数与决算数偏差程度。
-- 预决算偏差程度在10%以内的，得6分。偏差度在10%-20%之间的，得3分，偏差度超过20%的，不得分。
-- 「以内」含本数：恰好10%得6分，恰好20%得3分。
-- @param budget fact required 年初预算数的事实名
-- @param final fact required 决算数的事实名
-- @param bands list required 偏差分档：[{up_to: 10, points: 6}, …]，含本数
-- @param otherwise number required 超过最后一档的得分
-- @max max bands[].points
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules 的字段每读一次都要经过只读代理。
local number, divisor, percent_deviation, band_of = rules.number, rules.divisor, rules.percent_deviation, rules.band

-- 说明（只在显示时写）：预算、决算、偏差，及所在分档（或超过最后一档）。
local function why(budget, final, deviation, bands, band)
  local text = string.format("年初预算%s、决算%s，偏差%s%%", rules.num(budget), rules.num(final),
                             rules.num(deviation))
  if band == nil then return text .. "，超过" .. rules.num(rules.band_limit(bands[#bands])) .. "%" end
  return text .. "，在" .. rules.num(rules.band_limit(band)) .. "%以内"
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local budget = divisor(facts, p.budget)
  local final = number(facts, p.final)
  local deviation = percent_deviation(final, budget)
  local band = band_of(deviation, p.bands)
  if band == nil then return p.otherwise, why, budget, final, deviation, p.bands end
  return band.points, why, budget, final, deviation, p.bands, band
end
