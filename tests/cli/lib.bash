# Helpers for the shell tests (sourced). Each test runs in a fresh temp folder.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect_fail RC FRAGMENT CMD...: the command exits RC with one stderr line holding FRAGMENT.
expect_fail() {
  local want=$1 frag=$2; shift 2
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  local lines; lines=$(wc -l <"$T/err")
  if [ "$rc" -ne "$want" ]; then bad "$* -> exit $rc, want $want ($(head -c 300 "$T/err"))"
  elif ! grep -qF -- "$frag" "$T/err"; then bad "$* -> stderr lacks '$frag': $(head -c 300 "$T/err")"
  elif [ "$lines" -ne 1 ]; then bad "$* -> $lines stderr lines, want 1: $(head -c 300 "$T/err")"
  else ok "$* -> exit $rc: $(cat "$T/err")"; fi
}
# no_leftovers DIR: no temporary files left behind.
no_leftovers() {
  local left; left=$(find "$1" -name '*.tmp*' | head -3)
  [ -z "$left" ] && ok "no temporary files in $1" || bad "temporary files left: $left"
}
finish() { [ "$fails" -eq 0 ] && echo "all passed" || { echo "$fails failed"; exit 1; }; }
