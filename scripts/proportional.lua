-- 预算完成：部门预算项目12月预算执行进度达到100%的，得8分，未达100%的，按照实际进度量化计算得分。
-- 执行进度 = actual ÷ base × 100%；达到 target_pct 得满分，否则 分值 × 进度 ÷ target_pct。
-- @param actual fact required 实际数的事实名
-- @param base fact required 基数的事实名
-- @param target_pct number required 达到此进度（%）得满分
-- @max weight
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules 的字段每读一次都要经过只读代理。
local number, divisor, proportional = rules.number, rules.divisor, rules.proportional

-- 说明（只在显示时写）：执行数÷预算数=执行率，及目标。
local function why(actual, base, rate, target_pct)
  return string.format("执行%s÷预算%s=%s%%，目标%s%%", rules.num(actual), rules.num(base), rules.num(rate),
                       rules.num(target_pct))
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local actual = number(facts, p.actual)
  local base = divisor(facts, p.base)
  local rate = actual * 100 / base
  return proportional(rate, p.target_pct, ctx.weight), why, actual, base, rate, p.target_pct
end
