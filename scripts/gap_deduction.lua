-- 自评准确：部门整体支出自评得分与评价组抽查得分差异在5%以内的，不扣分；在5%-10%之间的，扣4分，
-- 在10%-20%的，扣8分，在20%以上的，扣10分。
-- 差异 = |自评得分 − 抽查得分| ÷ 抽查得分 × 100%。「以内」「以上」含本数：恰好5%不扣分，
-- 恰好20%属「20%以上」扣10分；恰好10%两档都写到，取较低的一档（扣4分）。
-- @param bands list required 差异分档：[{up_to: 5, deduct: 0}, {up_to: 10, …}, {below: 20, …}]
-- @param otherwise number required 超过最后一档的扣分
-- @max weight
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules、math 的字段每读一次都要经过只读代理。
local number, divisor, band_of, max = rules.number, rules.divisor, rules.band, math.max

-- 差异的写法：两位小数，除非两位小数会把它写成它并不等于的整十分位（10.004 写成
-- 10、7.503 写成 7.5：分档的边界在那里），那时多写几位直到看得出来（10.004）。
local function gap_figure(gap)
  local two = tonumber(string.format("%.2f", gap))
  local on_tenth = math.abs(two * 10 - math.floor(two * 10 + 0.5)) < 1e-9
  if not on_tenth or math.abs(two - gap) < 1e-9 then return rules.num(gap) end
  for places = 3, 6 do
    local s = string.format("%." .. places .. "f", gap)
    if math.abs(tonumber(s) - two) > 1e-9 then return (s:gsub("0+$", "")) end
  end
  return rules.num(gap)
end

-- 说明（只在显示时写）：自评、抽查、差异，及扣分。
local function why(self_score, review, gap, deduct)
  return string.format("自评%s、抽查%s，差异%s%%，扣%s分", rules.num(self_score), rules.num(review),
                       gap_figure(gap), rules.num(deduct))
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local self_score = number(facts, "self_score")
  local review = divisor(facts, "review_score")
  local gap = rules.percent_deviation(self_score, review)
  local band = band_of(gap, p.bands)
  local deduct = band and band.deduct or p.otherwise
  return max(0, ctx.weight - deduct), why, self_score, review, gap, deduct
end
