-- 违规记录：出现部门预算管理方面违纪违规问题的，每个问题扣0.5分，直至扣完。
-- @param count fact required 问题个数的事实名
-- @param per_item number required 每个问题扣的分
-- @param item text required 问题的称呼，如「违纪违规问题」
-- @max weight
local rules = require "lib.rules"
-- 每次运行都用的函数，载入时取成局部变量：rules、math 的字段每读一次都要经过只读代理。
local number, deduct, floor = rules.number, rules.deduct, math.floor

-- 说明（只在显示时写）：发现几个、每个扣几分。
local function why(item, count, per_item)
  if count == 0 then return "未发现" .. item end
  return string.format("%s%d个，每个扣%s分", item, math.tointeger(count), rules.num(per_item))
end

---@type Scorer
return function(ctx)
  local p = ctx.params
  local count = number(ctx.facts, p.count)
  if count < 0 or count ~= floor(count) then
    error(string.format("fact '%s' must be a whole count, not %s", p.count, rules.num(count)))
  end
  if count == 0 then return ctx.weight, why, p.item, count end
  return deduct(ctx.weight, count, p.per_item), why, p.item, count, p.per_item
end
