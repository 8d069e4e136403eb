-- 项目绩效指标（财预〔2020〕10号）一行的得分。
-- 正向指标（≥、以上）：达到指标值的得满分，未达到的按 实际值÷指标值×分值。
-- 反向指标（≤、以下、以内）：达到的得满分，未达到的按 指标值÷实际值×分值。
-- 约数（左右）：实际值在指标值±approx_tolerance_pct%以内得满分；低于按比例，高于按 指标值÷实际值。
-- 等于（未写以上、以下）：等于得满分；低于按比例；高于按 equal_above（full 满分 / inverse 指标值÷实际值）。
-- 定性指标：按 grades 分档（达成、部分达成、未达成）；实际照录预期原文的视为 same_text_grade；
-- 实际栏只写一个评定用语（如「已完成」「基本完成」，见 grade_words）的，按该档计分。
-- 超额完成：over_cap_pct（默认100）以上不再加分；例如120即最多得分值的120%：正向指标按 实际÷指标，
-- 反向指标按 指标÷实际；未写运算符的数值按 bare_figure（at_least 即正向；exact 即等于型，不加分）。
-- 实际为「未执行」「未完成」等：0分。解析不了的，交人工判定（返回 nil）。
-- 指标值为负数（「≤-5%」）的：达到的得满分，未达到的交人工判定（比例颠倒了方向）。
-- 日期指标（计划「2023年12月」「年底前」）：实际日期不晚于计划的得满分；逾期按 date_late
-- （judgement 交人工判定，默认；zero 得0分）。
-- 单位：指标与实际都写了单位而不同的（一个不是另一个的开头），交人工判定；只一边写了单位的，视为同一单位。
-- @param approx_tolerance_pct number required 「左右」：实际值在指标值±此百分比以内视为达到
-- @param equal_above text required 等于型指标实际超过指标值：full 得满分；inverse 按 指标值÷实际值
-- @param over_cap_pct number default=100 超额完成最多得分值的此百分比（引擎也用它定每行的上限）
-- @param grades map required 定性指标各档的得分比例：{达成: 1, 部分达成: 0.5, 未达成: 0}
-- @param bare_figure text default=exact 未写运算符的指标值：exact 按等于型；at_least 按 ≥（由引擎读取）
-- @param date_late text default=judgement 日期指标逾期：judgement 交人工判定；zero 得0分
-- @param same_text_grade text required 实际照录预期原文的视为此档；留空则须人工判定
-- @param grade_words map default={} 实际栏只写这些用语之一的，按对应档计分：{达成: [完成, …], …}
-- @param bands map default={} 定性指标各档的分值区间（由引擎读取），如 {良: [60, 80]}
-- @max weight
local rules = require "lib.rules"

-- Looked up once, when the script is loaded: a run calls them without reading
-- rules, string or math (each such read goes through a read-only proxy).
local proportional, inverse_proportional = rules.proportional, rules.inverse_proportional
local at_least, at_most, percent_deviation = rules.at_least, rules.at_most, rules.percent_deviation
local grade_points, listed_under = rules.grade, rules.listed_under
local byte, min = string.byte, math.min

-- The reasons are written only when they are shown (scripts/README.md): each
-- scoring branch returns the function that writes its reason and the values
-- it needs; a reason that is one fixed text is returned as it is.

-- 说明（只在显示时写）：实际值与指标值，如「实际90%，指标≥95%」。
local function ratio_text(f)
  return string.format("实际%s%s，指标%s%s%s", rules.num(f.actual_value), f.actual_unit,
                       f.target_op_symbol, rules.num(f.target_value), f.target_unit)
end

-- 说明（只在显示时写）：计分方式（一段文字，或写它的函数及其数值），再写实际值与指标值。
local function ratio_why(f, how, ...)
  if type(how) == "function" then how = how(...) end
  return how .. "，" .. ratio_text(f)
end

-- 说明（只在显示时写）：约数，偏差在允许偏差以内。
local function approx_within(off, tolerance)
  return "约数，偏差" .. rules.num(off) .. "%，在±" .. rules.num(tolerance) .. "%以内"
end

-- 说明（只在显示时写）：约数，高于指标。
local function approx_above(off) return "约数，高于指标" .. rules.num(off) .. "%" end

-- 说明（只在显示时写）：实际栏只写一个评定用语的，所写用语及按哪一档计。
local function stated_why(text, grade) return "实际填「" .. text .. "」，按" .. grade .. "计" end

-- 说明（只在显示时写）：日期指标的结论 how，再写实际日期与计划日期。
local function date_why(how, f)
  return how .. "实际" .. f.actual_date .. "，指标" .. f.target_op_symbol .. f.target_date
end

-- 说明（只在显示时写）：几段文字连成一句。
local function joined(...) return table.concat({...}) end

-- The score of a row whose target and actual are both figures, and how it was
-- scored: a text, or a function that writes it and its values (see ratio_why).
local function quantitative(f, p, w)
  local target, actual = f.target_value, f.actual_value
  local op = f.target_op
  -- 指标值为负（「≤-5%」）：实际÷指标的比例颠倒了方向，不能用；达到的得满分，未达到的交人工判定。
  if target < 0 then
    local met = (op == "ge" and actual >= target) or (op == "gt" and actual > target) or
                (op == "le" and actual <= target) or (op == "lt" and actual < target) or actual == target
    if met then return w, "负数指标，达到" end
    return nil, "负数指标，未达到，不能按比例计分，须人工判定"
  end
  if op == "ge" or op == "gt" then
    local cap = p.over_cap_pct / 100
    if actual > target and cap > 1 then
      return w * min(actual / target, cap), "正向指标，超额完成"
    end
    return proportional(actual, target, w), "正向指标"
  elseif op == "le" or op == "lt" then
    local cap = p.over_cap_pct / 100
    if actual < target and cap > 1 then
      return w * (actual > 0 and min(target / actual, cap) or cap), "反向指标，超额完成"
    end
    return inverse_proportional(actual, target, w), "反向指标"
  elseif op == "approx" then
    local off = percent_deviation(actual, target)
    local tolerance = p.approx_tolerance_pct
    if at_most(off, tolerance) then
      return w, approx_within, off, tolerance
    end
    if actual < target then return proportional(actual, target, w), "约数，低于指标" end
    return inverse_proportional(actual, target, w), approx_above, off
  end
  if at_least(actual, target) and (p.equal_above == "full" or at_most(actual, target)) then
    return w, "等于型指标"
  end
  if actual < target then return proportional(actual, target, w), "等于型指标，低于指标" end
  return inverse_proportional(actual, target, w), "等于型指标，高于指标"
end

-- What a cell's end is stripped of before it is compared with grade_words: the
-- pattern's class matches each byte of 。．.；;，, and the spaces (%s) alone, so a
-- cell whose last byte is none of these bytes has nothing to strip.
local STRIPPED = "。．.；;，, \t\n\v\f\r"
local TRAILING = {}
for i = 1, #STRIPPED do TRAILING[STRIPPED:byte(i)] = true end

-- 「17个县市」 and 「17个县市考核」 read as 个县市 and 个: one unit cut short, not two units.
local function same_unit(a, b) return a == b or a:sub(1, #b) == b or b:sub(1, #a) == a end

---@type Scorer
return function(ctx)
  local f, p, w = ctx.facts, ctx.params, ctx.weight
  -- Facts read more than once are read into locals, once each.
  local actual_kind = f.actual_kind
  if actual_kind == "not-done" then return 0, joined, "未完成", f.actual_why end
  local grade = f.grade
  if grade ~= "" then return grade_points(grade, p.grades, w), joined, "定性评定为", grade end
  local actual_text = f.actual_text
  -- The grade the actual cell states in so many words ("已完成。"), or nil: the first
  -- grade, in pairs' order, whose grade_words list the cell's text (written out here,
  -- not called: this runs for every row).
  local bare = actual_text
  if TRAILING[byte(actual_text, -1)] then bare = actual_text:gsub("[。．.；;，,%s]+$", "") end
  local stated = listed_under(p.grade_words, bare)
  if stated then return grade_points(stated, p.grades, w), stated_why, actual_text, stated end
  local target_text = f.target_text
  if target_text == "" then return nil, "未填预期指标值" end
  local target_kind = f.target_kind
  if target_kind == "text" then
    local same_text_grade = p.same_text_grade
    if same_text_grade ~= "" and actual_text ~= "" and actual_text:find(target_text, 1, true) then
      return grade_points(same_text_grade, p.grades, w), joined, "实际照录预期原文，视为", same_text_grade
    end
    return nil, "定性指标，须评定达成程度"
  end
  if target_kind == "date" then
    if actual_kind ~= "date" then
      return nil, joined, "指标为日期（", f.target_op_symbol, f.target_date, "），实际值不是日期"
    end
    if f.date_met then return w, date_why, "日期指标，按期完成：", f end
    if p.date_late == "zero" then return 0, date_why, "日期指标，逾期：", f end
    return nil, date_why, "日期指标，逾期，须人工判定：", f
  end
  if target_kind ~= "number" then return nil, joined, "预期值无法解析（", f.target_why, "）" end
  if actual_kind ~= "number" then
    if actual_text == "" then return nil, "未填实际完成值" end
    if actual_kind == "text" then return nil, "实际完成值是文字，未写数值，须人工判定" end
    if actual_kind == "date" then return nil, joined, "指标为数值，实际是日期（", f.actual_date, "）" end
    return nil, joined, "实际值无法解析（", f.actual_why, "）"
  end
  local actual_unit, target_unit = f.actual_unit, f.target_unit
  if actual_unit ~= target_unit and actual_unit ~= "" and target_unit ~= "" and not same_unit(target_unit, actual_unit) then
    return nil, joined, "单位不一致：指标", target_unit, "，实际", actual_unit
  end
  local score, how, a, b = quantitative(f, p, w)
  return score, ratio_why, f, how, a, b
end
