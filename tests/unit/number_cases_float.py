inf, nan = float('inf'), float('nan')
for v in (0.1, 0.1 + 0.2, 1e16, 1e22, 1e-7, 5e-324, 1.7976931348623157e308, -0.0, 2.0**53, 123456789.0, 1/3, 100.0, 1e15, 9007199254740993.0, 2.5e-5, inf, -inf, nan):
    case('repr', v)
for a, b in ((7.5, 2.0), (7.5, -2.0), (-7.5, 2.0), (-7.5, -2.0), (-0.0, 5.0), (1e308, 1e-308), (5.0, 0.1), (-1e-300, 1e300), (3, 0.5)):
    for op in ('//', '%', 'divmod', '/'):
        case(op, a, b)
for op in ('/', '//', '%', 'divmod'):
    case(op, 1.0, 0.0); case(op, 1, 0.0); case(op, 5.0, -0.0)
case('+', 1.5, 2**1000, expr="1.5 + 2**1000"); case('+', 1.5, 10**400, expr="1.5 + 10**400"); case('*', 1e308, 10.0); case('-', inf, inf)
case('**', 0.0, -1.0); case('**', 0, -1.0); case('**', 2.0, 0.5); case('**', -8.0, 3.0); case('**', -2.0, -1.0); case('**', 1e308, 2.0)
case('**', 10.0, 400); case('**', 2.0, -5000.0); case('**', 0.0, 0.0); case('**', nan, 0.0); case('**', 1.0, nan); case('**', -1.0, inf)
case('**', 0.5, -inf); case('**', -inf, 3.0); case('**', -inf, -3.0); case('**', -0.0, 3.0); case('**', 2, 0.5); case('**', 2.0, 3)
case('pow3', 2.0, 3, 4); case('pow3', 2, 3.0, 4)
for a, b in ((1.0, 1), (2.0**53, 2**53 + 1), (1e308, 10**400), (-inf, -(10**400)), (3.5, 3), (9.223372036854776e18, 2**63), (nan, 1), (0.5, 0), (-0.5, -1), (inf, 2**5000)):
    for op in ('<', '<=', '==', '!=', '>', '>='):
        case(op, a, b)
case('==', nan, nan); case('!=', nan, nan); case('<', 1.0, 2.0); case('==', -0.0, 0.0)
for v in (0.0, -0.0, 1.0, -1.0, 1.5, -0.5, 0.1, 1e100, 2.0**61, 2.0**62, -2.0**63, 1e-300, 5e-324, 1.7976931348623157e308, inf, -inf, 123456.789):
    case('hash', v)
case('is_integer', 3.0); case('is_integer', 3.5); case('is_integer', inf)
for v in (1.5, -0.75, 0.1, 1e300, 0.0, 5e-324, inf, nan, -3.0):
    case('as_integer_ratio', v)
for v in (2.5, 1.0, -0.1, 0.0, -0.0, 5e-324, 1.7976931348623157e308, inf, nan, 1e-310):
    case('hex', v)
for s in ('0x1.8p1', '0x1p-1074', '0x1p-1075', '0x3p-1076', '0x1.fffffffffffff8p1023', '0x1p1024', '  -0X1.4P+1  ', 'inf', '-Infinity', 'nan',
          '0x.8', '1', 'ff.8', '0x1.00000000000008p0', '0x1.00000000000018p0', '0x1.000000000000081p0', 'x', '0x', '0x1p', '1.2.3', '0x1p-99999999999999'):
    case('fromhex', 1.0, s, expr=f"float.fromhex({s!r})")
for v, n in ((2.5, None), (3.5, None), (-2.5, None), (2.675, 2), (1.5, 0), (1234.5678, -2), (1e300, -400), (0.5, None), (1e16, None), (-0.0, 1)):
    if n is None: case('__round__', v)
    else: case('__round__', v, n)
case('__round__', inf); case('__round__', nan); case('__round__', 2.5, None)
case('__trunc__', -3.7); case('__floor__', -3.2); case('__ceil__', -3.7); case('__floor__', 1e20); case('__trunc__', inf)
case('__format__', 3.14159, '.2f'); case('__format__', 1234567.0, ',.1f'); case('__format__', 0.5, '%'); case('__format__', 1e100, 'g'); case('__format__', 2.5, '')
case('__format__', 1.0, 'd')
case('conjugate', 2.5); case('__getformat__', 1.0, 'double', expr="float.__getformat__('double')")
call('float'); call('float', '1e500'); call('float', 'abc'); call('float', '  1.5  '); call('float', ' 1_0 '); call('float', '1__0'); call('float', '')
call('float', b'1.5'); call('float', 10**400); call('float', 2**53 + 1); call('float', True); call('float', [1]); call('float', x=1); call('float', 1, 2)
call('float', '-inf'); call('float', 'nAn'); call('float', '0x10'); call('float', '.5e-3'); call('float', '1e-400')
case('+', 2.5, True); case('bool', 0.0); case('bool', -0.0); case('bool', nan); case('neg', 0.0); case('abs', -inf)
