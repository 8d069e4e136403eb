#!/usr/bin/env bash
# The .deb packages as cpack builds them: jixiao (the tool, its shipped sets,
# scripts and example records, man page and completion; its dependencies
# read from the libraries it links) and jixiao-dev (headers, libjixiao.a,
# jixiao.pc). Each is extracted into a scratch root, never installed: the
# tool runs from an unrelated folder and scores 凉山州科学技术协会 2021 as
# 85.00; the example program builds against the extracted headers and
# library through jixiao.pc; dpkg's dry run of installing both succeeds.
#   deb_test.sh BUILD_DIR SOURCE_DIR WORKDIR
set -euo pipefail
build=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work/root" "$work/elsewhere" "$work/user"
# Packages go to packages/ of the folder cpack runs in; its scratch files to -B.
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work/cpack") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; exit 1; }
tool=$(echo "$work"/packages/jixiao_*.deb) dev=$(echo "$work"/packages/jixiao-dev_*.deb)
[ -f "$tool" ] && [ -f "$dev" ] || { ls -R "$work" >&2; exit 1; }
failures=0
fail() { echo "$*" >&2; failures=$((failures + 1)); }

files() { dpkg-deb --contents "$1" | awk '{ print $6 }'; }
tool_files=$(files "$tool") dev_files=$(files "$dev")
for f in ./usr/bin/jixiao ./usr/share/jixiao/indicator-sets/liangshan-2021-dept.yaml ./usr/share/jixiao/scripts/README.md \
         ./usr/share/jixiao/data/liangshan-kexie-2021.yaml ./usr/share/man/man1/jixiao.1 \
         ./usr/share/bash-completion/completions/jixiao; do
  grep -qxF "$f" <<<"$tool_files" || fail "jixiao.deb lacks $f"
done
grep -qE '/include/|\.a$' <<<"$tool_files" && fail "jixiao.deb holds what belongs in jixiao-dev"
for f in ./usr/include/jixiao/jixiao.h ./usr/include/jixiao/engine.h; do
  grep -qxF "$f" <<<"$dev_files" || fail "jixiao-dev.deb lacks $f"
done
grep -qE '^\./usr/lib/.*libjixiao\.a$' <<<"$dev_files" || fail "jixiao-dev.deb lacks libjixiao.a"
grep -qE '^\./usr/lib/.*pkgconfig/jixiao\.pc$' <<<"$dev_files" || fail "jixiao-dev.deb lacks jixiao.pc"

depends=$(dpkg-deb --field "$tool" Depends)
for library in liblua5.4-0 libyaml-cpp0.7 libsqlite3-0 libutf8proc2 libzip4 libpugixml1v5 libxlsxwriter4 libmimalloc2.0 libstdc++6; do
  [[ ", $depends," == *", $library "* || ", $depends," == *", $library,"* ]] ||
    fail "jixiao.deb does not depend on $library: $depends"
done

# The tool, extracted, from another folder, in a user's clean environment.
dpkg-deb -x "$tool" "$work/root"
run() { (cd "$work/elsewhere" && env -i PATH=/usr/bin:/bin HOME="$work/user" "$@"); }
out=$(run "$work/root/usr/bin/jixiao" score 凉山州科学技术协会 2021) || fail "extracted jixiao score failed"
grep -qF '得分合计 85.00 / 90.00' <<<"$out" || fail "extracted jixiao score: no 85.00 / 90.00 in: $out"
version=$(run "$work/root/usr/bin/jixiao" --version) || fail "extracted jixiao --version failed"
[ "$version" = "jixiao $(dpkg-deb --field "$tool" Version)" ] || fail "--version: $version"

# The example program, built against the extracted jixiao-dev alone.
dpkg-deb -x "$dev" "$work/root"
pc=$(find "$work/root" -name jixiao.pc)
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs jixiao) || fail "pkg-config jixiao"
# shellcheck disable=SC2086
g++ -std=c++17 -o "$work/score_record" "$source/engine/examples/score_record.cc" $flags || fail "the example does not build against jixiao-dev"
[ -x "$work/score_record" ] && {
  out=$(run "$work/score_record" "$work/root/usr/share/jixiao" "$work/user/embed.db") || fail "the example failed"
  grep -qF '凉山州科学技术协会 2021：85.00 / 90.00' <<<"$out" || fail "the example built from jixiao-dev printed: $out"
}

# Installing both, as dpkg would (its dry run reads the package database
# and changes nothing); the packages must not be installed before or after.
if [ "$(id -u)" -eq 0 ]; then
  dpkg-query -W jixiao jixiao-dev >/dev/null 2>&1 && fail "jixiao is installed on this machine; the test expects it not to be"
  dpkg --dry-run -i "$tool" "$dev" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg --dry-run -i failed"; }
  dpkg-query -W jixiao jixiao-dev >/dev/null 2>&1 && fail "the dry run installed jixiao"
fi
exit $((failures > 0))
