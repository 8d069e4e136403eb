# bash completion for jixiao: its commands, each command's options (as its
# usage line names them; tests/install_docs_test.sh checks they agree), the
# formats, and set ids and department-years from `jixiao list` and from the
# indicator-sets/ of the home ($JIXIAO_HOME or --home) and of the install.

# The options of each command, besides --help, --home and --db.
_jixiao_options() {
  case "$1" in
    score) echo "--record --set --complete --project --projects --all --year --jobs --format -o" ;;
    explain) echo "--record --set --project --format -o" ;;
    import) echo "" ;;
    check) echo "--format -o" ;;
    compare) echo "--all --jobs --against --set --projects --project --fail-above --format -o" ;;
    report) echo "--format -o" ;;
    show) echo "--diff --format -o" ;;
    try) echo "--format -o" ;;
    scripts) echo "--format -o" ;;
    gen) echo "--departments --years --seed" ;;
    list) echo "--format -o" ;;
    new) echo "--from --set --output --force" ;;
    db) echo "--format -o" ;;
  esac
}

# Set ids: the sets records name (jixiao list) and the files in indicator-sets/.
_jixiao_sets() {
  local dirs=() d f
  [ -n "$1" ] && dirs+=("$1/indicator-sets")
  [ -n "${JIXIAO_HOME:-}" ] && dirs+=("$JIXIAO_HOME/indicator-sets")
  local bin
  bin=$(command -v jixiao 2>/dev/null) && dirs+=("$(dirname "$(readlink -f "$bin")")/../share/jixiao/indicator-sets")
  {
    for d in "${dirs[@]}"; do
      for f in "$d"/*.yaml; do [ -e "$f" ] && basename "$f" .yaml; done
    done
    jixiao list ${1:+--home "$1"} 2>/dev/null | awk 'NF == 0 { exit } NR > 2 && NF >= 4 { print $NF }'
  } | sort -u
}

_jixiao() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="score explain import check compare report show try scripts gen list new db"
  if [ "$COMP_CWORD" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
    return
  fi
  local command=${COMP_WORDS[1]} home="" i
  for ((i = 2; i < COMP_CWORD; i++)); do
    [ "${COMP_WORDS[i]}" = --home ] && home=${COMP_WORDS[i+1]}
  done
  case "$prev" in
    --home) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --db | -o | --output | --from) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --format) mapfile -t COMPREPLY < <(compgen -W "table json csv markdown html xlsx" -- "$cur"); return ;;
    --record | --against) mapfile -t COMPREPLY < <(compgen -W "filed review" -- "$cur"); return ;;
    --set | --diff) mapfile -t COMPREPLY < <(compgen -W "$(_jixiao_sets "$home")" -- "$cur"); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_jixiao_options "$command") --help --home --db" -- "$cur")
    return
  fi
  case "$command" in
    check | show | try) mapfile -t COMPREPLY < <(compgen -W "$(_jixiao_sets "$home")" -- "$cur") ;;
    import) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    db) mapfile -t COMPREPLY < <(compgen -W "check" -- "$cur") ;;
    new) [ "$COMP_CWORD" -eq 2 ] && mapfile -t COMPREPLY < <(compgen -W "set data" -- "$cur") ;;
    score | explain | compare | report)
      # ENTITY, then YEAR: the department-years in the database.
      local IFS=$'\n'
      mapfile -t COMPREPLY < <(compgen -W "$(jixiao list ${home:+--home "$home"} 2>/dev/null |
                                             awk 'NF == 0 { exit } NR > 2 && NF >= 4 { print $1 }' | sort -u)" -- "$cur") ;;
  esac
}
complete -F _jixiao jixiao
