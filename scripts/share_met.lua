-- 目标实现：单个数量指标实际完成未达到预期指标或超过预期指标30%以上的，均不计分。
-- 该项指标得分=达到预期值的数量指标个数/全部数量指标个数 × 指标分值
-- 「以上」含本数（《民法典》第一千二百五十九条），故恰好超过30%的也不计分。
-- @param table table required 数量指标行表的名称（每行 name、target、actual）
-- @param max_over_pct number required 超过预期值此百分比以上的也不计分
-- @max weight
-- 每行: name 指标, target 预期值, actual 实际值（数字；"未完成"即未达到）。
-- 预期值或实际值不是数字的行（原文无法读取、未填）不猜：整项交人工判定，列出这些行。
local rules = require "lib.rules"

---@type Scorer
return function(ctx)
  local rows = ctx.rows[ctx.params.table]
  if #rows == 0 then return nil, "未记录数量指标，无法按个数计算" end
  local notes, unread = {}, {}
  local met = rules.count(rows, function(row)
    if row.actual == "未完成" then
      notes[#notes + 1] = tostring(row.name) .. "：未完成"
      return false
    end
    if type(row.target) ~= "number" or type(row.actual) ~= "number" then
      unread[#unread + 1] = tostring(row.name) .. "（预期" .. tostring(row.target) .. "，实际" .. tostring(row.actual) .. "）"
      return false
    end
    if row.target <= 0 then error("row '" .. tostring(row.name) .. "': target must be a number above 0") end
    local ok, why = rules.meets_target(row.actual, row.target, ctx.params.max_over_pct)
    notes[#notes + 1] = tostring(row.name) .. "：" .. why
    return ok
  end)
  if #unread > 0 then return nil, "无法读取的行：" .. table.concat(unread, "；") end
  return ctx.weight * met / #rows,
         string.format("%d个数量指标中%d个达到预期（%s）", #rows, met, table.concat(notes, "；"))
end
