#!/bin/sh
# tests/bench/run.sh — `make bench`: runs each tests/bench/*.mini under
# ./mini and under Debian's /usr/bin/python3 (not a pyenv shim; override with
# BENCH_PYTHON) RUNS times (default 3), prints the median wall time of each,
# the mini/python3 ratio and the geometric mean of the ratios. Nothing is
# asserted: this is a measuring tool.
MINI=${1:-./mini}
case "$MINI" in /*) ;; *) MINI="$(pwd)/$MINI" ;; esac
PY=${BENCH_PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$PY" ] || PY=""
# Median wall time (seconds) of RUNS runs of "$@"; "fail" if one fails.
median() {
    times=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || { echo fail; return; }
        e=$(date +%s.%N)
        times="$times $(echo "$e - $s" | awk '{print $1 - $3}')"
        i=$((i + 1))
    done
    echo $times | tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
}
printf "%-12s %10s %10s %8s\n" benchmark mini python3 ratio
ratios=""
cd "$here" || exit 1
for b in *.mini; do
    name=${b%.mini}
    m=$(median "$MINI" "$b")
    p=-
    [ -n "$PY" ] && p=$(median "$PY" "$b")
    r=-
    if [ "$m" != fail ] && [ "$p" != fail ] && [ "$p" != - ]; then
        r=$(awk -v m="$m" -v p="$p" 'BEGIN {printf "%.2f", m / p}')
        ratios="$ratios $r"
    fi
    printf "%-12s %10s %10s %8s\n" "$name" "$m" "$p" "$r"
done
if [ -n "$ratios" ]; then
    echo $ratios | tr ' ' '\n' | awk '{s += log($1); n++} END {printf "geometric mean of mini/python3: %.2f (%d programs)\n", exp(s / n), n}'
else
    echo "geometric mean of mini/python3: n/a"
fi
