#!/usr/bin/env python3
"""A plain Python scorer of the 凉山州 2021 department-wide set, for comparison only.

What it is for: the yardstick of issue 12. jixiao's benchmark (tests/benchmark.cc)
times it against `jixiao score --all` over the same database, and a CTest
(tests/plain_score_test.cc) checks that every leaf it scores (score, source and
reason) is what jixiao stores, so the comparison is of the same job. It is not
part of jixiao and nothing in jixiao runs it.

What it does: reads every filed and review department-year of a jixiao
database with the standard library's sqlite3 (one query per table), scores the
13 leaves of liangshan-2021-dept with the rules of scripts/*.lua and the params
of indicator-sets/liangshan-2021-dept.yaml written out here, as a plain script
would, and writes one line per leaf: record id, leaf id, score, source, reason
(tab-separated, ordered by record id then the set's leaf order). A record of
another set, or one whose facts make a rule fail, is skipped and counted.

    python3 plain_score.py DATABASE OUT.tsv
    -> prints "plain_score: R records, L leaves, S s CPU, N leaves/CPU-s"
"""
import sqlite3
import sys
import time

SET_ID = "liangshan-2021-dept"
EPS = 1e-9


class RuleError(Exception):
    pass


# --- scripts/lib/rules.lua -------------------------------------------------

def num(x):
    s = "%.2f" % x
    s = s.rstrip("0")
    return s[:-1] if s.endswith(".") else s


def points(x):
    return round_half_up(x)


def round_half_up(x):
    """Decimal::round_half_up(x, 2).str(2): via nine decimals, half away from zero."""
    text = "%.9f" % x
    negative = text.startswith("-")
    whole, frac = text.lstrip("-").split(".")
    nanos = int(whole) * 10**9 + int(frac)
    hundredths = (nanos + 5 * 10**6) // 10**7
    return ("-" if negative and hundredths else "") + "%d.%02d" % (hundredths // 100, hundredths % 100)


def number(facts, name):
    v = facts.get(name)
    if type(v) is not float:
        raise RuleError("fact '%s' must be a number" % name)
    return v


def divisor(facts, name):
    v = number(facts, name)
    if v <= 0:
        raise RuleError("fact '%s' is %s: the rule divides by it, so it must be above 0" % (name, num(v)))
    return v


def flag(facts, name):
    v = facts.get(name)
    if type(v) is not bool:
        raise RuleError("fact '%s' must be true or false" % name)
    return v


def at_least(x, limit):
    return x >= limit - EPS


def at_most(x, limit):
    return x <= limit + EPS


def proportional(actual, target, pts):
    if at_least(actual, target):
        return pts
    return max(0, pts * actual / target)


def percent_deviation(actual, base):
    return abs(actual - base) * 100 / base


def band_of(value, bands):
    for up_to, below, payload in bands:
        if up_to is not None and at_most(value, up_to):
            return up_to, payload
        if below is not None and value < below - EPS:
            return below, payload
    return None


def meets_target(actual, target, max_over_pct):
    if not at_least(actual, target):
        return False, "未达预期"
    over = (actual - target) * 100 / target
    if at_least(over, max_over_pct):
        return False, "超过预期" + num(over) + "%"
    return True, "达到"


# --- the scripts, with the set's params ------------------------------------

def checklist(facts, items, otherwise, weight):
    score, notes = 0.0, []
    for fact, pts, label in items:
        if flag(facts, fact):
            score += pts
            notes.append("满足「" + label + "」计" + num(pts) + "分")
        elif otherwise == "judgement":
            return None, "未满足「" + label + "」，规则为酌情扣分"
        else:
            notes.append("未满足「" + label + "」，不得分")
    return score, "；".join(notes)


def share_met(rows, weight):
    if not rows:
        return None, "未记录数量指标，无法按个数计算"
    notes, unread, met = [], [], 0
    for row in rows:
        name, target, actual = row.get("name"), row.get("target"), row.get("actual")
        if actual == "未完成":
            notes.append(str(name) + "：未完成")
            continue
        if type(target) is not float or type(actual) is not float:
            unread.append(str(name) + "（预期" + lua_text(target) + "，实际" + lua_text(actual) + "）")
            continue
        if target <= 0:
            raise RuleError("row '%s': target must be a number above 0" % name)
        ok, why = meets_target(actual, target, 30.0)
        notes.append(str(name) + "：" + why)
        met += ok
    if unread:
        return None, "无法读取的行：" + "；".join(unread)
    return weight * met / len(rows), "%d个数量指标中%d个达到预期（%s）" % (len(rows), met, "；".join(notes))


def lua_text(v):
    return "nil" if v is None else str(v)


def adjustment_ratio(facts, weight):
    amount = number(facts, "budget_reallocated")
    base = divisor(facts, "initial_budget")
    ratio = amount / base
    text = "调剂金额%s÷年初预算%s=%s%%" % (num(amount), num(base), num(ratio * 100))
    if ratio > 0.1 + EPS:
        return 0.0, text + "，超过" + num(0.1 * 100) + "%"
    return max(0, (1 - 10.0 * ratio) * weight), text


def deviation_bands(facts, weight):
    budget = divisor(facts, "public_items_budget")
    final = number(facts, "public_items_final")
    deviation = percent_deviation(final, budget)
    found = band_of(deviation, [(10.0, None, 6.0), (20.0, None, 3.0)])
    text = "年初预算%s、决算%s，偏差%s%%" % (num(budget), num(final), num(deviation))
    if found is None:
        return 0.0, text + "，超过" + num(20.0) + "%"
    limit, pts = found
    return pts, text + "，在" + num(limit) + "%以内"


def dynamic_adjustment(facts, weight):
    cancelled = number(facts, "monitoring_cancelled")
    written_off = number(facts, "balance_written_off")
    amounts = "调整取消额%s、结余注销额%s" % (num(cancelled), num(written_off))
    if cancelled == 0 and written_off == 0:
        return weight, amounts + "，均为零"
    if cancelled != 0:
        return weight * cancelled / (cancelled + written_off), amounts + "，按调整取消额÷(调整取消额+结余注销额)计"
    budget = divisor(facts, "annual_budget")
    ratio = written_off / budget
    text = amounts + "，注销额占年度预算%s%%" % num(ratio * 100)
    if ratio > 0.1 + EPS:
        return 0.0, text + "，超过" + num(0.1 * 100) + "%"
    return max(0, (1 - 10.0 * ratio) * weight), text


CHECKPOINTS = [("exec_rate_jun", "6月", 40.0, 2.0), ("exec_rate_sep", "9月", 67.5, 2.0),
               ("exec_rate_nov", "11月", 82.5, 2.0)]


def checkpoints(facts, weight):
    score, notes = 0.0, []
    for fact, label, target, pts in CHECKPOINTS:
        rate = number(facts, fact)
        got = proportional(rate, target, pts)
        score += got
        verdict = "达到" if at_least(rate, target) else "未达"
        notes.append("%s执行进度%s%%，%s%s%%，得%s分" % (label, num(rate), verdict, num(target), points(got)))
    return score, "；".join(notes)


def budget_completion(facts, weight):
    actual = number(facts, "spent_by_december")
    base = divisor(facts, "annual_budget")
    rate = actual * 100 / base
    return proportional(rate, 100.0, weight), "执行%s÷预算%s=%s%%，目标%s%%" % (num(actual), num(base), num(rate),
                                                                           num(100.0))


def violations(facts, weight):
    count = number(facts, "violations_found")
    if count < 0 or count != int(count):
        raise RuleError("fact 'violations_found' must be a whole count, not " + num(count))
    if count == 0:
        return weight, "未发现违纪违规问题"
    return max(0, weight - count * 0.5), "违纪违规问题%d个，每个扣%s分" % (int(count), num(0.5))


# The set's leaves in document order: id, weight, rule (None: by judgement
# only), the facts and row tables it declares, and whether the department
# scores it.
def leaf(id, weight, rule, facts=(), rows=(), self_scored=True):
    return (id, weight, rule, tuple(facts), tuple(rows), self_scored)


LEAVES = [
    leaf("target_setting", 8.0,
         lambda f, r, w: checklist(f, [("targets_complete", 4.0, "绩效目标编制要素完整"),
                                       ("indicators_quantified", 4.0, "绩效指标细化量化")], "judgement", w),
         facts=["targets_complete", "indicators_quantified"]),
    leaf("target_achievement", 8.0, lambda f, r, w: share_met(r["quantity_indicators"], w),
         rows=["quantity_indicators"]),
    leaf("budget_accuracy", 8.0, lambda f, r, w: adjustment_ratio(f, w),
         facts=["budget_reallocated", "initial_budget"]),
    leaf("spending_control", 6.0, lambda f, r, w: deviation_bands(f, w),
         facts=["public_items_budget", "public_items_final"]),
    leaf("dynamic_adjustment", 8.0, lambda f, r, w: dynamic_adjustment(f, w),
         facts=["monitoring_cancelled", "balance_written_off", "annual_budget"]),
    leaf("exec_progress", 6.0, lambda f, r, w: checkpoints(f, w),
         facts=["exec_rate_jun", "exec_rate_sep", "exec_rate_nov"]),
    leaf("budget_completion", 8.0, lambda f, r, w: budget_completion(f, w),
         facts=["spent_by_december", "annual_budget"]),
    leaf("violations", 8.0, lambda f, r, w: violations(f, w), facts=["violations_found"]),
    leaf("special_budget_mgmt", 20.0, None),
    leaf("self_eval_published", 2.0,
         lambda f, r, w: checklist(f, [("published_with_accounts", 2.0, "绩效信息随同决算公开")], "zero", w),
         facts=["published_with_accounts"]),
    leaf("rectified", 4.0,
         lambda f, r, w: checklist(f, [("problems_rectified", 4.0, "问题已整改且结果与预算安排挂钩")], "judgement", w),
         facts=["problems_rectified"]),
    leaf("feedback", 4.0,
         lambda f, r, w: checklist(f, [("feedback_on_time", 4.0, "在规定时间内向财政部门反馈应用绩效结果报告")], "zero", w),
         facts=["feedback_on_time"]),
    leaf("self_eval_accuracy", 10.0, None, facts=["self_score", "review_score"], self_scored=False),
]


# --- the engine's part: which rule, judgement or gap ------------------------

def with_score(reason, score):
    return ("得%s分" % score) if not reason else reason + "，得" + score + "分"


def judged_score(text):
    """A judgement's recorded score rounded half-up to two places, as text."""
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    millionths = int(whole) * 10**6 + int((frac + "000000")[:6])
    hundredths = (millionths + 5000) // 10000
    return ("-" if negative and hundredths else "") + "%d.%02d" % (hundredths // 100, hundredths % 100)


def score_record(facts, rows, judgements):
    out = []
    for id, weight, rule, declared, tables, self_scored in LEAVES:
        if not self_scored:
            out.append((id, "", "not-scored", "部门不自评此项（自评满分不含）"))
            continue
        missing = any(f not in facts for f in declared) or any(t not in rows for t in tables)
        judgement = judgements.get(id)
        script_reason = ""
        if rule is not None and not missing:
            score, reason = rule(facts, rows, weight)
            if score is not None:
                rounded = round_half_up(score)
                out.append((id, rounded, "computed", with_score(reason, rounded)))
                continue
            if judgement is None:
                out.append((id, "", "uncovered", "规则将此情形留给判定（" + reason + "），未记录判定"))
                continue
            script_reason = reason + "；"
        elif judgement is None:
            out.append((id, "", "uncovered", "按判定计分，未记录判定" if rule is None else "缺少输入，亦未记录判定"))
            continue
        j_score, basis = judgement
        if float(j_score) < 0 or float(j_score) > weight:
            raise RuleError("judgement %s is outside 0..%s" % (j_score, num(weight)))
        rounded = judged_score(j_score)
        out.append((id, rounded, "judged", with_score(script_reason + basis, rounded)))
    return out


def value_of(type_, text):
    if type_ == "number":
        return float(text)
    if type_ == "bool":
        return text == "true"
    if type_ == "text":
        return text
    return None


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: plain_score.py DATABASE OUT.tsv\n")
        return 2
    start = time.process_time()
    db = sqlite3.connect("file:" + argv[1] + "?mode=ro", uri=True)
    records = db.execute("SELECT id, set_id FROM records WHERE kind IN ('filed', 'review') ORDER BY id").fetchall()
    facts, rows, judgements = {}, {}, {}
    for rid, name, type_, text in db.execute("SELECT record_id, name, type, value FROM facts"):
        facts.setdefault(rid, {})[name] = value_of(type_, text)
    for rid, tbl in db.execute("SELECT record_id, tbl FROM row_tables"):
        rows.setdefault(rid, {})[tbl] = []
    for rid, tbl in db.execute("SELECT record_id, tbl FROM rows ORDER BY record_id, tbl, row_index"):
        rows[rid][tbl].append({})
    for rid, tbl, index, col, type_, text in db.execute(
            "SELECT record_id, tbl, row_index, col, type, value FROM row_cells"):
        rows[rid][tbl][index][col] = value_of(type_, text)
    for rid, leaf_id, score, basis in db.execute("SELECT record_id, leaf_id, score, basis FROM judgements"):
        judgements.setdefault(rid, {})[leaf_id] = (score, basis)

    scored = skipped = leaves = 0
    with open(argv[2], "w", encoding="utf-8") as out:
        for rid, set_id in records:
            if set_id != SET_ID:
                skipped += 1
                continue
            try:
                results = score_record(facts.get(rid, {}), rows.get(rid, {}), judgements.get(rid, {}))
            except RuleError:
                skipped += 1
                continue
            scored += 1
            leaves += len(results)
            for id, score, source, reason in results:
                out.write("%d\t%s\t%s\t%s\t%s\n" % (rid, id, score, source, reason))
    cpu = time.process_time() - start
    print("plain_score: %d records, %d leaves, %d skipped, %.3f s CPU, %.0f leaves/CPU-s"
          % (scored, leaves, skipped, cpu, leaves / cpu if cpu > 0 else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
