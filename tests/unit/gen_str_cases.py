#!/usr/bin/env python3
"""Generates tests/unit/str_cases.inc from the Python expressions below,
evaluated by CPython 3.11 (the oracle). Each case records the expression
(as a comment and as the test label), how to build it from C (receiver,
operation, arguments) and either repr(result) or the exception type and
message. Re-run after editing:  python3 tests/unit/gen_str_cases.py
"""
import ast, os, sys

CASES = r'''
# --- split / rsplit
'a b  c'.split()
'  a b  c  '.split()
'  a b  c  '.split(None, 1)
'  a b  c  '.rsplit(None, 1)
'a,b,,c'.split(',')
'a,b,,c'.split(',', 2)
'a,b,,c'.rsplit(',', 2)
'a,b,,c'.rsplit(',')
''.split()
''.split(',')
'   '.split()
'abc'.split('abc')
'héllo wörld'.split('ö')
'héllo wörld'.split()
'一 二\u3000三'.split()
'a\x1cb\x85c'.split()
'a\u200bb'.split()
'x--y--z'.split('--', maxsplit=1)
'x--y--z'.rsplit(sep='--', maxsplit=1)
'a b c'.split(maxsplit=0)
'  a b c  '.split(maxsplit=0)
'  a b c  '.rsplit(maxsplit=0)
'a b c'.split(None, -1)
'abc'.split('')
'abc'.split(1)
# --- join
','.join(['a', 'b', 'c'])
''.join([])
'-'.join(['x'])
'é'.join(['a', 'b'])
','.join(('a', 'ü'))
','.join('abc')
','.join(['a', 1])
','.join(1)
# --- strip
'  hi  '.strip()
'  hi  '.lstrip()
'  hi  '.rstrip()
'xxhixx'.strip('x')
'\u3000\n hi \t\x0b'.strip()
'ééhéé'.strip('é')
'abcba'.strip('ab')
''.strip()
'hi'.strip(None)
'hi'.strip(1)
'hi'.rstrip('')
# --- find family
'hello'.find('l')
'hello'.rfind('l')
'hello'.find('z')
'hello'.find('')
'hello'.find('', 5)
'hello'.find('', 6)
'hello'.find('l', 3)
'hello'.find('l', -2)
'hello'.find('l', 1, 3)
'hello'.find('l', None, 3)
'héllo wörld'.find('wö')
'héllo wörld'.rfind('l')
'héllo wörld'.find('l', 4)
'日本語日本語'.find('語', 3)
'日本語日本語'.rfind('日本', 0, 4)
'a😀b😀c'.find('c')
'a😀b😀c'.rfind('😀')
'hello'.index('l')
'hello'.rindex('l')
'hello'.index('z')
'hello'.rindex('z')
'hello'.find(1)
'hello'.find('l', 'x')
'hello'.find()
'aaaa'.count('aa')
'aaaa'.count('')
'aaaa'.count('', 2)
'aaaa'.count('', 5)
'héhéhé'.count('hé')
'héhéhé'.count('é', 2)
'hello'.count('l', 0, 3)
'hello'.count(1)
# --- replace
'aaa'.replace('a', 'b')
'aaa'.replace('a', 'b', 2)
'aaa'.replace('a', 'b', 0)
'aaa'.replace('a', 'b', -1)
'abc'.replace('', '-')
'abc'.replace('', '-', 2)
''.replace('', 'x')
'héllo'.replace('é', 'e')
'héllo'.replace('', '.')
'abc'.replace('x', 'y')
'abc'.replace(1, 'y')
'abc'.replace('a', 2)
# --- startswith / endswith
'hello'.startswith('he')
'hello'.startswith('lo')
'hello'.endswith('lo')
'hello'.startswith(('x', 'h'))
'hello'.endswith(('x', 'y'))
'hello'.startswith('l', 2)
'hello'.startswith('l', 2, 2)
'hello'.startswith('', 5)
'hello'.startswith('', 6)
'hello'.endswith('l', 0, 4)
'hello'.endswith('', -1)
'héllo'.startswith('é', 1)
'héllo'.endswith('é', 0, 2)
'hello'.startswith(1)
'hello'.endswith((1,))
# --- padding
'abc'.center(9)
'abc'.center(8)
'ab'.center(7, '*')
'abc'.center(2)
'é'.center(4, 'ö')
'abc'.ljust(6, '.')
'abc'.rjust(6)
'abc'.rjust(-1)
'abc'.center()
'abc'.center(5, 'ab')
'abc'.center(5, 1)
'abc'.ljust('x')
'42'.zfill(5)
'-42'.zfill(5)
'+4'.zfill(4)
'abc'.zfill(2)
''.zfill(3)
'é'.zfill(3)
'4'.zfill('x')
# --- partition
'a=b=c'.partition('=')
'a=b=c'.rpartition('=')
'abc'.partition('x')
'abc'.rpartition('x')
'héllo'.partition('é')
'abc'.partition('')
'abc'.partition(1)
# --- splitlines
'a\nb\r\nc\rd'.splitlines()
'a\nb\r\nc\rd\n'.splitlines(True)
'a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i'.splitlines()
''.splitlines()
'\n'.splitlines()
'\n\n'.splitlines(keepends=True)
'x'.splitlines()
# --- expandtabs
'a\tb'.expandtabs()
'a\tb'.expandtabs(4)
'ab\tc\nd\te'.expandtabs(3)
'a\tb'.expandtabs(0)
'é\tb'.expandtabs(4)
'a\tb'.expandtabs(tabsize=2)
'a\tb'.expandtabs('x')
# --- encode
'héllo'.encode()
'héllo'.encode('utf-8')
'héllo'.encode('latin-1')
'héllo'.encode('ascii', 'ignore')
'héllo'.encode('ascii', 'replace')
'héllo'.encode('ascii', 'backslashreplace')
'h€llo'.encode('latin-1', 'xmlcharrefreplace')
'héllo'.encode('ascii')
'hé€lo'.encode('ascii')
'h€'.encode('latin-1')
'a'.encode('foo')
'é'.encode('ascii', 'foo')
'\ud800'.encode()
'a\ud800'.encode('utf-8', 'replace')
'abc'.encode('UTF8')
'é'.encode(encoding='latin1')
# --- removeprefix / removesuffix
'prefix-body'.removeprefix('prefix-')
'prefix-body'.removeprefix('x')
'body.txt'.removesuffix('.txt')
'body.txt'.removesuffix('')
'héllo'.removeprefix('hé')
'a'.removeprefix(1)
# --- case mapping
'Hello World'.upper()
'Hello World'.lower()
'Hello World'.swapcase()
'hello world'.title()
"they're bill's friends".title()
'hello WORLD'.capitalize()
'ßtraße'.upper()
'ﬁne'.upper()
'ﬁne'.title()
'ﬁne'.capitalize()
'ß'.title()
'ß'.swapcase()
'ß'.casefold()
'ΣΑΣ'.lower()
'ΣΑΣ ΣΑΣ.'.lower()
'Σ'.lower()
'AΣ'.lower()
'AΣb'.lower()
'İ'.lower()
'İ'.casefold()
'ǆ'.title()
'ǆ'.capitalize()
'ǅ'.upper()
'ǅ'.lower()
'ǅ'.swapcase()
'ŉ'.upper()
'ǰ'.upper()
'ΐ'.upper()
'ᾳ'.upper()
'ᾳ'.title()
'ᾀ'.upper()
'ᾈ'.lower()
'և'.upper()
'ﬅ'.upper()
'ẞ'.lower()
'ẞ'.casefold()
'Straße'.casefold()
'ÉCOLE'.lower()
'école'.upper()
'日本'.upper()
'ⓐ'.upper()
'Ⓐ'.lower()
'ǈ'.lower()
'hello 123 wORLD'.swapcase()
'a1b2'.title()
'çà et là'.title()
''.upper()
# --- predicates
'abc'.isalpha()
'abç'.isalpha()
'ab1'.isalpha()
''.isalpha()
'日本'.isalpha()
'ab\u0301'.isalpha()
'123'.isdigit()
'²'.isdigit()
'①'.isdigit()
'½'.isdigit()
'٣'.isdigit()
'123'.isdecimal()
'²'.isdecimal()
'٣'.isdecimal()
'½'.isnumeric()
'Ⅻ'.isnumeric()
'²'.isnumeric()
'abc'.isnumeric()
'abc123'.isalnum()
'abc 123'.isalnum()
'½'.isalnum()
' \t\n\r\x0b\x0c'.isspace()
'\x1c\x1d\x1e\x1f\x85\xa0'.isspace()
'\u2000\u3000\u2028'.isspace()
'\u200b'.isspace()
''.isspace()
'ABC'.isupper()
'ABC1'.isupper()
'AbC'.isupper()
'123'.isupper()
'abc'.islower()
'abc1'.islower()
'ß'.islower()
'ǅ'.islower()
'ǅ'.isupper()
'ⓐ'.islower()
'Ⓐ'.isupper()
'Hello World'.istitle()
'Hello world'.istitle()
'HEllo'.istitle()
'ǅungla'.istitle()
'123'.istitle()
'A1 B2'.istitle()
'abc'.isprintable()
''.isprintable()
'a\n'.isprintable()
'é ü 日'.isprintable()
'\xa0'.isprintable()
'\u200b'.isprintable()
'\U0001f600'.isprintable()
'\ue000'.isprintable()
'abc_1'.isidentifier()
'1abc'.isidentifier()
'_'.isidentifier()
'héllo'.isidentifier()
'日本'.isidentifier()
'a-b'.isidentifier()
''.isidentifier()
'a\u0301'.isidentifier()
'abc'.isascii()
''.isascii()
'é'.isascii()
'\x7f'.isascii()
# --- maketrans / translate
'hello'.translate(str.maketrans('el', 'ip'))
'hello'.translate(str.maketrans('el', 'ip', 'o'))
'hello'.translate({104: 'J', 101: None, 108: 'LL'})
'héllo'.translate(str.maketrans({'é': 'e'}))
str.maketrans('ab', 'cd')
str.maketrans({'a': 1, 98: 'x'})
str.maketrans(1)
str.maketrans('ab', 'c')
str.maketrans({'ab': 1})
str.maketrans('a', 'b', 1)
'a'.translate({97: 1.5})
'a'.translate({97: 0x110000})
# --- misc methods
'abc'.__getnewargs__()
'abc'.__format__('>5')
'abc'.__format__('')
'abc'.__format__(1)
# --- format spec for str
format('abc', '<6')
format('abc', '>6')
format('abc', '^7')
format('abc', '*^8')
format('abc', '.2')
format('abc', '6.2')
format('héllo', '^9.3')
format('abc', 's')
format('é', 'é>4')
format('abc', 'd')
format('abc', '+')
format('abc', '=5')
format('abc', '#')
format('abc', ',')
# --- str.format
'{} {}'.format(1, 'a')
'{0} {1} {0}'.format('x', 'y')
'{name}!'.format(name='Bob')
'{0!r} {0!s} {0!a}'.format('é')
'{:>{w}}'.format('a', w=5)
'{:{fill}^{w}}'.format('mid', fill='*', w=9)
'{0[1]} {0[x]}'.format({1: 'one', 'x': 'ex'})
'{0[0]}{0[2]}'.format('abc')
'{{}} {{{0}}}'.format(7)
'{:d}'.format(42)
'{:5d}|{:<5}|{:^5}'.format(42, 7, 3)
'{:.3f}'.format(3.14159)
'{:,}'.format(1234567)
'{0}{}'.format(1, 2)
'{}{0}'.format(1, 2)
'{'.format(1)
'}'.format(1)
'x}y'.format(1)
'{0'.format(1)
'{x}'.format(1)
'{1}'.format(1)
'{}'.format()
'{!x}'.format(1)
'{!r'.format(1)
'{!rx}'.format(1)
'{0.}'.format(1)
'{0[}'.format(1)
'{0[0]x}'.format([1])
'{0.real}'.format(5)
'{0.foo}'.format(1)
'{0[0]}'.format(1)
'{:{:{}}}'.format(1, 2, 3)
'{a}{b}'.format_map({'a': 1, 'b': 'z'})
'{}'.format_map({})
'{a}'.format_map({})
# --- % formatting
'%s' % 'x'
'%s %s' % ('a', 'b')
'%s' % (1,)
'%r' % 'é'
'%a' % 'é'
'%d' % 42
'%i|%u' % (-3, 4)
'%5d|%-5d|%05d|%+d|% d' % (3, 3, -3, 3, 3)
'%x %X %o' % (255, 255, 8)
'%#x %#X %#o' % (255, 255, 8)
'%#08x' % 255
'%.3d' % 5
'%#.3x' % 5
'%x' % -255
'%d' % 10**30
'%x' % 2**70
'%d' % True
'%d' % 1.9
'%f' % 3.14159
'%.2f' % 2.675
'%e' % 12345.678
'%E' % 1e100
'%g' % 1e-5
'%G' % 1e20
'%g' % 0.0001
'%10.3f|' % -3.14159
'%-10.2e|' % 1234.5
'%+.1f' % 2.25
'%F' % float('inf')
'%f' % float('nan')
'%05f' % float('-inf')
'%#g' % 1.0
'%f' % 3
'%c' % 65
'%c' % 'é'
'%c%c' % (0x1F600, 'z')
'%5s|%-5s|' % ('ab', 'cd')
'%.2s' % 'héllo'
'%5.1s|' % 'abc'
'%*d' % (5, 3)
'%-*d|' % (5, 3)
'%*d|' % (-5, 3)
'%.*f' % (2, 3.14159)
'%*.*f' % (8, 2, 3.14159)
'%(a)s %(b)r' % {'a': 1, 'b': 'x'}
'%(a)s %(a)s' % {'a': 'rep'}
'%(x(y))s' % {'x(y)': 5}
'%%' % ()
'100%%' % ()
'%s' % []
'%s' % {}
'abc' % {}
'abc' % []
'%s %%' % 'x'
'%ld %lx' % (5, 255)
'%s' % ()
'%s %s' % (1,)
'%s' % (1, 2)
'abc' % 5
'%d' % 'x'
'%x' % 1.5
'%f' % 'x'
'%c' % 'ab'
'%c' % 1114112
'%c' % 1.5
'%z' % 1
'%' % ()
'a%' % ()
'%(a)s' % 1
'%(a)s' % {}
'%(a' % {'a': 1}
'%*d' % ('x', 1)
'héllo %é' % ()
# --- operators
'ab' + 'cd'
'' + 'x'
'é' + 'ü'
'ab' * 3
3 * 'ab'
'ab' * 0
'ab' * -2
'é' * 3
'a' + 1
'a' * 'b'
'a' * 1.5
'b' in 'abc'
'' in 'abc'
'é' in 'héllo'
'x' in 'abc'
'bc' in 'abc'
1 in 'abc'
'abc'[0]
'abc'[-1]
'héllo'[1]
'héllo'[-4]
'a😀b'[1]
'abc'[3]
'abc'[-4]
'abc'['x']
'abc'[1.5]
'hello'[1:3]
'hello'[::-1]
'hello'[::2]
'héllo wörld'[2:9:3]
'héllo wörld'[::-2]
'héllo'[-3:]
'héllo'[10:]
'héllo'[:-10]
'abc'[::0]
'a' < 'b'
'a' < 'B'
'é' > 'z'
'abc' < 'abd'
'ab' < 'abc'
'😀' > '\uffff'
'a' == 'a'
'a' != 'a'
'a' <= 'a'
'a' >= 'b'
'a' < 1
'a' == 1
'a' != 1
# --- repr / str / ascii
repr('abc')
repr("it's")
repr('say "hi"')
repr('both \' and "')
repr('tab\there\nnl\r\\')
repr('\x00\x07\x1b\x7f')
repr('\x80\x9f\xa0\xad\xff')
repr('é日本😀')
repr('\u200b\u2028\ufeff')
repr('\ud800\udfff')
repr('\U000e0001\U0010ffff\ue000')
repr('a\u0301')
repr('')
ascii('é日本😀\n')
ascii('abc')
str('abc')
str(123)
str(b'abc', 'ascii')
str(b'h\xc3\xa9', 'utf-8')
str(b'h\xc3\xa9', encoding='latin-1')
str(b'\xff', 'utf-8')
str(b'a\xe9b', 'ascii')
str(b'\xe9\x80', 'utf-8')
str(b'\xe9\x80A', 'utf-8')
str(b'\xf0\x9f\x98', 'utf-8')
str(b'\xf0\x9f\x98', 'utf-8', 'replace')
str(b'a\xff\xfeb\xe9\x80c', 'utf-8', 'replace')
str(b'a\xff\xfeb\xe9\x80c', 'utf-8', 'ignore')
str(b'a\xffb', 'utf-8', 'backslashreplace')
str(b'\xed\xa0\x80', 'utf-8')
str(b'\xc0\xaf', 'utf-8')
str(b'\xf4\x90\x80\x80', 'utf-8')
str(b'a', 1)
str('a', 'utf-8')
str(1, 'utf-8')
str(b'a', 'foo')
str(b'\xe9', 'utf-8', 'foo')
str()
len('héllo')
len('')
len('😀😀')
'''


def c_str(s):
    """A C string literal for arbitrary text (UTF-8, surrogates as WTF-8)."""
    b = s if isinstance(s, bytes) else s.encode('utf-8', 'surrogatepass')
    out = '"'
    for i, byte in enumerate(b):
        ch = chr(byte)
        if ch == '"' or ch == '\\':
            out += '\\' + ch
        elif 32 <= byte < 127 and ch != '?':   # '?' could start a trigraph
            out += ch
        else:
            out += '\\%03o' % byte
    return out + '"'


class Enc:
    """Flattens a literal value into the C value-builder token list."""
    def __init__(self):
        self.toks = []

    def val(self, v):
        if isinstance(v, bool):
            self.toks.append("{'b', %d, 0, NULL}" % int(v))
        elif isinstance(v, int):
            if -2**63 <= v < 2**63:
                self.toks.append("{'i', %dLL, 0, NULL}" % v if v != -2**63 else "{'i', INT64_MIN, 0, NULL}")
            else:
                self.toks.append("{'I', 0, 0, %s}" % c_str(str(v)))
        elif isinstance(v, float):
            self.toks.append("{'f', 0, %r, NULL}" % v if v == v and v not in (float('inf'), float('-inf'))
                             else "{'F', 0, 0, %s}" % c_str(repr(v)))
        elif isinstance(v, str):
            self.toks.append("{'s', %d, 0, %s}" % (len(v.encode('utf-8', 'surrogatepass')), c_str(v)))
        elif isinstance(v, bytes):
            self.toks.append("{'y', %d, 0, %s}" % (len(v), c_str(v)))
        elif v is None:
            self.toks.append("{'n', 0, 0, NULL}")
        elif isinstance(v, tuple):
            self.toks.append("{'t', %d, 0, NULL}" % len(v))
            for x in v:
                self.val(x)
        elif isinstance(v, list):
            self.toks.append("{'l', %d, 0, NULL}" % len(v))
            for x in v:
                self.val(x)
        elif isinstance(v, dict):
            self.toks.append("{'d', %d, 0, NULL}" % len(v))
            for k, x in v.items():
                self.val(k)
                self.val(x)
        elif isinstance(v, slice):
            self.toks.append("{'S', 0, 0, NULL}")
            self.val(v.start); self.val(v.stop); self.val(v.step)
        else:
            raise TypeError(v)


def lit(node):
    """Evaluates a literal-ish AST node (constants, containers, 10**30,
    float('inf'), str.maketrans(...))."""
    return eval(compile(ast.Expression(node), '<lit>', 'eval'))


def encode_case(expr):
    tree = ast.parse(expr, mode='eval').body
    e = Enc()
    kw = []
    if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Attribute) \
            and not (isinstance(tree.func.value, ast.Name) and tree.func.value.id == 'str'):
        op = 'M:' + tree.func.attr
        e.val(lit(tree.func.value))
        args = tree.args
        kw = tree.keywords
    elif isinstance(tree, ast.Call) and isinstance(tree.func, ast.Attribute):
        op = 'M:' + tree.func.attr           # str.maketrans(...): receiver is 'x'
        e.val('')
        args = tree.args
        kw = tree.keywords
    elif isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
        op = 'F:' + tree.func.id
        args = tree.args
        kw = tree.keywords
    elif isinstance(tree, ast.BinOp):
        op = {ast.Add: 'B:0', ast.Mult: 'B:5', ast.Mod: 'B:6'}[type(tree.op)]
        args = [tree.left, tree.right]
    elif isinstance(tree, ast.Compare):
        cop = tree.ops[0]
        if isinstance(cop, ast.In):
            op = 'IN'
            args = [tree.left, tree.comparators[0]]
        else:
            op = 'C:%d' % {ast.Lt: 0, ast.LtE: 1, ast.Eq: 2, ast.NotEq: 3, ast.Gt: 4, ast.GtE: 5}[type(cop)]
            args = [tree.left, tree.comparators[0]]
    elif isinstance(tree, ast.Subscript):
        op = 'GI'
        args = [tree.value, tree.slice]
    else:
        raise ValueError(expr)
    vals = []
    for a in args:
        if isinstance(a, ast.Slice):
            vals.append(slice(*(lit(x) if x else None for x in (a.lower, a.upper, a.step))))
        else:
            vals.append(lit(a))
    for v in vals:
        e.val(v)
    kwnames = [k.arg for k in kw]
    for k in kw:
        e.val(lit(k.value))
    nrecv = 1 if op.startswith('M:') else 0
    return op, len(vals), kwnames, e.toks


def main():
    out = ['/* Generated by tests/unit/gen_str_cases.py from CPython %s — do not edit. */'
           % sys.version.split()[0]]
    n = 0
    for line in CASES.strip('\n').split('\n'):
        if not line.strip() or line.startswith('#'):
            continue
        expr = line.strip()
        try:
            res = eval(expr)
            expect_exc, expect = None, repr(res)
        except Exception as exc:
            expect_exc, expect = type(exc).__name__, str(exc)
        op, nargs, kwnames, toks = encode_case(expr)
        name = 'case_%d' % n
        out.append('/* %s  ->  %s */' % (expr.encode('ascii', 'backslashreplace').decode().replace('*/', '* /'),
                                         (expect_exc + ': ' if expect_exc else '') +
                                         expect.encode('ascii', 'backslashreplace').decode().replace('*/', '* /')))
        out.append('static const tok %s[] = {%s};' % (name, ', '.join(toks) or "{0, 0, 0, NULL}"))
        out.append('#define %s_INFO {%s, %s, %d, %s, %d, %s, %s, %s},' % (
            name, c_str(expr), c_str(op), nargs,
            c_str(','.join(kwnames)), len(kwnames), name,
            c_str(expect_exc) if expect_exc else 'NULL', c_str(expect)))
        n += 1
    out.append('static const str_case str_cases[] = {')
    for i in range(n):
        out.append('    case_%d_INFO' % i)
    out.append('};')
    out.append('#define N_STR_CASES %d' % n)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'str_cases.inc')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print('wrote %d cases to %s' % (n, path))


main()
