#!/usr/bin/env python3
"""Regenerates the case table of tests/unit/test_parser.c from CPython 3.11.

Humans only (never run by the build):  python3 tests/unit/gen_parser_cases.py
Each snippet is parsed by CPython; the expected result is ast.dump(tree,
include_attributes=True) (so positions are checked too) or the SyntaxError's
class, message, line and offset. `--check DRIVER` instead runs a driver that
prints mini's result (see the comment in test_parser.c) and lists mismatches.
"""
import ast, subprocess, sys, os, tempfile

CASES = [
    # --- literals
    "1", "0", "00", "0_0", "1_000_000", "0x1F", "0XfF_ff", "0o17", "0b1010", "0b_1",
    "1.5", "1.", ".5", "1e10", "1E-5", "1.5e+300", "1e16", "1e15", "123456789012345678.0",
    "0.1", "1e-05", "3.14159", "1j", "1.5J", "1e16j", "0j", "1_0.0_1e1_0",
    "0xffffffffffffffffffffffffff", "0o777777777777777777777777777", "99999999999999999999999999",
    "'a'", '"a"', "'it''s'", "'''tri\nple'''", '"""x"""', "'\\n\\t\\\\\\'\\\"'", "'\\a\\b\\f\\v\\r\\0'",
    "'\\101\\x41\\u0041\\U00000041'", "'\\q'", "'a\\\nb'", "r'\\n\\d'", "R'x'", "b'abc'", "B'\\x00\\xff'",
    "rb'\\x'", "Br'a'", "u'x'", "'\\u20ac€'", "'\\ud800'", "'\\x7f\\x80'", "'\"'", "'\\'\"'",
    "'a' 'b'", "'a' \"b\" '''c'''", "b'a' b'b'", "'\\N{'" ,
    "None", "True", "False", "...", "'\\0'", "'\\1234'",
    # --- f-strings
    "f'x'", "f''", "f'{x}'", "f'{x!r}'", "f'{x!s}'", "f'{x!a}'", "f'{x:>10}'", "f'{x:{w}.{p}}'",
    "f'a{x}b{y}c'", "f'{{}}'", "f'{{{x}}}'", "f'{x=}'", "f'{ x = }'", "f'{x=!s}'", "f'{x=:>3}'",
    "f'a{x=}'", "f'{x}' 'y'", "'a' f'{b}' 'c'", "f'{x+1}'", "f'{a[1]}'", "f'{d[\"k\"]}'",
    "f'{x!r:^{w}}'", "f'''\n{x}\n'''", "f'{f\"{y}\"}'", "rf'\\n{x}'", "f'\\n{x}'", "f'{x:{{}}>10}'",
    "f'{(lambda: 1)()}'", "f'{x,y}'", "f'{*a,}'", "f'{yield}'", "f'{a!=b}'", "f'{a==b}'",
    "F'{x}'", "fR'{x}'", "f'{x:}'", "f'{3.14:.2f}'",
    # --- expressions
    "a + b * c", "a * b + c", "(a + b) * c", "a - b - c", "a ** b ** c", "-2 ** 2", "-a", "+a", "~a",
    "not a", "a and b or c", "a or b and c", "not a and b", "a if b else c", "a if b else c if d else e",
    "a < b", "a < b < c", "a == b != c", "a in b", "a not in b", "a is b", "a is not b", "a <= b >= c",
    "a | b ^ c & d", "a << b >> c", "a // b % c / d @ e", "a.b.c", "a[b]", "a[b:c]", "a[::2]", "a[:]",
    "a[1:2, ::3]", "a[b, c]", "a[b,]", "a[*b]", "a[b:c:d]", "f()", "f(a)", "f(a, b)", "f(a, b=1)",
    "f(*a, **k)", "f(a, *b, c, *d, e=1, **f)", "f(x=1, *a)", "f(x for x in y)", "f((x for x in y), z)",
    "f(a,)", "f(a)(b)[c].d", "lambda: 0", "lambda x: x", "lambda x, y=1, *a, z, w=2, **k: 0",
    "lambda *, k: k", "lambda a, /, b: 0", "lambda *a: a", "lambda x=lambda: 1: x",
    "(x := 1)", "[y := f(x), y**2]", "f(a := 1)", "x[y := 1]", "(a, b)", "(a,)", "()", "[]", "[a, b]",
    "[a, *b]", "{}", "{a: b}", "{a: b, **c, d: e}", "{**a}", "{a}", "{a, *b}", "{a, b,}",
    "[x for x in y]", "[x for x in y if x if z]", "[x for x in y for z in x]", "{x for x in y}",
    "{k: v for k, v in d.items()}", "(x for x in y)", "[x async for x in y]", "[(a, b) for a, b in c]",
    "[x for *a, b in c]", "await x", "(yield)", "(yield x)", "(yield from x)", "(yield a, b)",
    "x if y else lambda: z", "a[b][c]", "a.b[c](d)", "(a)", "((a))", "(a).b", "1 .real", "x[1:2][3]",
    "a @ b", "[*a, *b]", "print(*args, sep='')", "f(**{'a': 1})", "not not x", "- - x", "a < b > c",
    "(a for b in c if d)", "{x: y for x in z if x}", "a if (b := c) else d", "é", "ﬁ", "x.ﬁ",
    # --- statements
    "x = 1", "x = y = z", "x, y = y, x", "[a, b] = c", "(a, b) = c", "a, *b = c", "*a, b = c",
    "a.b = c", "a[b] = c", "a[b:c] = d", "x = yield", "x = yield y", "x = await y",
    "x += 1", "x -= 1", "x *= 1", "x /= 1", "x //= 1", "x %= 1", "x **= 1", "x @= 1", "x &= 1",
    "x |= 1", "x ^= 1", "x <<= 1", "x >>= 1", "a.b += 1", "a[b] += 1",
    "x: int", "x: int = 1", "(x): int", "a.b: int", "a[b]: int = 2", "x: int = yield",
    "x = *a, *b", "del x", "del x, y", "del (x, y)", "del [x, y]", "del a.b, a[c]", "del x,",
    "pass", "break", "continue", "return", "return x", "return x, y", "return *a, b",
    "global a", "global a, b", "nonlocal a, b", "assert x", "assert x, 'msg'",
    "raise", "raise E", "raise E from e", "raise E(1) from None",
    "import a", "import a.b.c", "import a as b, c.d as e", "from a import b",
    "from a.b import c as d, e", "from . import x", "from .. import x", "from .a import b",
    "from ...a import b", "from .... import x", "from a import *", "from a import (b, c,)", "from a import (b)",
    "a; b", "a; b;", "x = 1; y = 2\n", "if x: pass", "if x:\n    a\nelif y:\n    b\nelse:\n    c\n",
    "if x:\n  a\nelif y:\n  b\nelif z:\n  c\n", "if a:\n  if b:\n    c\n  d\ne\n",
    "while x:\n    a\nelse:\n    b\n", "while 1: break", "for x in y:\n    a\nelse:\n    b\n",
    "for x, y in z: pass", "for (x, y) in z: pass", "for [x, y] in z: pass", "for x in y, z: pass",
    "for *a, b in c: pass", "for a.b in c: pass", "for a[0] in c: pass",
    "try:\n    a\nexcept:\n    b\n", "try:\n    a\nexcept E:\n    b\nexcept (F, G) as e:\n    c\nelse:\n    d\nfinally:\n    e\n",
    "try:\n    a\nfinally:\n    b\n", "with a: pass", "with a as b: pass", "with a as b, c as d: pass",
    "with (a, b): pass", "with (a as b, c as d): pass", "with (a as b, c as d,): pass", "with (a, b) as c: pass",
    "with a as (b, c): pass", "with (a): pass", "with a as b.c: pass", "with (yield): pass",
    "def f(): pass", "def f(a, b): pass", "def f(a, b=1, *c, d, e=2, **f): pass", "def f(a, /, b): pass",
    "def f(a=1, /, b=2): pass", "def f(*, a): pass", "def f(a: int, *b: str, c: 'x' = 1, **d: float) -> None: pass",
    "def f(*a: *b): pass", "def f(a,): pass", "def f(**k,): pass",
    "async def f():\n    await x\n    async for a in b: pass\n    async with a as b: pass\n",
    "async def f(): return [x async for x in y]",
    "@d\ndef f(): pass", "@a.b(c)\n@d\nclass C: pass", "@x[0].y\ndef f(): pass", "@(lambda f: f)\ndef f(): pass",
    "class C: pass", "class C(): pass", "class C(A, B): pass", "class C(A, metaclass=M, **kw): pass",
    "class C(*bases): pass", "class C:\n    x = 1\n    def f(self): return self\n",
    "x = 1\n\n\n# comment\ny = 2  # trailing\n", "#!/usr/bin/env python\nx\n", "# -*- coding: utf-8 -*-\nx\n",
    "x = (1 +\n     2)\n", "x = [\n  1,\n  2,\n]\n", "x = 1 + \\\n  2\n", "if x:\n\tpass\n",
    "if x:\n        a\n        b\n", "x = {\n  'a': 1,\n}\n", "f(\n  a,\n  b\n)\n", "x = '''a\nb''' + 'c'\n",
    "if True:\n    pass\n# c\n    # c2\nx\n", "class A:\n    def f(self):\n        pass\n\n    def g(self):\n        pass\n",
    "match = 1", "match(x)", "case = 2", "_ = 3", "print(match)", "x = 1\r\ny = 2\r\n",
    "def f():\n    yield\n    yield x\n    yield from y\n    x = yield\n",
    "lambda: (yield)", "a = b = c = d", "x = 1 if y else 2", "x = [i for i in range(10) if i % 2]",
    "with open(f) as g, h: pass", "f(a)[b] = c", "x = a, b", "x = (a, b)", "a, = b", "[a] = b", "() = x", "[] = x",
    "async = 1" ,
    # --- errors
    "1 = 2", "f() = 1", "x = 1 = 2", "a, 1 = 2", "1, a = 2", "(a, 1) = 2", "if x = 1: pass",
    "[x = 1]", "f(x.y=1)", "f(1=2)", "f(True=1)", "f(a for a in b, c)", "f(c, a for a in b)", "a b", "f(a b)",
    "[a b]", "(a b)", "{a b}", "{a: b c}", "x[a b]", "1abc", "0_", "1__0", "012", "0777", "0b2", "0x", "0o8",
    "1e", "0xg", "0b", "1_", "1.e", "a $ b", "a ? b", "a € b", "x = `a`", "x = \"abc", "x = 'abc\n",
    "x = \"\"\"abc", "x = '''abc\n\ndef", "(1", "[1, 2", "{", "1)", "]", "(1]", "(1,\n2}", "foo(\n  1,\n  2\n",
    "if x:\npass", "if x:\n", "def f():\n", "def f():\nx", "class C:\n", "for x in y:\n", "while x:\n",
    "try:\n", "with x:\n", "if x:\n  a\nelse:\n", "if x:\n  a\nelif y:\n", "try:\n  a\nexcept:\n",
    "try:\n  a\nfinally:\n", "try:\n  pass\nx=1", "try:\n  pass\n",
    "def f(:\n", "x\n  y", "if x:\n    a\n  b", "if x:\n\ty\n        z", "if x:\n        y\n\tz",
    "'-'*300", "del f()", "del a + b", "del *a", "for 1 in x: pass", "for f() in x: pass", "with a as 1: pass",
    "[a]: int", "a, b: int", "(a, b): int", "a + b: int", "f() += 1", "(a,b) += 1", "[a] += 1", "a + 1 += 1",
    "def f(a=1, b): pass", "def f(a, a): pass", "f(a=1, b)", "f(**k, a)", "f(**k, *a)", "def f(*): pass",
    "def f(*, **k): pass", "def f(**k, a): pass", "def f(/, a): pass", "def f(a, /, b, /): pass",
    "def f(*a, /): pass", "def f(*a=1): pass", "def f(**k=1): pass", "lambda a=1, b: 0",
    "if x\n  pass", "while x\n  pass", "for x in y\n  pass", "def f()\n  pass", "class C\n  pass",
    "try\n  pass", "else:", "elif x:", "except:", "return 1", "yield 1", "break", "continue",
    "x = (yield) = 1", "(yield) = 1", "x = 1 +", "x +", "print 'x'", "print x", "exec 'x'",
    "f'{}'", "f'{ }'", "f'{x'", "f'}'", "f'{'", "f'{x!z}'", "f'{x!}'", "f'{a b}'", "f'{x:{y:{z}}}'",
    "f'{#}'", "f'{\\n}'", "\"\\N{foo}\"", "\"\\x4\"", "\"\\u12\"", "'\\U00110000'", "b'\\x'", "b'é'",
    "a = b'x' 'y'", "a = 'x' b'y'", "\\", "x = 1 \\", "x = 1 \\ y", "a = (1,\n", "1 if 2", "1 if 2 else",
    "lambda: yield", "x := 1", "(a.b := 1)", "(a[0] := 1)", "[x, y for x in z]", "[*a for a in b]",
    "a.1", "a.", "import a.", "from . import", "from a import b,", "from a import (b", "import *",
    "global", "nonlocal 1", "class", "def", "def 1(): pass", "@\ndef f(): pass", "@d\nx = 1",
    "with a as b c: pass", "async x", "async with", "except E, F: pass", "try:\n  pass\nexcept E, F:\n  pass\n",
    "x = 1\n  y = 2", "  x", "\tx", "x = [1,\n  2\n  3]", "if 1:\n" + "".join(" " * i + "if 1:\n" for i in range(1, 101)) + " " * 101 + "pass\n",
    "a = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))",
    "True = 1", "None = 1", "... = 1", "__debug__", "a + = 1", "x = (1 2)", "f(a, b c)", "d = {1: 2 3: 4}",
    "x = 1\n\x0c\ny = 2\n", "a = 1;;", ";", "x = 1 if 2 else 3 = 4", "not x = 1", "-x = 1", "x and y = 1",
    "(x) = 1", "x.y = 1 = 2", "a, b += 1", "x = [1, 2", "def f(x y): pass", "import a as 1", "from a import b as",
]

EVAL_CASES = ["1 + 2", "a, b", "\n x \n", "x = 1", "lambda: 1", "f'{x}'", "(yield)"]
SINGLE_CASES = ["x = 1", "if x:\n    y\n", "a; b", "x\ny\n", "for x in y: pass\n"]


def run(src, mode):
    try:
        t = ast.parse(src, mode=mode)
        return ("ok", ast.dump(t, include_attributes=True))
    except SyntaxError as e:
        return ("err", type(e).__name__, e.msg, e.lineno or 0, e.offset or 0)
    except (ValueError, MemoryError, RecursionError) as e:
        return ("other", type(e).__name__, str(e))


def c_str(s):
    out = []
    for ch in s.encode("utf-8"):
        c = chr(ch)
        if c == "\\": out.append("\\\\")
        elif c == '"': out.append('\\"')
        elif c == "\n": out.append("\\n")
        elif c == "?": out.append("\\?")
        elif 32 <= ch < 127: out.append(c)
        else: out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def all_cases():
    for s in CASES: yield s, "exec"
    for s in EVAL_CASES: yield s, "eval"
    for s in SINGLE_CASES: yield s, "single"


def generate():
    lines = []
    modes = {"exec": "MN_PARSE_FILE", "eval": "MN_PARSE_EVAL", "single": "MN_PARSE_SINGLE"}
    kinds = {"SyntaxError": "MN_ERR_SYNTAX", "IndentationError": "MN_ERR_INDENTATION", "TabError": "MN_ERR_TAB"}
    for src, mode in all_cases():
        r = run(src, mode)
        if r[0] == "ok":
            lines.append("    {%s, %s, %s, 0, NULL, 0, 0}," % (c_str(src), modes[mode], c_str(r[1])))
        elif r[0] == "err":
            lines.append("    {%s, %s, NULL, %s, %s, %d, %d}," % (c_str(src), modes[mode], kinds.get(r[1], "MN_ERR_SYNTAX"), c_str(r[2]), r[3], r[4]))
        # CPython's MemoryError/RecursionError/ValueError cases are covered by hand-written tests
    return lines


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "test_parser.c")
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        driver, bad = sys.argv[2], 0
        for src, mode in all_cases():
            r = run(src, mode)
            if r[0] == "other": continue
            with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as f:
                f.write(src.encode("utf-8")); name = f.name
            m = {"exec": "1", "eval": "2", "single": "3"}[mode]
            got = subprocess.run([driver, name, m], capture_output=True, env=dict(os.environ, ATTR="1")).stdout.decode("utf-8", "replace").rstrip("\n")
            os.unlink(name)
            want = r[1] if r[0] == "ok" else "%s %s %d %d" % r[1:]
            if got.replace(" incomplete", "") != want:
                bad += 1
                print("SRC ", repr(src)); print("WANT", want[:600]); print("GOT ", got[:600]); print()
        print(bad, "mismatches")
        return
    text = open(path, encoding="utf-8").read()
    a = text.index("/* BEGIN CASES */") + len("/* BEGIN CASES */")
    b = text.index("    /* END CASES */")
    text = text[:a] + "\n" + "\n".join(generate()) + "\n" + text[b:]
    open(path, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
