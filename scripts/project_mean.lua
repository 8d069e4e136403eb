-- 专项预算管理：部门按照专项项目自评工作要求对本部门管理的专项进行自评并打分。
-- 本项得分 = 各项目自评总分的平均得分率 × 指标分值（得分率 = 项目总分 ÷ 项目自评满分，满分通常为100）；
-- mean 为 budget_weighted 时按各项目预算数加权平均：Σ(得分率 × 预算数) ÷ Σ预算数 × 指标分值。
-- 得分只由引擎按指标体系的 score_places 取舍一次，本脚本不取舍。
-- @param table table required 项目总分行表的名称（每行 project、name、total、max，加权时还须 budget）
-- @param mean text required 平均方式：plain 算术平均；budget_weighted 按预算数加权平均
-- @max weight
-- 每行一个项目：project 编号，name 名称，total 自评总分，max 项目自评满分，budget 预算数，budget_unit 单位，
-- basis 总分来源（recomputed 重算 / printed 表中所印），readings 评价组对待定行的读法（有则列入理由）。
-- 总分未定的项目由引擎挡在脚本之外（该项不计分、列明缺什么）。
-- 没有项目、或加权时有项目未记录预算数：不猜，交人工判定。
local rules = require "lib.rules"

local function label(row)
  return tostring(row.name) .. "（" .. tostring(row.project) .. "）"
end

local function check(row)
  if type(row.total) ~= "number" then
    error("project '" .. tostring(row.project) .. "' has no total: a mean of project scores needs every project's total")
  end
  if type(row.max) ~= "number" or row.max <= 0 then
    error("project '" .. tostring(row.project) .. "': max must be a number above 0")
  end
  if row.total < 0 or row.total > row.max + 1e-9 then
    error("project '" .. tostring(row.project) .. "': total " .. rules.num(row.total) .. " is outside 0.." .. rules.num(row.max))
  end
end

-- 一个项目的说明：名称、总分、满分，加权时的预算数，及评价组对待定行的读法。
local function note(row, weighted)
  local text = label(row) .. rules.points(row.total) .. "分（满分" .. rules.num(row.max) .. "）"
  if weighted then text = text .. "，预算" .. rules.num(row.budget) .. tostring(row.budget_unit or "") end
  if type(row.readings) == "string" and row.readings ~= "" then
    text = text .. "，待定行按评价组读法：" .. row.readings
  end
  return text
end

-- 说明（只在显示时写）：几个项目、怎样平均、得分率，逐个项目写明。
local function why(rows, weighted, rate, weight)
  local notes = {}
  for i = 1, #rows do notes[i] = note(rows[i], weighted) end
  return string.format("%d个项目自评总分%s得分率%s%%×%s分：%s", #rows, weighted and "按预算数加权平均" or "平均",
                       rules.num(rate * 100), rules.num(weight), table.concat(notes, "；"))
end

---@type Scorer
return function(ctx)
  local p = ctx.params
  if p.mean ~= "plain" and p.mean ~= "budget_weighted" then
    error("mean must be 'plain' or 'budget_weighted', not '" .. tostring(p.mean) .. "'")
  end
  local rows = ctx.rows[p.table]
  if #rows == 0 then return nil, "未记录任何项目的自评总分，无从平均" end
  local weighted = p.mean == "budget_weighted"
  local sum, budgets, no_budget = 0, 0, nil  -- no_budget: 加权时未记录预算数的项目，有才列出
  for i = 1, #rows do
    local row = rows[i]
    check(row)
    local share = row.total / row.max
    if not weighted then
      sum = sum + share
    elseif type(row.budget) ~= "number" then
      no_budget = no_budget or {}
      no_budget[#no_budget + 1] = label(row)
    elseif row.budget < 0 then
      error("project '" .. tostring(row.project) .. "': budget " .. rules.num(row.budget) .. " is below 0")
    else
      sum = sum + share * row.budget
      budgets = budgets + row.budget
    end
  end
  if no_budget then
    return nil, "按预算加权，但未记录预算数：" .. table.concat(no_budget, "、")
  end
  local rate
  if weighted then
    if budgets <= 0 then error("the projects' budgets add up to 0: a budget-weighted mean needs budgets above 0") end
    rate = sum / budgets  -- 按预算数加权平均：Σ(得分率 × 预算数) ÷ Σ预算数
  else
    rate = sum / #rows  -- 算术平均：Σ得分率 ÷ 项目数
  end
  return rate * ctx.weight, why, rows, weighted, rate, ctx.weight  -- 平均得分率 × 指标分值（引擎取舍一次）
end
