#!/bin/sh
# tests/lang/gen_golden.sh — regenerates every golden X.out from CPython
# (`make golden`). Never hand-write a .out: CPython 3.11 is the oracle.
#
# Python cannot import `.mini` files, so the whole tests/lang tree is copied
# to a temporary directory with every .mini renamed to .py; each test runs
# from its own directory there. X.out = stdout, a line `--- exit N ---`,
# then (only when N != 0) the last line of stderr.
#   usage: tests/lang/gen_golden.sh [python3] [test.mini ...]
PY=${1:-python3}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here" && find . -type d ! -name __pycache__) | while read -r d; do mkdir -p "$tmp/$d"; done
(cd "$here" && find . -name '*.mini') | while read -r f; do
    cp "$here/$f" "$tmp/${f%.mini}.py"
done
if [ $# -gt 0 ]; then list="$*"; else list=$(cd "$here" && ls *.mini); fi
n=0
for t in $list; do
    t=$(basename "$t" .mini)
    (
        cd "$tmp" || exit 1
        PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 timeout 30 "$PY" "$t.py" >"$tmp/$t.stdout" 2>"$tmp/$t.stderr" </dev/null
        echo $? >"$tmp/$t.rc"
    )
    rc=$(cat "$tmp/$t.rc")
    {
        cat "$tmp/$t.stdout"
        echo "--- exit $rc ---"
        [ "$rc" -ne 0 ] && tail -n 1 "$tmp/$t.stderr"
    } >"$here/$t.out"
    n=$((n + 1))
done
echo "golden: wrote $n .out files with $($PY --version 2>&1)"
