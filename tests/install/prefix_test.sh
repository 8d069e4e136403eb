#!/usr/bin/env bash
# `cmake --install` into a fresh prefix: the files land where the README and
# jixiao.1 say, and the installed jixiao, run from an unrelated folder, finds
# its share folder from its own, keeps its default database in the user's
# data folder (never under the prefix), and layers --home and $JIXIAO_HOME
# over the shipped folder.
#   prefix_test.sh BUILD_DIR WORKDIR
set -euo pipefail
build=$1 work=$2
rm -rf "$work" && mkdir -p "$work/user" "$work/elsewhere" "$work/analyst/data"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
failures=0
fail() { echo "$*" >&2; failures=$((failures + 1)); }

for f in bin/jixiao share/jixiao/indicator-sets/liangshan-2021-dept.yaml share/jixiao/scripts/README.md \
         share/jixiao/data/liangshan-kexie-2021.yaml share/man/man1/jixiao.1 share/bash-completion/completions/jixiao \
         include/jixiao/jixiao.h include/jixiao/engine.h; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done
ls "$prefix"/lib*/libjixiao.a "$prefix"/lib*/pkgconfig/jixiao.pc >/dev/null || fail "library or jixiao.pc not installed"
touch "$work/installed"
sleep 1  # the prefix must be older than anything a run writes

# A clean environment, as a user's shell from another folder.
run() { (cd "$work/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$work/user" "$@"); }
total='得分合计 85.00 / 90.00'
# Runs a command (as run does); its output must hold the 凉山 total.
expect_total() {
  local out
  out=$(run "$@") || { fail "$*: exit status $?"; return; }
  grep -qF "$total" <<<"$out" || fail "$*: no $total in the output"
}
expect_total "$prefix/bin/jixiao" score 凉山州科学技术协会 2021
[ -f "$work/user/.local/share/jixiao/jixiao.db" ] || fail "the default database is not in ~/.local/share/jixiao/"
expect_total env XDG_DATA_HOME="$work/xdg" "$prefix/bin/jixiao" score
[ -f "$work/xdg/jixiao/jixiao.db" ] || fail "the default database is not in \$XDG_DATA_HOME/jixiao/"
# Parses of set files are kept in the user's cache folder, never under the prefix.
ls "$work/user/.cache/jixiao/set-parses/"*.doc >/dev/null 2>&1 || fail "no set parse kept in ~/.cache/jixiao/set-parses/"
expect_total env XDG_CACHE_HOME="$work/xdg-cache" "$prefix/bin/jixiao" score
ls "$work/xdg-cache/jixiao/set-parses/"*.doc >/dev/null 2>&1 || fail "no set parse kept in \$XDG_CACHE_HOME/jixiao/set-parses/"
version=$(run "$prefix/bin/jixiao" --version) && [[ "$version" =~ ^jixiao\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--version: $version"
help=$(run "$prefix/bin/jixiao" --help) && grep -qF "$prefix/share/jixiao" <<<"$help" || fail "--help does not name the install's share folder"

# Through a symbolic link (a user's ~/bin), the share folder is still the install's.
mkdir -p "$work/user/bin" && ln -s "$prefix/bin/jixiao" "$work/user/bin/jixiao"
expect_total "$work/user/bin/jixiao" score

# An analyst's folder holds only its data: sets and scripts come from the install.
cp "$prefix/share/jixiao/data/liangshan-kexie-2021.yaml" "$work/analyst/data/"
expect_total "$prefix/bin/jixiao" score --home "$work/analyst"
[ -f "$work/analyst/jixiao.db" ] || fail "--home's default database is not HOME/jixiao.db"
rm "$work/analyst/jixiao.db"
expect_total env JIXIAO_HOME="$work/analyst" "$prefix/bin/jixiao" score

# Without a user folder for the database, jixiao asks for one.
message=$(cd "$work/elsewhere" && env -i PATH=/usr/bin:/bin "$prefix/bin/jixiao" list 2>&1 >/dev/null) && fail "list without HOME succeeded"
expected='jixiao: neither $XDG_DATA_HOME nor $HOME is set, so there is no folder for the default database: give one with --db FILE or $JIXIAO_DB'
[ "$message" = "$expected" ] || fail "without HOME: $message"

# jixiao new writes into the home: the install's is refused, an analyst's is written.
message=$(run "$prefix/bin/jixiao" new data 某单位 2021 --set liangshan-2021-dept 2>&1 >/dev/null) && fail "new data into the install succeeded"
expected="jixiao: the home $prefix/share/jixiao is the installed jixiao's own and is not written: give your own folder with --home DIR (or \$JIXIAO_HOME) for data/某单位-2021.yaml (or name it with --output FILE)"
[ "$message" = "$expected" ] || fail "new data into the install: $message"
run "$prefix/bin/jixiao" new data 某单位 2021 --set liangshan-2021-dept --home "$work/analyst" >/dev/null || fail "new data --home"
[ -f "$work/analyst/data/某单位-2021.yaml" ] || fail "new data --home wrote no data/某单位-2021.yaml"

changed=$(find "$prefix" -newer "$work/installed" | grep -v '^$' || true)
[ -z "$changed" ] || fail "jixiao wrote under the prefix: $changed"
exit $((failures > 0))
