-- 执行进度：部门预算执行进度在6、9、11月应达到序时进度的80%、90%、90%，即实际支出进度分别达到40%、67.5%、82.5%。
-- 6、9、11月部门预算执行进度达到量化指标的各得2分，未达到目标进度的按其实际进度占目标进度的比重计算得分。
-- @param checkpoints list required 各时点：{fact: 执行率事实名(%), label: 6月, target: 40, points: 2}
-- @max sum checkpoints[].points
local rules = require "lib.rules"
-- 每个时点都用的函数，载入时取成局部变量：rules 的字段每读一次都要经过只读代理。
local number, proportional = rules.number, rules.proportional

-- 说明（只在显示时写）：各时点的执行进度、是否达到、得分。
local function why(ctx)
  local notes = {}
  for _, cp in ipairs(ctx.params.checkpoints) do
    local rate = rules.number(ctx.facts, cp.fact)
    local verdict = rules.at_least(rate, cp.target) and "达到" or "未达"
    notes[#notes + 1] = string.format("%s执行进度%s%%，%s%s%%，得%s分", cp.label, rules.num(rate), verdict,
                                      rules.num(cp.target), rules.points(rules.proportional(rate, cp.target, cp.points)))
  end
  return table.concat(notes, "；")
end

---@type Scorer
return function(ctx)
  local facts = ctx.facts
  local checkpoints = ctx.params.checkpoints  -- a list the loader checked: every item a table with its points
  local score = 0
  for i = 1, #checkpoints do
    local cp = checkpoints[i]
    score = score + proportional(number(facts, cp.fact), cp.target, cp.points)
  end
  return score, why, ctx
end
