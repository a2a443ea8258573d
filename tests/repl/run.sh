#!/bin/sh
# tests/repl/run.sh — REPL transcript tests: each tests/repl/*.txt script
# is played against `mini` on a pseudo-terminal by pty_driver (built here
# with cc). MINI_HISTFILE points into a temp dir; history.txt also checks
# that the history file was written. Last line: "N passed, N failed".
MINI=${1:-./mini}
case "$MINI" in /*) ;; *) MINI="$(pwd)/$MINI" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
if ! ${CC:-cc} -std=c11 -O1 -o "$tmp/pty_driver" "$here/pty_driver.c" -lutil 2>"$tmp/cc.log"; then
    cat "$tmp/cc.log"
    echo "0 passed, 1 failed"
    exit 1
fi
for s in "$here"/*.txt; do
    name=$(basename "$s" .txt)
    hist="$tmp/hist_$name"
    ok=1
    MINI_HISTFILE="$hist" "$tmp/pty_driver" "$s" "$MINI" >"$tmp/log" 2>&1 || ok=0
    if [ $ok -eq 1 ] && [ "$name" = history ]; then
        grep -q '^history_marker = 12345$' "$hist" 2>/dev/null || { echo "history file not written" >>"$tmp/log"; ok=0; }
    fi
    if [ $ok -eq 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL repl/$name"
        sed 's/^/    /' "$tmp/log" | head -n 40
    fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
