#!/usr/bin/env bash
# The example that embeds the engine (engine/examples/score_record.cc) scores
# 凉山州科学技术协会 2021 from the shipped home: its whole output is asserted.
#   embed_test.sh EXAMPLE HOME WORKDIR
set -euo pipefail
example=$1 home=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
actual=$("$example" "$home" "$work/jixiao.db")
expected='凉山州2021年部门整体支出绩效评价指标体系（liangshan-2021-dept）：13 个三级指标，满分 100.00
凉山州科学技术协会 2021：85.00 / 90.00'
if [ "$actual" != "$expected" ]; then
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi
# A record that is not there: the public Error, with the message the command line gives.
if "$example" "$home" "$work/jixiao.db" 不存在的单位 2021 2>"$work/err"; then
  echo "scoring a missing record succeeded" >&2; exit 1
fi
expected="score_record: $work/jixiao.db: no filed record of 不存在的单位 2021 in the database"
[ "$(cat "$work/err")" = "$expected" ] || { diff <(echo "$expected") "$work/err" >&2; exit 1; }
