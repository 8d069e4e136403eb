-- 预算执行率：预算执行率=执行数÷全年预算数×100%；得分=预算执行率×分值，最高不超过分值。
-- params: rate_places（执行率先保留的小数位数，-1 为不取舍）, cap_pct（执行率上限，100）
local rules = require "lib.rules"

---@type Scorer
return function(ctx)
  local p = ctx.params
  local planned = rules.divisor(ctx.facts, "planned")
  local executed = rules.number(ctx.facts, "executed")
  local rate = executed * 100 / planned
  if p.rate_places >= 0 then
    local scale = 10 ^ p.rate_places
    rate = math.floor(rate * scale + 0.5 + 1e-9) / scale
  end
  local counted = math.min(rate, p.cap_pct)
  return ctx.weight * counted / 100,
         string.format("执行%s÷预算%s=%s%%", rules.num(executed), rules.num(planned), rules.num(rate))
end
