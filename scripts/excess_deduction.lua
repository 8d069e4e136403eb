-- 超标扣分：比率不超过标准的得满分；每超过一个百分点扣 per_point 分，扣完为止。
-- 例（部门整体支出绩效评价共性指标，财预〔2013〕53号框架，各地沿用）：
-- 「在职人员控制率=（在职人员数/编制数）×100%。以100%为标准。在职人员控制率≤100%，计1分；
--   每超过一个百分点扣0.1分，扣完为止。」（rate: ratio, limit: 100, per_point: 0.1）
-- 「“三公经费”变动率=[(本年度“三公经费”总额-上年度“三公经费”总额)/上年度“三公经费”总额]×100%。
--   “三公经费”变动率≤0，计3分；每超过一个百分点扣0.3分，扣完为止。」（rate: change, limit: 0, per_point: 0.3）
-- 「每超过一个百分点」有两种读法，由 count 给出：exact 按超过的百分点数（含小数）扣；
-- whole 只按超过的整百分点数扣（每满一个百分点扣一次）。
-- @param rate text required 比率的算法：ratio 即 amount÷base×100%；change 即 (amount−base)÷base×100%
-- @param amount fact required 分子（ratio）或本年数（change）的事实名
-- @param base fact required 分母（ratio）或上年数（change）的事实名
-- @param what text required 比率的称呼，如「在职人员控制率」
-- @param limit number required 标准（%）：不超过此值的得满分
-- @param per_point number required 每超过一个百分点扣的分
-- @param count text required exact 按超过的百分点数（含小数）扣；whole 每满一个百分点扣一次
-- @max weight
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules、math 的字段每读一次都要经过只读代理。
local number, divisor, at_most, deduct, floor = rules.number, rules.divisor, rules.at_most, rules.deduct, math.floor

-- 说明（只在显示时写）：比率，及是否超过标准、超过几个百分点（whole 时满几个）、扣几分。
local function why(p, pct, over, counted, deducted)
  local text = string.format("%s%s%%，标准%s%%", p.what, rules.num(pct), rules.num(p.limit))
  if over == nil then return text .. "以内" end
  text = text .. "，超过" .. rules.num(over) .. "个百分点"
  if p.count == "whole" then text = text .. "（满" .. rules.num(counted) .. "个）" end
  return string.format("%s，每个扣%s分，扣%s分", text, rules.num(p.per_point), rules.num(deducted))
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local rate, count = p.rate, p.count
  if rate ~= "ratio" and rate ~= "change" then
    error("params.rate must be 'ratio' or 'change', not " .. tostring(rate))
  end
  if count ~= "exact" and count ~= "whole" then
    error("params.count must be 'exact' or 'whole', not " .. tostring(count))
  end
  local amount = number(facts, p.amount)
  local base = divisor(facts, p.base)
  local pct = (rate == "ratio" and amount or amount - base) * 100 / base
  local limit = p.limit
  if at_most(pct, limit) then return ctx.weight, why, p, pct end
  local w, over = ctx.weight, pct - limit
  local counted = count == "whole" and floor(over + 1e-9) or over
  local score = deduct(w, counted, p.per_point)
  return score, why, p, pct, over, counted, w - score
end
