-- 违规记录：出现部门预算管理方面违纪违规问题的，每个问题扣0.5分，直至扣完。
-- @param count fact required 问题个数的事实名
-- @param per_item number required 每个问题扣的分
-- @param item text required 问题的称呼，如「违纪违规问题」
-- @max weight
local rules = require "lib.rules"

-- 说明（只在显示时写）：发现几个、每个扣几分。
local function why(item, count, per_item)
  if count == 0 then return "未发现" .. item end
  return string.format("%s%d个，每个扣%s分", item, math.tointeger(count), rules.num(per_item))
end

---@type Scorer
return function(ctx)
  local p = ctx.params
  local count = rules.number(ctx.facts, p.count)
  if count < 0 or count ~= math.floor(count) then
    error(string.format("fact '%s' must be a whole count, not %s", p.count, rules.num(count)))
  end
  if count == 0 then return ctx.weight, why, p.item, count end
  return rules.deduct(ctx.weight, count, p.per_item), why, p.item, count, p.per_item
end
