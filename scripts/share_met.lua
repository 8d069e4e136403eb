-- 目标实现：单个数量指标实际完成未达到预期指标或超过预期指标30%以上的，均不计分。
-- 该项指标得分=达到预期值的数量指标个数/全部数量指标个数 × 指标分值
-- 「以上」含本数（《民法典》第一千二百五十九条），故恰好超过30%的也不计分。
-- @param table table required 数量指标行表的名称（每行 name、target、actual）
-- @param max_over_pct number required 超过预期值此百分比以上的也不计分
-- @max weight
-- 每行: name 指标, target 预期值, actual 实际值（数字；"未完成"即未达到）。
-- 预期值或实际值不是数字的行（原文无法读取、未填）不猜：整项交人工判定，列出这些行。
local rules = require "lib.rules"
local target_met, type = rules.target_met, type  -- 每行都用：取成局部变量，读得快
local EPS = rules.EPS  -- 与 rules.target_met 比较时的容差相同

-- 一行是否达到预期（true/false），with_note 时另附说明；预期值或实际值不是数字的行（无法读取）返回 nil。
local function judge(row, max_over_pct, with_note)
  local target, actual = row.target, row.actual
  if actual == "未完成" then return false, "未完成" end
  if type(target) ~= "number" or type(actual) ~= "number" then return nil end
  if target <= 0 then error("row '" .. tostring(row.name) .. "': target must be a number above 0") end
  if with_note then return rules.meets_target(actual, target, max_over_pct) end
  return target_met(actual, target, max_over_pct)
end

-- 说明（只在显示时写）：几个指标中几个达到，逐行写明。
local function why(rows, met, max_over_pct)
  local notes = {}
  for _, row in ipairs(rows) do
    local _, note = judge(row, max_over_pct, true)
    notes[#notes + 1] = tostring(row.name) .. "：" .. note
  end
  return string.format("%d个数量指标中%d个达到预期（%s）", #rows, met, table.concat(notes, "；"))
end

---@type Scorer
return function(ctx)
  local p = ctx.params
  local rows, max_over_pct = ctx.rows[p.table], p.max_over_pct
  if #rows == 0 then return nil, "未记录数量指标，无法按个数计算" end
  local met, unread = 0, nil  -- unread: 无法读取的行，有才列出
  for i = 1, #rows do
    local row = rows[i]
    local target, actual = row.target, row.actual
    -- 预期值、实际值都是大于0的数字的行（几乎每行）：就地判断，与 judge 相同。
    -- 即 rules.target_met(actual, target, max_over_pct)，逐字写出：每行一次函数调用的开销与判断本身相当。
    if type(target) == "number" and type(actual) == "number" and target > 0 then
      if actual >= target - EPS and (max_over_pct == nil or not ((actual - target) * 100 / target >= max_over_pct - EPS)) then
        met = met + 1
      end
    else
      local ok = judge(row, max_over_pct)
      if ok == nil then
        unread = unread or {}
        unread[#unread + 1] = tostring(row.name) .. "（预期" .. tostring(row.target) .. "，实际" .. tostring(row.actual) .. "）"
      elseif ok then
        met = met + 1
      end
    end
  end
  if unread then return nil, "无法读取的行：" .. table.concat(unread, "；") end
  return ctx.weight * met / #rows, why, rows, met, max_over_pct
end
