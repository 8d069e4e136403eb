#!/usr/bin/python3
"""Reads a jixiao xlsx back with openpyxl and checks it against the JSON of
the same comparison: every leaf's 分值, 自评得分, 复核得分 and 差异 are number
cells equal to the JSON's numbers, 一级/二级 cells are merged over their
leaves, and the 总分 row holds the totals. Prints what differs; exits 1 then.

usage: xlsx_readback.py WORKBOOK.xlsx COMPARE.json
"""
import json
import sys
from decimal import Decimal

import openpyxl


def main(xlsx_path, json_path):
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f, parse_float=Decimal, parse_int=Decimal)
    sheet = openpyxl.load_workbook(xlsx_path).active
    problems = []
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "一级指标")
    heads = [sheet.cell(header_row, c).value for c in range(1, sheet.max_column + 1)]
    levels = heads.index("分值")
    col = {name: heads.index(name) + 1 for name in ("分值", "自评得分", "复核得分", "差异")}

    # Leaf rows in order: the leaf's name is the last non-empty name cell.
    leaves = [r for r in data["rows"] if r["leaf"]]
    row = header_row + 1
    for leaf in leaves:
        name = leaf["path"].split(" › ")[-1]
        got = next((sheet.cell(row, c).value for c in range(levels, 0, -1) if sheet.cell(row, c).value), None)
        if got != name:
            problems.append(f"row {row}: name {got!r}, JSON {name!r}")
        for head, key in (("分值", "weight"), ("自评得分", "filed"), ("复核得分", "recomputed"), ("差异", "difference")):
            cell = sheet.cell(row, col[head]).value
            want = leaf[key]
            if want is None:
                if cell is not None:
                    problems.append(f"{name} {head}: {cell!r}, JSON null")
            elif not isinstance(cell, (int, float)) or isinstance(cell, bool):
                problems.append(f"{name} {head}: {cell!r} is not a number cell")
            elif Decimal(repr(cell)).quantize(Decimal("0.000001")) != want.quantize(Decimal("0.000001")):
                problems.append(f"{name} {head}: {cell!r}, JSON {want}")
        row += 1

    if sheet.cell(row, 1).value != "总分":
        problems.append(f"row {row}: {sheet.cell(row, 1).value!r}, expected 总分")
    for head, key in (("自评得分", "filed_total"), ("复核得分", "recomputed_total"), ("差异", "gap")):
        cell = sheet.cell(row, col[head]).value
        if not isinstance(cell, (int, float)) or Decimal(repr(cell)) != data[key]:
            problems.append(f"总分 {head}: {cell!r}, JSON {data[key]}")

    # 一级 and 二级 names are merged over their leaves.
    merged = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
    level1 = [r for r in data["rows"] if r["level"] == 1]
    first = merged.get((header_row + 1, 1))
    if first is None or sheet.cell(first.min_row, 1).value != level1[0]["path"]:
        problems.append(f"the first 一级指标 is not a merged cell named {level1[0]['path']!r}")
    elif first.max_row - first.min_row + 1 != sum(1 for l in leaves if l["path"].startswith(level1[0]["path"] + " › ")):
        problems.append(f"the first 一级指标 spans {first.max_row - first.min_row + 1} rows")
    if not any(m.min_col == 2 and m.max_col == 2 for m in sheet.merged_cells.ranges):
        problems.append("no merged 二级指标 cell")

    for p in problems:
        print(p)
    print(f"{len(leaves)} leaves checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
