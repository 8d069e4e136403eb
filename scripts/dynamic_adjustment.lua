-- 动态调整：
-- 1.当部门绩效监控调整取消额和结余注销额均不为零时，指标得分=调整取消额÷(调整取消额+预算结余注销额）*8
-- 2.当部门绩效监控调整取消额为零，结余注销额不为零时，指标得分=（1-10*结余注销额/年度预算总额）*8，
--   结余注销额超过部门年度预算总额10%的，指标不得分。
-- 3.当部门绩效监控调整取消额与结余注销额均为零时，得满分。
-- 规则未列「调整取消额不为零、结余注销额为零」：公式1此时等于满分，按满分计。
-- @param factor number required 结余注销比例的乘数（规则中的10）
-- @param zero_above number required 结余注销额占年度预算超过此值（0.1即10%）得0分
-- @max weight
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules、math 的字段每读一次都要经过只读代理。
local number, divisor, max = rules.number, rules.divisor, math.max

-- 说明（只在显示时写）：两项金额、按哪一条计分；按第2条的，注销额占年度预算的比例。
local function why(cancelled, written_off, ratio, zero_above)
  local amounts = string.format("调整取消额%s、结余注销额%s", rules.num(cancelled), rules.num(written_off))
  if cancelled == 0 and written_off == 0 then return amounts .. "，均为零" end
  if cancelled ~= 0 then return amounts .. "，按调整取消额÷(调整取消额+结余注销额)计" end
  local text = amounts .. string.format("，注销额占年度预算%s%%", rules.num(ratio * 100))
  if zero_above then return text .. "，超过" .. rules.num(zero_above * 100) .. "%" end
  return text
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local cancelled = number(facts, "monitoring_cancelled")
  local written_off = number(facts, "balance_written_off")
  if cancelled == 0 and written_off == 0 then return ctx.weight, why, cancelled, written_off end
  if cancelled ~= 0 then
    return ctx.weight * cancelled / (cancelled + written_off), why, cancelled, written_off
  end
  local budget = divisor(facts, "annual_budget")
  local ratio = written_off / budget
  if ratio > p.zero_above + 1e-9 then return 0, why, cancelled, written_off, ratio, p.zero_above end
  return max(0, (1 - p.factor * ratio) * ctx.weight), why, cancelled, written_off, ratio
end
