#!/bin/sh
# tests/lang/run.sh — the golden test runner.
#   tests/lang/run.sh ./mini [test ...]        run and compare with X.out
#   tests/lang/run.sh --dis ./mini [test ...]  check `mini --dis` on every file
# Each tests/lang/X.mini runs from tests/lang with a 10 s timeout; its stdout,
# `--- exit N ---` and (for N != 0) the last stderr line must equal X.out.
# Tests listed in xfail.txt ("name  reason") count as xfail, not failures;
# one that passes is reported as XPASS so the list can shrink.
# The last line is always "N passed, N failed".
mode=run
if [ "$1" = "--dis" ]; then mode=dis; shift; fi
MINI=${1:-./mini}
[ $# -gt 0 ] && shift
case "$MINI" in /*) ;; *) MINI="$(pwd)/$MINI" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
TIMEOUT=${MINI_TEST_TIMEOUT:-10}
cd "$here" || exit 1
if [ $# -gt 0 ]; then list="$*"; else list=$(ls *.mini); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0; xfail=0; xpass=0
is_xfail() { grep -q "^$1\([[:space:]]\|\$\)" xfail.txt 2>/dev/null; }
for t in $list; do
    t=$(basename "$t" .mini)
    if [ "$mode" = dis ]; then
        timeout "$TIMEOUT" "$MINI" --dis "$t.mini" >/dev/null 2>"$tmp/err" </dev/null
        rc=$?
        ok=0
        if [ $rc -eq 0 ]; then ok=1
        else
            # A file that CPython rejects must be rejected the same way.
            want=$(tail -n 1 "$t.out")
            case "$want" in
                SyntaxError*|IndentationError*|TabError*)
                    [ "$(tail -n 1 "$tmp/err")" = "$want" ] && ok=1 ;;
            esac
        fi
    else
        timeout "$TIMEOUT" "$MINI" "$t.mini" >"$tmp/out" 2>"$tmp/err" </dev/null
        rc=$?
        {
            cat "$tmp/out"
            echo "--- exit $rc ---"
            [ $rc -ne 0 ] && tail -n 1 "$tmp/err"
        } >"$tmp/got"
        ok=0
        cmp -s "$tmp/got" "$t.out" && ok=1
    fi
    if is_xfail "$t"; then
        if [ $ok -eq 1 ]; then echo "XPASS $t (remove it from xfail.txt)"; xpass=$((xpass + 1)); pass=$((pass + 1))
        else xfail=$((xfail + 1)); fi
        continue
    fi
    if [ $ok -eq 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $t (exit $rc)"
        if [ "$mode" = dis ]; then
            tail -n 3 "$tmp/err" | sed 's/^/    /'
        else
            [ $rc -eq 124 ] && echo "    timed out after ${TIMEOUT}s"
            diff "$t.out" "$tmp/got" | head -n 20 | sed 's/^/    /'
        fi
    fi
done
extra=""
[ $xfail -gt 0 ] && extra=", $xfail xfail"
[ $xpass -gt 0 ] && extra="$extra, $xpass xpass"
echo "$pass passed, $fail failed$extra"
[ $fail -eq 0 ]
