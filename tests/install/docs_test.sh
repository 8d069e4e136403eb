#!/usr/bin/env bash
# The manual page (jixiao.1) and the bash completion (jixiao.bash) agree with
# the program: every command `jixiao --help` lists, and every option of each
# command's usage line, is in both; the completion offers no option the
# command lacks; the page renders without a warning; the completion completes.
#   docs_test.sh JIXIAO PACKAGING_DIR
set -euo pipefail
jixiao=$1 dir=$2
man_page=$dir/jixiao.1 completion=$dir/jixiao.bash
failures=0
fail() { echo "$*" >&2; failures=$((failures + 1)); }

commands=$("$jixiao" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
[ -n "$commands" ] || { echo "no commands in jixiao --help" >&2; exit 1; }
man_text=$(sed 's/\\-/-/g' "$man_page")
# shellcheck source=/dev/null
source "$completion"
for command in $commands; do
  grep -Eq "^\.(B|BR|BI) $command( |\$)" "$man_page" || fail "jixiao.1 does not describe the command $command"
  usage=$("$jixiao" "$command" --help | head -1)
  options=$(grep -oE -- '--[a-z-]+|\[-o FILE\]' <<<"$usage" | sed 's/\[-o FILE\]/-o/' | grep -vxE -- '--(home|db)' | sort -u || true)
  for option in $options; do
    grep -qF -- "$option" <<<"$man_text" || fail "jixiao.1 does not name $command's option $option"
  done
  offered=$(_jixiao_options "$command" | tr ' ' '\n' | sed '/^$/d' | sort -u)
  [ "$offered" = "$options" ] ||
    fail "the completion of $command offers [$(echo $offered)], its usage line names [$(echo $options)]"
done
completed=$(_jixiao_options nonesuch)
[ -z "$completed" ] || fail "the completion offers options for an unknown command"
grep -qF -- "--version" <<<"$man_text" || fail "jixiao.1 does not name --version"
for option in --home --db; do grep -qF -- "$option" <<<"$man_text" || fail "jixiao.1 does not name $option"; done

warnings=$(groff -k -man -Tutf8 -ww -z "$man_page" 2>&1)
[ -z "$warnings" ] || fail "groff warns on jixiao.1: $warnings"

# Completing: the commands, an option, a format, a set id (from the home's
# indicator-sets/), a department (from jixiao list).
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _jixiao
  echo "${COMPREPLY[*]}"
}
export JIXIAO_HOME; JIXIAO_HOME=$(cd "$dir/../.." && pwd)
PATH=$(dirname "$jixiao"):$PATH
[ "$(complete_words jixiao sc)" = "score scripts" ] || fail "jixiao sc<TAB>: $(complete_words jixiao sc)"
[ "$(complete_words jixiao score --rec)" = "--record" ] || fail "jixiao score --rec<TAB>: $(complete_words jixiao score --rec)"
[ "$(complete_words jixiao compare --format x)" = "xlsx" ] || fail "--format x<TAB>: $(complete_words jixiao compare --format x)"
[ "$(complete_words jixiao check liangshan-2021-d)" = "liangshan-2021-dept" ] ||
  fail "jixiao check liangshan-2021-d<TAB>: $(complete_words jixiao check liangshan-2021-d)"
[ "$(complete_words jixiao score 凉山州科学技术)" = "凉山州科学技术协会" ] ||
  fail "jixiao score 凉山州科学技术<TAB>: $(complete_words jixiao score 凉山州科学技术)"
exit $((failures > 0))
