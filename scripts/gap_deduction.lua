-- 自评准确：部门整体支出自评得分与评价组抽查得分差异在5%以内的，不扣分；在5%-10%之间的，扣4分，
-- 在10%-20%的，扣8分，在20%以上的，扣10分。
-- 差异 = |自评得分 − 抽查得分| ÷ 抽查得分 × 100%。「以内」「以上」含本数：恰好5%不扣分，
-- 恰好20%属「20%以上」扣10分；恰好10%两档都写到，取较低的一档（扣4分）。
-- @param bands list required 差异分档：[{up_to: 5, deduct: 0}, {up_to: 10, …}, {below: 20, …}]
-- @param otherwise number required 超过最后一档的扣分
-- @max weight
local rules = require "lib.rules"

-- 说明（只在显示时写）：自评、抽查、差异，及扣分。
local function why(self_score, review, gap, deduct)
  return string.format("自评%s、抽查%s，差异%s%%，扣%s分", rules.num(self_score), rules.num(review),
                       rules.num(gap), rules.num(deduct))
end

---@type Scorer
return function(ctx)
  local p = ctx.params
  local self_score = rules.number(ctx.facts, "self_score")
  local review = rules.divisor(ctx.facts, "review_score")
  local gap = rules.percent_deviation(self_score, review)
  local band = rules.band(gap, p.bands)
  local deduct = band and band.deduct or p.otherwise
  return math.max(0, ctx.weight - deduct), why, self_score, review, gap, deduct
end
