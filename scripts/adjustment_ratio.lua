-- 编制准确：指标得分=（1-（10×部门全年预算调剂金额/年初部门预算数））*指标分值。
-- 其中：若部门全年预算调剂金额/年初部门预算数>0.1，此项得0分。
-- @param amount fact required 全年预算调剂金额的事实名
-- @param base fact required 年初部门预算数的事实名
-- @param factor number required 比例乘数（规则中的10）
-- @param zero_above number required 比例超过此值（0.1即10%）得0分
-- @max weight
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules、math 的字段每读一次都要经过只读代理。
local number, divisor, max = rules.number, rules.divisor, math.max

-- 说明（只在显示时写）：调剂金额÷年初预算=比例；超过上限的，注明上限。
local function why(amount, base, ratio, zero_above)
  local text = string.format("调剂金额%s÷年初预算%s=%s%%", rules.num(amount), rules.num(base),
                             rules.num(ratio * 100))
  if zero_above then return text .. "，超过" .. rules.num(zero_above * 100) .. "%" end
  return text
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local amount = number(facts, p.amount)
  local base = divisor(facts, p.base)
  local ratio = amount / base
  if ratio > p.zero_above + 1e-9 then return 0, why, amount, base, ratio, p.zero_above end
  return max(0, (1 - p.factor * ratio) * ctx.weight), why, amount, base, ratio
end
