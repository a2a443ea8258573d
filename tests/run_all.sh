#!/bin/sh
# Runs every suite against one build: BUILD dir and interpreter binary name.
# Prints the closing line "N passed, N failed" and exits non-zero on failure.
BUILD=${1:-build}
EXE=${2:-mini}
pass=0; fail=0
out=$(mktemp)
if "$BUILD/unit_tests" --jobs 2 >"$out" 2>&1; then :; fi
cat "$out"
# Criterion's summary: "[====] Synthesis: Tested: N | Passing: N | Failing: N | Crashing: N"
p=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' "$out" | tail -1)
f=$(sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p' "$out" | tail -1)
[ -n "$p" ] || { echo "unit tests did not report"; f="1 0"; p=0; }
pass=$((pass + p)); set -- $f; fail=$((fail + $1 + $2))
rm -f "$out"
# Script suites (golden tests, REPL transcripts): each prints its failures
# and ends with "N passed, N failed".
for suite in lang repl; do
    [ -f "tests/$suite/run.sh" ] && [ -x "./$EXE" ] || continue
    out=$(mktemp)
    sh "tests/$suite/run.sh" "./$EXE" >"$out" 2>&1
    grep -v '^[0-9]* passed, [0-9]* failed' "$out"
    r=$(tail -n 1 "$out"); rm -f "$out"
    echo "$suite: $r"
    lp=$(echo "$r" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
    lf=$(echo "$r" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
    pass=$((pass + ${lp:-0})); fail=$((fail + ${lf:-1}))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
