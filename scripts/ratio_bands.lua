-- 比例分档：比例 = amount ÷ base × 100%，落在哪一档得该档分值，超过最后一档得 otherwise 分。
-- 例：「预算调剂金额占年初预算5%以内的，得8分；5%-10%的，得4分；超过10%的，不得分。」
-- @param amount fact required 分子的事实名
-- @param base fact required 分母的事实名
-- @param what text required 比例的称呼，如「调剂金额占年初预算」
-- @param bands list required 比例分档：[{up_to: 5, points: 8}, …]，含本数
-- @param otherwise number required 超过最后一档的得分
-- @max max bands[].points
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules 的字段每读一次都要经过只读代理。
local number, divisor, band_of = rules.number, rules.divisor, rules.band

-- 说明（只在显示时写）：金额÷基数=比例，及所在分档（或超过最后一档）。
local function why(p, amount, base, pct, band)
  local text = string.format("%s%s÷%s=%s%%", p.what, rules.num(amount), rules.num(base), rules.num(pct))
  if band == nil then return text .. "，超过" .. rules.num(rules.band_limit(p.bands[#p.bands])) .. "%" end
  return text .. "，在" .. rules.num(rules.band_limit(band)) .. "%以内"
end

---@type Scorer
return function(ctx)
  local p = ctx.params
  local amount = number(ctx.facts, p.amount)
  local base = divisor(ctx.facts, p.base)
  local pct = amount * 100 / base
  local band = band_of(pct, p.bands)
  if band == nil then return p.otherwise, why, p, amount, base, pct end
  return band.points, why, p, amount, base, pct, band
end
