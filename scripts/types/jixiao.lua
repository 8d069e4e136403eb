---@meta
-- Editor definitions of the scripting API (for lua-language-server): the
-- context a scoring script receives and the helpers of lib/rules.lua.
-- Not loaded by jixiao. scripts/.luarc.json points editors here.

---@class Context
---@field weight number      the leaf's 分值
---@field params table       the leaf's params from the indicator set
---@field facts Facts        recorded facts of the department-year (read-only)
---@field rows table<string, Row[]>  recorded row tables (read-only)
---@field leaf {id: string, name: string}

---@class Facts
---Only the facts the leaf declares under `facts:` can be read; another name
---is an error that suggests the nearest declared one.
---@field [string] number|boolean|string

---@class Row
---@field [string] number|boolean|string

---A scoring script returns a function of this type: the score (0..weight,
---or nil when the rule leaves the case to judgement) and a one-line reason
---in Chinese without the final score; or, instead of the reason, a function
---that writes it and the values to call it with (called only when shown).
---@alias Reason string|fun(...): string
---@alias Scorer fun(ctx: Context): number|nil, Reason, ...any

---@class Band
---@field up_to? number  inclusive upper limit (以内)
---@field below? number  exclusive upper limit (the next band says 「…以上」)
---@field points? number
---@field deduct? number

---@class rules
---@field EPS number  the tolerance of the threshold tests (1e-9)
local rules = {}

---A score as the report prints it, rounded half-up: rules.points(1.9) --> "1.90"
---@param x number
---@return string
function rules.points(x) end

---A figure for a reason: rules.num(38.5) --> "38.5"
---@param x number
---@return string
function rules.num(x) end

---x ≤ limit, tolerating binary noise: rules.at_most(10.000000000000002, 10) --> true
---@param x number
---@param limit number
---@return boolean
function rules.at_most(x, limit) end

---x ≥ limit, tolerating binary noise: rules.at_least(39.999999999999, 40) --> true
---@param x number
---@param limit number
---@return boolean
function rules.at_least(x, limit) end

---A numeric fact; an error when it is not a number: rules.number(ctx.facts, "annual_budget") --> 686.54
---@param facts Facts
---@param name string
---@return number
function rules.number(facts, name) end

---A numeric fact the rule divides by: an error unless above 0.
---@param facts Facts
---@param name string
---@return number
function rules.divisor(facts, name) end

---A true/false fact; an error otherwise.
---@param facts Facts
---@param name string
---@return boolean
function rules.flag(facts, name) end

---正向指标: full points at or above the target, else points × actual / target.
---rules.proportional(38, 40, 2) --> 1.9
---@param actual number
---@param target number
---@param points number
---@return number
function rules.proportional(actual, target, points) end

---反向指标: full points at or below the target, else points × target / actual.
---rules.inverse_proportional(110, 100, 10) --> 9.09…
---@param actual number
---@param target number
---@param points number
---@return number
function rules.inverse_proportional(actual, target, points) end

---定性指标: the grade's share of the points.
---rules.grade("部分达成", {["达成"] = 1, ["部分达成"] = 0.6, ["未达成"] = 0}, 10) --> 6
---@param grade string
---@param shares table<string, number>
---@param points number
---@return number
function rules.grade(grade, shares, points) end

---目标实现's test: met when actual ≥ target and less than max_over_pct above it.
---rules.meets_target(22, 25, 30) --> false, "未达预期"
---@param actual number|string|nil
---@param target number
---@param max_over_pct number|nil
---@return boolean met
---@return string why
function rules.meets_target(actual, target, max_over_pct) end

---meets_target's verdict alone, without its note: for counting rows.
---rules.target_met(2800, 2000, 30) --> false
---@param actual number|string|nil
---@param target number
---@param max_over_pct number|nil
---@return boolean met
function rules.target_met(actual, target, max_over_pct) end

---How many rows pass a test, and how many rows there are.
---@param rows Row[]
---@param test fun(row: Row): boolean
---@return integer met
---@return integer total
function rules.count(rows, test) end

---The first band whose up_to the value does not exceed; nil above the last.
---rules.band(15, {{up_to = 10, points = 6}, {up_to = 20, points = 3}}) --> {up_to = 20, points = 3}
---@param value number
---@param bands Band[]
---@return Band|nil
function rules.band(value, bands) end

---The first key, in pairs' order, whose list holds value (==), or nil:
---rules.listed_under({达成 = {"完成", "已完成"}, 未达成 = {"否"}}, "已完成") --> "达成"
---@param map table<any, any[]>
---@param value any
---@return any|nil
function rules.listed_under(map, value) end

---Per-item deduction down to zero: rules.deduct(8, 3, 0.5) --> 6.5
---@param points number
---@param count number
---@param per_item number
---@return number
function rules.deduct(points, count, per_item) end

---|actual − base| / base × 100: rules.percent_deviation(110, 100) --> 10
---@param actual number
---@param base number
---@return number
function rules.percent_deviation(actual, base) end

return rules
