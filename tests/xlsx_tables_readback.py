#!/usr/bin/python3
"""Reads a jixiao xlsx of project tables or of `compare --all` back with
openpyxl and checks it against the JSON of the same command: every figure is
a number cell equal to the JSON's number (an empty cell where the JSON has
null), names in the same order, 一级/二级 cells merged over their rows, and the
engine version in the document properties. Prints what differs; exits 1 then.

usage: xlsx_tables_readback.py projects|all WORKBOOK.xlsx OUTPUT.json
"""
import json
import sys
import zipfile
from decimal import Decimal

import openpyxl


def same(cell, want):
    """A number cell equal to `want`, or an empty cell where `want` is None."""
    if want is None:
        return cell is None
    if not isinstance(cell, (int, float)) or isinstance(cell, bool):
        return False
    return Decimal(repr(cell)).quantize(Decimal("0.000001")) == Decimal(want).quantize(Decimal("0.000001"))


def check_projects(sheet, data, problems):
    rows = list(sheet.iter_rows(values_only=True))
    merged = {(m.min_row, m.min_col) for m in sheet.merged_cells.ranges}
    at = 0
    checked = 0
    for project in data["projects"]:
        title = next((i for i in range(at, len(rows)) if rows[i][0] and str(rows[i][0]).startswith(project["name"] + "（")), None)
        if title is None:
            problems.append(f"no table titled {project['name']!r}")
            continue
        head = rows[title + 1]
        col = {name: head.index(name) for name in ("三级指标", "分值", "表中得分", "得分")}
        budget = rows[title + 2]
        if not same(budget[col["得分"]], project["budget_score"]):
            problems.append(f"{project['id']} budget 得分: {budget[col['得分']]!r}, JSON {project['budget_score']}")
        if not same(budget[col["表中得分"]], project["budget_stated"]["score"]):
            problems.append(f"{project['id']} budget 表中得分: {budget[col['表中得分']]!r}")
        r = title + 3
        for want in project["rows"]:
            got = rows[r]
            if got[col["三级指标"]] != want["name"]:
                problems.append(f"{project['id']} row {r + 1}: {got[col['三级指标']]!r}, JSON {want['name']!r}")
            for head_name, key in (("分值", "weight"), ("表中得分", "filed"), ("得分", "score")):
                if not same(got[col[head_name]], want[key]):
                    problems.append(f"{project['id']} {want['name']} {head_name}: {got[col[head_name]]!r}, JSON {want[key]}")
            checked += 1
            r += 1
        total = rows[r]
        if total[0] != "总分" or not same(total[col["得分"]], project["total"]) or not same(total[col["表中得分"]], project["stated_total"]):
            problems.append(f"{project['id']} 总分 row {r + 1}: {total!r}, JSON {project['total']} / {project['stated_total']}")
        if project["rows"] and (title + 4, 1) not in merged and len(project["rows"]) > 1 and project["rows"][0]["level1"] == project["rows"][1]["level1"]:
            problems.append(f"{project['id']}: 一级指标 not merged over its rows")
        at = r + 1
    return checked


def check_all(sheet, data, problems):
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "单位")
    for k, want in enumerate(data["departments"]):
        got = rows[head + 1 + k]
        if got[0] != want["entity"]:
            problems.append(f"row {head + 2 + k}: {got[0]!r}, JSON {want['entity']!r}")
        for c, key in ((1, "filed_total"), (2, "recomputed_total"), (3, "relative_gap_pct"), (4, "deduction")):
            if not same(got[c], want.get(key)):
                problems.append(f"{want['entity']} {key}: {got[c]!r}, JSON {want.get(key)}")
    bands = next(i for i, r in enumerate(rows) if r[0] == "自评准确扣分" and r[1] == "单位数")
    for k, (label, count) in enumerate(data["distribution"].items()):
        got = rows[bands + 1 + k]
        if got[0] != label or not same(got[1], count):
            problems.append(f"band {label}: {got[:2]!r}, JSON {count}")
    return len(data["departments"])


def main(kind, xlsx_path, json_path):
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f, parse_float=Decimal, parse_int=Decimal)
    sheet = openpyxl.load_workbook(xlsx_path).active
    problems = []
    checked = check_projects(sheet, data, problems) if kind == "projects" else check_all(sheet, data, problems)
    with zipfile.ZipFile(xlsx_path) as z:
        custom = z.read("docProps/custom.xml").decode("utf-8")
    if data["engine_version"] not in custom:
        problems.append(f"engine version {data['engine_version']} not in the document properties")
    for p in problems:
        print(p)
    print(f"{checked} rows checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
