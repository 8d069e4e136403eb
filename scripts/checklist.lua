-- 清单计分：每一项满足的，得该项分值。
-- 不满足时按 params.otherwise：
--   zero      「否则不得分」：该项得0分
--   judgement 「否则酌情扣分」：交由评价人员判定（须记录判定及依据）
-- @param items list required 各项：{fact: 事实名, points: 分值, label: 条件}
-- @param otherwise text required 不满足时：zero 该项得0分；judgement 交由评价人员判定
-- @max sum items[].points
local rules = require "lib.rules"
-- 每项都用的函数，载入时取成局部变量：rules 的字段每读一次都要经过只读代理。
local flag = rules.flag

-- 说明（只在显示时写）：逐项写明满足与否、计几分。
local function why(ctx)
  local notes = {}
  for _, item in ipairs(ctx.params.items) do
    if rules.flag(ctx.facts, item.fact) then
      notes[#notes + 1] = "满足「" .. item.label .. "」计" .. rules.num(item.points) .. "分"
    else
      notes[#notes + 1] = "未满足「" .. item.label .. "」，不得分"
    end
  end
  return table.concat(notes, "；")
end

---@type Scorer
return function(ctx)
  local p, facts = ctx.params, ctx.facts
  local otherwise = p.otherwise
  if otherwise ~= "zero" and otherwise ~= "judgement" then
    error("params.otherwise must be 'zero' or 'judgement', not " .. tostring(otherwise))
  end
  local score = 0
  local items = p.items  -- a list the loader checked: every item a table with its points
  for i = 1, #items do
    local item = items[i]
    if flag(facts, item.fact) then
      score = score + item.points
    elseif otherwise == "judgement" then
      return nil, "未满足「" .. item.label .. "」，规则为酌情扣分"
    end
  end
  return score, why, ctx
end
