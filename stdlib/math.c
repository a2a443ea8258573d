/* stdlib/math.c — the `math` module, after CPython's mathmodule.c: the C
 * library's functions on doubles with CPython's error rules ("math domain
 * error" ValueError, "math range error" OverflowError), plus the exact
 * integer functions (factorial, isqrt, gcd, lcm, comb, perm) on arbitrary
 * precision ints and the exactly rounded fsum.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include "stdlib/modules.h"

static mn_object *domain_error(void)
{
    mn_err_set_string(&mn_exc_ValueError, "math domain error");
    return NULL;
}

static mn_object *range_error(void)
{
    mn_err_set_string(&mn_exc_OverflowError, "math range error");
    return NULL;
}

static mn_object *lookup_special(mn_object *o, const char *name)
{
    mn_object *d = mn_type_lookup_str(MN_TYPE(o), name);
    if (!d)
        return NULL;
    mn_descrgetfunc get = MN_TYPE(d)->descr_get;
    return get ? get(d, o, MN_OBJ(MN_TYPE(o))) : MN_NEW_REF(d);
}

/* PyFloat_AsDouble with math's message for non-numbers. */
static int as_double(mn_object *o, double *out)
{
    if (MN_FLOAT_CHECK(o)) {
        *out = MN_FLOAT_VALUE(o);
        return 0;
    }
    if (MN_INT_CHECK(o)) {
        *out = mn_int_as_double(o);
        return *out == -1.0 && mn_err_occurred() ? -1 : 0;
    }
    mn_number_methods *nm = MN_TYPE(o)->as_number;
    if ((nm && (nm->float_ || nm->index)) || mn_type_lookup_str(MN_TYPE(o), "__float__") ||
        mn_type_lookup_str(MN_TYPE(o), "__index__")) {
        mn_object *f = mn_number_float(o);
        if (!f)
            return -1;
        *out = MN_FLOAT_VALUE(f);
        MN_DECREF(f);
        return 0;
    }
    mn_err_format(&mn_exc_TypeError, "must be real number, not %s", MN_TYPE_NAME(o));
    return -1;
}

/* One-argument functions: CPython's math_1 error logic. */
static mn_object *math_1(mn_object *arg, double (*fn)(double), int can_overflow)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    errno = 0;
    double r = fn(x);
    if (isnan(r) && !isnan(x))
        return domain_error();
    if (isinf(r) && isfinite(x))
        return can_overflow ? range_error() : domain_error();
    return mn_float_from_double(r);
}

#define MATH_1(name, fn, ovf) \
    static mn_object *math_##name(MN_UNUSED mn_object *self, mn_object *x) { return math_1(x, fn, ovf); }

MATH_1(acos, acos, 0) MATH_1(acosh, acosh, 0) MATH_1(asin, asin, 0) MATH_1(asinh, asinh, 0)
MATH_1(atan, atan, 0) MATH_1(atanh, atanh, 0) MATH_1(cbrt, cbrt, 0) MATH_1(cos, cos, 0)
MATH_1(cosh, cosh, 1) MATH_1(erf, erf, 0) MATH_1(erfc, erfc, 0) MATH_1(exp, exp, 1)
MATH_1(exp2, exp2, 1) MATH_1(expm1, expm1, 1) MATH_1(fabs, fabs, 0) MATH_1(sin, sin, 0)
MATH_1(sinh, sinh, 1) MATH_1(sqrt, sqrt, 0) MATH_1(tan, tan, 0) MATH_1(tanh, tanh, 0)

static mn_object *math_gamma(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    if (isnan(x))
        return mn_float_from_double(x);
    if (isinf(x))
        return x > 0 ? mn_float_from_double(x) : domain_error();
    if (x <= 0 && x == floor(x))
        return domain_error();
    double r = tgamma(x);
    if (isinf(r))
        return range_error();
    return mn_float_from_double(r);
}

/* CPython's own lgamma (Lanczos approximation, mathmodule.c), so results
 * match CPython to the last bit rather than the C library's. */
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408
};
static const double lanczos_den_coeffs[LANCZOS_N] = {
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
    13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0
};

static double lanczos_sum(double x)
{
    double num = 0.0, den = 0.0;
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num_coeffs[i];
            den = den * x + lanczos_den_coeffs[i];
        }
    } else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num_coeffs[i];
            den = den / x + lanczos_den_coeffs[i];
        }
    }
    return num / den;
}

static double m_sinpi(double x)
{
    double y = fmod(fabs(x), 2.0), r = 0;
    int n = (int)round(2.0 * y);
    switch (n) {
    case 0: r = sin(M_PI * y); break;
    case 1: r = cos(M_PI * (y - 0.5)); break;
    case 2: r = sin(M_PI * (1.0 - y)); break;
    case 3: r = -cos(M_PI * (y - 1.5)); break;
    case 4: r = sin(M_PI * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

static double m_lgamma(double x)
{
    if (x == floor(x) && x <= 2.0)
        return 0.0;   /* x is 1 or 2 here (non-positive integers rejected) */
    double absx = fabs(x);
    if (absx < 1e-20)
        return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0)
        r = 1.144729885849400174143427351353058711647 /* log(pi) */ - log(fabs(m_sinpi(absx))) - log(absx) - r;
    return r;
}

static mn_object *math_lgamma(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    if (!isfinite(x))
        return mn_float_from_double(isnan(x) ? x : HUGE_VAL);
    if (x <= 0 && x == floor(x))
        return domain_error();
    double r = m_lgamma(x);
    if (isinf(r))
        return range_error();
    return mn_float_from_double(r);
}

static mn_object *math_degrees(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    return mn_float_from_double(x * (180.0 / M_PI));
}

static mn_object *math_radians(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    return mn_float_from_double(x * (M_PI / 180.0));
}

static int two_doubles(const char *name, mn_object *const *args, mn_ssize nargs, mn_object *kwnames, double *x,
                       double *y)
{
    if (mn_args_no_keywords(name, kwnames) < 0 || mn_args_count(name, nargs, 2, 2) < 0)
        return -1;
    return as_double(args[0], x) < 0 || as_double(args[1], y) < 0 ? -1 : 0;
}

static mn_object *math_atan2(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    double y, x;
    if (two_doubles("atan2", args, nargs, kw, &y, &x) < 0)
        return NULL;
    return mn_float_from_double(atan2(y, x));
}

static mn_object *math_copysign(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    double x, y;
    if (two_doubles("copysign", args, nargs, kw, &x, &y) < 0)
        return NULL;
    return mn_float_from_double(copysign(x, y));
}

static mn_object *math_fmod(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    double x, y;
    if (two_doubles("fmod", args, nargs, kw, &x, &y) < 0)
        return NULL;
    if (isinf(y) && isfinite(x))
        return mn_float_from_double(x);
    double r = fmod(x, y);
    if (isnan(r) && !isnan(x) && !isnan(y))
        return domain_error();
    return mn_float_from_double(r);
}

static mn_object *math_remainder(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    double x, y;
    if (two_doubles("remainder", args, nargs, kw, &x, &y) < 0)
        return NULL;
    if (isnan(x) || isnan(y))
        return mn_float_from_double(NAN);
    if (isinf(x) || y == 0.0)
        return domain_error();
    return mn_float_from_double(remainder(x, y));
}

static mn_object *math_nextafter(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    double x, y;
    if (two_doubles("nextafter", args, nargs, kw, &x, &y) < 0)
        return NULL;
    return mn_float_from_double(nextafter(x, y));
}

static mn_object *math_ulp(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    if (isnan(x))
        return mn_float_from_double(x);
    x = fabs(x);
    if (isinf(x))
        return mn_float_from_double(x);
    double x2 = nextafter(x, INFINITY);
    if (isinf(x2)) {
        x2 = nextafter(x, -INFINITY);
        return mn_float_from_double(x - x2);
    }
    return mn_float_from_double(x2 - x);
}

static mn_object *math_pow(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    double x, y;
    if (two_doubles("pow", args, nargs, kw, &x, &y) < 0)
        return NULL;
    double r;
    if (!isfinite(x) || !isfinite(y)) {
        /* C99 Annex F gives the IEEE answers Python wants */
        r = pow(x, y);
        return mn_float_from_double(r);
    }
    r = pow(x, y);
    if (isnan(r))
        return domain_error();
    if (isinf(r))
        return x == 0.0 ? domain_error() : range_error();
    return mn_float_from_double(r);
}

static mn_object *math_ldexp(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("ldexp", kw) < 0 || mn_args_count("ldexp", nargs, 2, 2) < 0)
        return NULL;
    double x;
    if (as_double(args[0], &x) < 0)
        return NULL;
    if (!MN_INT_CHECK(args[1])) {
        mn_err_set_string(&mn_exc_TypeError, "Expected an int as second argument to ldexp.");
        return NULL;
    }
    int64_t e;
    if (!mn_int_to_i64(args[1], &e)) {
        mn_err_clear();
        e = mn_int_sign(args[1]) > 0 ? INT32_MAX : INT32_MIN;
    }
    if (e > INT32_MAX) e = INT32_MAX;
    if (e < INT32_MIN) e = INT32_MIN;
    if (x == 0.0 || !isfinite(x))
        return mn_float_from_double(x);
    double r = ldexp(x, (int)e);
    if (isinf(r))
        return range_error();
    return mn_float_from_double(r);
}

static mn_object *math_frexp(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    int e = 0;
    double m = (isnan(x) || isinf(x) || x == 0.0) ? x : frexp(x, &e);
    mn_object *a = mn_float_from_double(m), *b = mn_int_from_i64(e);
    mn_object *t = a && b ? mn_tuple_pack(2, a, b) : NULL;
    MN_XDECREF(a);
    MN_XDECREF(b);
    return t;
}

static mn_object *math_modf(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x, ip, fp;
    if (as_double(arg, &x) < 0)
        return NULL;
    if (isinf(x)) {
        ip = x;
        fp = copysign(0.0, x);
    } else
        fp = modf(x, &ip);
    mn_object *a = mn_float_from_double(fp), *b = mn_float_from_double(ip);
    mn_object *t = a && b ? mn_tuple_pack(2, a, b) : NULL;
    MN_XDECREF(a);
    MN_XDECREF(b);
    return t;
}

static mn_object *math_isfinite(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    MN_RETURN_BOOL(isfinite(x));
}
static mn_object *math_isinf(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    MN_RETURN_BOOL(isinf(x));
}
static mn_object *math_isnan(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    MN_RETURN_BOOL(isnan(x));
}

static mn_object *math_isclose(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = { "a", "b", "/", "*", "rel_tol", "abs_tol", NULL };
    mn_object *o[4];
    if (mn_args_bind("isclose", args, nargs, kw, params, 2, o) < 0)
        return NULL;
    double a, b, rel = 1e-9, abs_ = 0.0;
    if (as_double(o[0], &a) < 0 || as_double(o[1], &b) < 0 || (o[2] && as_double(o[2], &rel) < 0) ||
        (o[3] && as_double(o[3], &abs_) < 0))
        return NULL;
    if (rel < 0.0 || abs_ < 0.0) {
        mn_err_set_string(&mn_exc_ValueError, "tolerances must be non-negative");
        return NULL;
    }
    if (a == b)
        MN_RETURN_TRUE;
    if (isinf(a) || isinf(b))
        MN_RETURN_FALSE;
    double diff = fabs(b - a);
    MN_RETURN_BOOL((diff <= fabs(rel * b)) || (diff <= fabs(rel * a)) || (diff <= abs_));
}

/* hypot of n values with CPython's inf/nan rules (inf wins over nan). */
static double vector_norm(const double *v, mn_ssize n, int found_nan, double max)
{
    if (isinf(max))
        return max;
    if (found_nan)
        return NAN;
    if (max == 0 || n <= 1)
        return max;
    /* scale to avoid overflow/underflow, then a compensated sum of squares */
    double sum = 0, comp = 0;
    for (mn_ssize i = 0; i < n; i++) {
        double x = v[i] / max, sq = x * x;
        double t = sum + sq;
        comp += (fabs(sum) >= fabs(sq)) ? (sum - t) + sq : (sq - t) + sum;
        sum = t;
    }
    return max * sqrt(sum + comp);
}

static mn_object *math_hypot(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("hypot", kw) < 0)
        return NULL;
    double small[16], *v = nargs > 16 ? mn_mem_alloc((size_t)nargs * sizeof(double)) : small;
    if (!v)
        return mn_err_no_memory();
    double max = 0;
    int nan_ = 0;
    for (mn_ssize i = 0; i < nargs; i++) {
        double x;
        if (as_double(args[i], &x) < 0) {
            if (v != small)
                mn_mem_free(v);
            return NULL;
        }
        x = fabs(x);
        v[i] = x;
        nan_ |= isnan(x);
        if (x > max)
            max = x;
    }
    double r = vector_norm(v, nargs, nan_, max);
    if (v != small)
        mn_mem_free(v);
    return mn_float_from_double(r);
}

static mn_object *math_dist(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("dist", kw) < 0 || mn_args_count("dist", nargs, 2, 2) < 0)
        return NULL;
    mn_object *p = mn_tuple_from_iterable(args[0]);
    if (!p)
        return NULL;
    mn_object *q = mn_tuple_from_iterable(args[1]);
    if (!q) {
        MN_DECREF(p);
        return NULL;
    }
    mn_object *res = NULL;
    mn_ssize n = MN_TUPLE_SIZE(p);
    double *v = NULL;
    if (n != MN_TUPLE_SIZE(q)) {
        mn_err_set_string(&mn_exc_ValueError, "both points must have the same number of dimensions");
        goto out;
    }
    v = mn_mem_alloc((size_t)(n ? n : 1) * sizeof(double));
    if (!v) {
        mn_err_no_memory();
        goto out;
    }
    double max = 0;
    int nan_ = 0;
    for (mn_ssize i = 0; i < n; i++) {
        double a, b;
        if (as_double(MN_TUPLE_GET(p, i), &a) < 0 || as_double(MN_TUPLE_GET(q, i), &b) < 0)
            goto out;
        double x = fabs(a - b);
        v[i] = x;
        nan_ |= isnan(x);
        if (x > max)
            max = x;
    }
    res = mn_float_from_double(vector_norm(v, n, nan_, max));
out:
    mn_mem_free(v);
    MN_DECREF(p);
    MN_DECREF(q);
    return res;
}

/* fsum: Shewchuk's exactly rounded sum, as CPython's math_fsum (msum). */
static mn_object *math_fsum(MN_UNUSED mn_object *self, mn_object *seq)
{
    mn_object *it = mn_object_get_iter(seq);
    if (!it)
        return NULL;
    double ps[32], *p = ps;
    mn_ssize n = 0, m = 32;
    double special_sum = 0.0, inf_sum = 0.0;
    mn_object *item;
    while ((item = mn_iter_next(it))) {
        double x;
        int e = as_double(item, &x);
        MN_DECREF(item);
        if (e < 0)
            goto fail;
        double xsave = x;
        mn_ssize i = 0;
        for (mn_ssize j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* a nonfinite x may be an intermediate overflow or a real
                 * inf/nan among the inputs */
                if (isfinite(xsave)) {
                    MN_DECREF(it);
                    if (p != ps)
                        mn_mem_free(p);
                    mn_err_set_string(&mn_exc_OverflowError, "intermediate overflow in fsum");
                    return NULL;
                }
                if (isinf(xsave))
                    inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            } else {
                if (n >= m) {
                    double *np = mn_mem_alloc((size_t)m * 2 * sizeof(double));
                    if (!np) {
                        mn_err_no_memory();
                        goto fail;
                    }
                    memcpy(np, p, (size_t)n * sizeof(double));
                    if (p != ps)
                        mn_mem_free(p);
                    p = np;
                    m *= 2;
                }
                p[n++] = x;
            }
        }
    }
    if (mn_err_occurred())
        goto fail;
    MN_DECREF(it);
    double hi = 0.0;
    if (special_sum != 0.0) {
        if (isnan(inf_sum)) {
            if (p != ps)
                mn_mem_free(p);
            mn_err_set_string(&mn_exc_ValueError, "-inf + inf in fsum");
            return NULL;
        }
        hi = special_sum;
    } else if (n > 0) {
        hi = p[--n];
        double lo = 0;
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        /* half-even rounding across partials */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    if (p != ps)
        mn_mem_free(p);
    return mn_float_from_double(hi);
fail:
    MN_DECREF(it);
    if (p != ps)
        mn_mem_free(p);
    return NULL;
}

/* ------------------------------------------------ floor, ceil, trunc */

static mn_object *round_special(mn_object *x, const char *name, double (*fn)(double))
{
    if (MN_FLOAT_CHECK_EXACT(x))
        return mn_int_from_double(fn(MN_FLOAT_VALUE(x)));
    if (MN_INT_CHECK_EXACT(x))
        return MN_NEW_REF(x);
    mn_object *m = lookup_special(x, name);
    if (m) {
        mn_object *r = mn_object_call0(m);
        MN_DECREF(m);
        return r;
    }
    if (mn_err_occurred())
        return NULL;
    double d;
    if (as_double(x, &d) < 0)
        return NULL;
    return mn_int_from_double(fn(d));
}

static mn_object *math_floor(MN_UNUSED mn_object *self, mn_object *x) { return round_special(x, "__floor__", floor); }
static mn_object *math_ceil(MN_UNUSED mn_object *self, mn_object *x) { return round_special(x, "__ceil__", ceil); }

static mn_object *math_trunc(MN_UNUSED mn_object *self, mn_object *x)
{
    if (MN_FLOAT_CHECK_EXACT(x))
        return mn_int_from_double(trunc(MN_FLOAT_VALUE(x)));
    mn_object *m = lookup_special(x, "__trunc__");
    if (!m) {
        if (!mn_err_occurred())
            mn_err_format(&mn_exc_TypeError, "type %s doesn't define __trunc__ method", MN_TYPE_NAME(x));
        return NULL;
    }
    mn_object *r = mn_object_call0(m);
    MN_DECREF(m);
    return r;
}

/* ------------------------------------------------ integer functions */

static mn_object *int_op(mn_object *a, mn_object *b, int op) { return mn_number_binop(a, b, op); }

/* operator.index(), with the float message CPython's math gives */
static mn_object *as_index(mn_object *o)
{
    if (MN_FLOAT_CHECK(o)) {
        mn_err_set_string(&mn_exc_TypeError, "'float' object cannot be interpreted as an integer");
        return NULL;
    }
    return mn_number_index(o);
}

/* product of the integers in [lo, hi) by binary splitting (fast for
 * factorial, comb, perm of big values). */
static mn_object *range_product(int64_t lo, int64_t hi)
{
    if (hi - lo <= 16) {
        mn_object *r = mn_int_from_i64(1);
        for (int64_t i = lo; r && i < hi; i++) {
            mn_object *v = mn_int_from_i64(i);
            mn_object *t = v ? int_op(r, v, MN_BINOP_MULTIPLY) : NULL;
            MN_XDECREF(v);
            MN_SETREF(r, t);
        }
        return r;
    }
    int64_t mid = lo + (hi - lo) / 2;
    mn_object *a = range_product(lo, mid);
    if (!a)
        return NULL;
    mn_object *b = range_product(mid, hi);
    if (!b) {
        MN_DECREF(a);
        return NULL;
    }
    mn_object *r = int_op(a, b, MN_BINOP_MULTIPLY);
    MN_DECREF(a);
    MN_DECREF(b);
    return r;
}

static mn_object *math_factorial(MN_UNUSED mn_object *self, mn_object *arg)
{
    mn_object *n = as_index(arg);
    if (!n)
        return NULL;
    int64_t v;
    int e = mn_int_to_i64(n, &v);
    int neg = mn_int_sign(n) < 0;
    MN_DECREF(n);
    if (neg) {
        mn_err_clear();
        mn_err_set_string(&mn_exc_ValueError, "factorial() not defined for negative values");
        return NULL;
    }
    if (!e || v > 100000000) {
        mn_err_clear();
        mn_err_set_string(&mn_exc_OverflowError, "factorial() argument should not exceed 9223372036854775807");
        return NULL;
    }
    return range_product(1, v + 1);
}

static mn_object *isqrt_u64(uint64_t n)
{
    uint64_t r = (uint64_t)sqrtl((long double)n);
    while (r * r > n)
        r--;
    while ((r + 1) * (r + 1) <= n && (r + 1) * (r + 1) > r * r)
        r++;
    return mn_int_from_u64(r);
}

static mn_object *math_isqrt(MN_UNUSED mn_object *self, mn_object *arg)
{
    mn_object *n = as_index(arg);
    if (!n)
        return NULL;
    if (mn_int_sign(n) < 0) {
        MN_DECREF(n);
        mn_err_set_string(&mn_exc_ValueError, "isqrt() argument must be nonnegative");
        return NULL;
    }
    int64_t small;
    if (mn_int_to_i64(n, &small)) {
        MN_DECREF(n);
        return isqrt_u64((uint64_t)small);
    }
    mn_err_clear();
    /* CPython's adaptive-precision Newton iteration (mathmodule.c) */
    mn_ssize c = (mn_int_bit_length(n) - 1) / 2;
    mn_ssize cbits = 0;
    for (mn_ssize t = c; t; t >>= 1)
        cbits++;
    mn_object *a = mn_int_from_i64(1);
    mn_ssize d = 0;
    for (mn_ssize s = cbits - 1; a && s >= 0; s--) {
        mn_ssize e = d;
        d = c >> s;
        mn_object *sh1 = mn_int_from_ssize(d - e - 1), *sh2 = mn_int_from_ssize(2 * c - e - d + 1);
        mn_object *a_sh = sh1 ? int_op(a, sh1, MN_BINOP_LSHIFT) : NULL;
        mn_object *n_sh = sh2 ? int_op(n, sh2, MN_BINOP_RSHIFT) : NULL;
        mn_object *q = n_sh ? int_op(n_sh, a, MN_BINOP_FLOOR_DIVIDE) : NULL;
        mn_object *na = a_sh && q ? int_op(a_sh, q, MN_BINOP_ADD) : NULL;
        MN_XDECREF(sh1);
        MN_XDECREF(sh2);
        MN_XDECREF(a_sh);
        MN_XDECREF(n_sh);
        MN_XDECREF(q);
        MN_SETREF(a, na);
    }
    mn_object *res = NULL;
    if (a) {
        mn_object *sq = int_op(a, a, MN_BINOP_MULTIPLY);
        int gt = sq ? mn_object_richcompare_bool(sq, n, MN_GT) : -1;
        MN_XDECREF(sq);
        if (gt == 0)
            res = MN_NEW_REF(a);
        else if (gt > 0) {
            mn_object *one = mn_int_from_i64(1);
            res = one ? int_op(a, one, MN_BINOP_SUBTRACT) : NULL;
            MN_XDECREF(one);
        }
    }
    MN_XDECREF(a);
    MN_DECREF(n);
    return res;
}

static mn_object *gcd2(mn_object *a, mn_object *b)
{
    int64_t x, y;
    if (mn_int_to_i64(a, &x) && mn_int_to_i64(b, &y) && x != INT64_MIN && y != INT64_MIN) {
        uint64_t u = (uint64_t)(x < 0 ? -x : x), v = (uint64_t)(y < 0 ? -y : y);
        while (v) {
            uint64_t t = u % v;
            u = v;
            v = t;
        }
        return mn_int_from_u64(u);
    }
    mn_err_clear();
    mn_object *u = mn_number_absolute(a), *v = mn_number_absolute(b);
    while (u && v && mn_int_sign(v) != 0) {
        mn_object *t = int_op(u, v, MN_BINOP_REMAINDER);
        MN_DECREF(u);
        u = v;
        v = t;
    }
    MN_XDECREF(v);
    return v || !u ? u : (MN_DECREF(u), NULL);
}

static mn_object *math_gcd(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("gcd", kw) < 0)
        return NULL;
    mn_object *r = mn_int_from_i64(0);
    for (mn_ssize i = 0; r && i < nargs; i++) {
        mn_object *x = as_index(args[i]);
        if (!x) {
            MN_DECREF(r);
            return NULL;
        }
        mn_object *g = gcd2(r, x);
        MN_DECREF(x);
        MN_SETREF(r, g);
    }
    return r;
}

static mn_object *math_lcm(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("lcm", kw) < 0)
        return NULL;
    mn_object *r = mn_int_from_i64(1);
    for (mn_ssize i = 0; r && i < nargs; i++) {
        mn_object *x = as_index(args[i]);
        if (!x) {
            MN_DECREF(r);
            return NULL;
        }
        if (mn_int_sign(x) == 0 || mn_int_sign(r) == 0) {
            MN_DECREF(x);
            MN_SETREF(r, mn_int_from_i64(0));
            continue;
        }
        /* lcm(a, b) = |a // gcd(a, b) * b| */
        mn_object *g = gcd2(r, x);
        mn_object *q = g ? int_op(r, g, MN_BINOP_FLOOR_DIVIDE) : NULL;
        mn_object *p = q ? int_op(q, x, MN_BINOP_MULTIPLY) : NULL;
        mn_object *ab = p ? mn_number_absolute(p) : NULL;
        MN_XDECREF(g);
        MN_XDECREF(q);
        MN_XDECREF(p);
        MN_DECREF(x);
        MN_SETREF(r, ab);
    }
    return r;
}

/* perm(n, k) = n! / (n-k)!; comb(n, k) = perm(n, k) / k! */
static mn_object *perm_comb(const char *fname, mn_object *const *args, mn_ssize nargs, mn_object *kw, int comb)
{
    if (mn_args_no_keywords(fname, kw) < 0 || mn_args_count(fname, nargs, comb ? 2 : 1, 2) < 0)
        return NULL;
    mn_object *n = as_index(args[0]);
    if (!n)
        return NULL;
    if (nargs == 1 || args[1] == mn_none) {
        /* perm(n) == factorial(n) */
        mn_object *r = NULL;
        if (mn_int_sign(n) < 0)
            mn_err_set_string(&mn_exc_ValueError, "n must be a non-negative integer");
        else
            r = math_factorial(NULL, n);
        MN_DECREF(n);
        return r;
    }
    mn_object *k = as_index(args[1]);
    if (!k) {
        MN_DECREF(n);
        return NULL;
    }
    mn_object *res = NULL;
    if (mn_int_sign(n) < 0) {
        mn_err_set_string(&mn_exc_ValueError, "n must be a non-negative integer");
        goto out;
    }
    if (mn_int_sign(k) < 0) {
        mn_err_set_string(&mn_exc_ValueError, "k must be a non-negative integer");
        goto out;
    }
    if (mn_int_compare(k, n) > 0) {
        res = mn_int_from_i64(0);
        goto out;
    }
    /* comb: use the smaller of k and n-k */
    mn_object *kk = MN_NEW_REF(k);
    if (comb) {
        mn_object *nk = int_op(n, k, MN_BINOP_SUBTRACT);
        if (!nk) {
            MN_DECREF(kk);
            goto out;
        }
        if (mn_int_compare(nk, kk) < 0)
            MN_SETREF(kk, nk);
        else
            MN_DECREF(nk);
    }
    int64_t kv;
    if (!mn_int_to_i64(kk, &kv)) {
        MN_DECREF(kk);
        mn_err_clear();
        mn_err_format(&mn_exc_OverflowError, "min(n - k, k) must not exceed %lld", (long long)INT64_MAX);
        goto out;
    }
    MN_DECREF(kk);
    /* result = prod_{i=1..k} (n - k + i) / i, exact at every step */
    res = mn_int_from_i64(1);
    mn_object *cur = res ? MN_NEW_REF(n) : NULL;
    for (int64_t i = 1; res && cur && i <= kv; i++) {
        mn_object *t = int_op(res, cur, MN_BINOP_MULTIPLY);
        MN_SETREF(res, t);
        if (res && comb) {
            mn_object *iv = mn_int_from_i64(i);
            mn_object *q = iv ? int_op(res, iv, MN_BINOP_FLOOR_DIVIDE) : NULL;
            MN_XDECREF(iv);
            MN_SETREF(res, q);
        }
        mn_object *one = mn_int_from_i64(1);
        mn_object *nc = one ? int_op(cur, one, MN_BINOP_SUBTRACT) : NULL;
        MN_XDECREF(one);
        MN_SETREF(cur, nc);
    }
    if (!cur)
        MN_CLEAR(res);
    MN_XDECREF(cur);
out:
    MN_DECREF(n);
    MN_DECREF(k);
    return res;
}

static mn_object *math_comb(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return perm_comb("comb", args, nargs, kw, 1);
}
static mn_object *math_perm(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    return perm_comb("perm", args, nargs, kw, 0);
}

static mn_object *math_prod(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    static const char *const params[] = { "iterable", "/", "*", "start", NULL };
    mn_object *a[2];
    if (mn_args_bind("prod", args, nargs, kw, params, 1, a) < 0)
        return NULL;
    mn_object *it = mn_object_get_iter(a[0]);
    if (!it)
        return NULL;
    mn_object *r = a[1] ? MN_NEW_REF(a[1]) : mn_int_from_i64(1), *x;
    while (r && (x = mn_iter_next(it))) {
        mn_object *t = int_op(r, x, MN_BINOP_MULTIPLY);
        MN_DECREF(x);
        MN_SETREF(r, t);
    }
    MN_DECREF(it);
    if (r && mn_err_occurred())
        MN_CLEAR(r);
    return r;
}

/* ------------------------------------------------------------ logs */

/* log of a positive number, ints of any size included: a big int is
 * x = m * 2**e with m < 2**64, so log(x) = log(m) + e*log(2). */
static int log_of(mn_object *arg, double (*fn)(double), double *out)
{
    if (MN_INT_CHECK(arg)) {
        if (mn_int_sign(arg) <= 0) {
            domain_error();
            return -1;
        }
        double x = mn_int_as_double(arg);
        if (x == -1.0 && mn_err_occurred()) {
            if (!mn_err_matches(&mn_exc_OverflowError))
                return -1;
            mn_err_clear();
            mn_ssize e = mn_int_bit_length(arg) - 60;
            mn_object *sh = mn_int_from_ssize(e);
            mn_object *m = sh ? mn_number_binop(arg, sh, MN_BINOP_RSHIFT) : NULL;
            MN_XDECREF(sh);
            if (!m)
                return -1;
            x = mn_int_as_double(m);
            MN_DECREF(m);
            *out = fn(x) + (double)e * fn(2.0);
            return 0;
        }
        *out = fn(x);
        return 0;
    }
    double x;
    if (as_double(arg, &x) < 0)
        return -1;
    if (isnan(x) || (isinf(x) && x > 0)) {
        *out = x;
        return 0;
    }
    if (x <= 0) {
        domain_error();
        return -1;
    }
    *out = fn(x);
    return 0;
}

static mn_object *math_log(MN_UNUSED mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("log", kw) < 0 || mn_args_count("log", nargs, 1, 2) < 0)
        return NULL;
    double num, den;
    if (log_of(args[0], log, &num) < 0)
        return NULL;
    if (nargs == 1)
        return mn_float_from_double(num);
    if (log_of(args[1], log, &den) < 0)
        return NULL;
    if (den == 0.0) {
        mn_err_set_string(&mn_exc_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return mn_float_from_double(num / den);
}

static mn_object *math_log2(MN_UNUSED mn_object *self, mn_object *x)
{
    double r;
    return log_of(x, log2, &r) < 0 ? NULL : mn_float_from_double(r);
}
static mn_object *math_log10(MN_UNUSED mn_object *self, mn_object *x)
{
    double r;
    return log_of(x, log10, &r) < 0 ? NULL : mn_float_from_double(r);
}
static mn_object *math_log1p(MN_UNUSED mn_object *self, mn_object *arg)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    if (x <= -1.0)
        return domain_error();
    return mn_float_from_double(log1p(x));
}

/* ------------------------------------------------------------ module */

#define O(name) { #name, math_##name##_o, MN_METH_O, NULL }
/* METH_O / METH_NOARGS entry points: the calling convention passes the
 * argument array; these unpack it for the one-argument helpers above. */
static mn_object *math_acos_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_acos(self, args[0]); }
static mn_object *math_acosh_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_acosh(self, args[0]); }
static mn_object *math_asin_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_asin(self, args[0]); }
static mn_object *math_asinh_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_asinh(self, args[0]); }
static mn_object *math_atan_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_atan(self, args[0]); }
static mn_object *math_atanh_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_atanh(self, args[0]); }
static mn_object *math_cbrt_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_cbrt(self, args[0]); }
static mn_object *math_ceil_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_ceil(self, args[0]); }
static mn_object *math_cos_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_cos(self, args[0]); }
static mn_object *math_cosh_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_cosh(self, args[0]); }
static mn_object *math_degrees_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_degrees(self, args[0]); }
static mn_object *math_erf_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_erf(self, args[0]); }
static mn_object *math_erfc_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_erfc(self, args[0]); }
static mn_object *math_exp_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_exp(self, args[0]); }
static mn_object *math_exp2_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_exp2(self, args[0]); }
static mn_object *math_expm1_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_expm1(self, args[0]); }
static mn_object *math_fabs_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_fabs(self, args[0]); }
static mn_object *math_factorial_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_factorial(self, args[0]); }
static mn_object *math_floor_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_floor(self, args[0]); }
static mn_object *math_frexp_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_frexp(self, args[0]); }
static mn_object *math_fsum_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_fsum(self, args[0]); }
static mn_object *math_gamma_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_gamma(self, args[0]); }
static mn_object *math_isfinite_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_isfinite(self, args[0]); }
static mn_object *math_isinf_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_isinf(self, args[0]); }
static mn_object *math_isnan_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_isnan(self, args[0]); }
static mn_object *math_isqrt_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_isqrt(self, args[0]); }
static mn_object *math_lgamma_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_lgamma(self, args[0]); }
static mn_object *math_log10_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_log10(self, args[0]); }
static mn_object *math_log1p_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_log1p(self, args[0]); }
static mn_object *math_log2_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_log2(self, args[0]); }
static mn_object *math_modf_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_modf(self, args[0]); }
static mn_object *math_radians_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_radians(self, args[0]); }
static mn_object *math_sin_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_sin(self, args[0]); }
static mn_object *math_sinh_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_sinh(self, args[0]); }
static mn_object *math_sqrt_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_sqrt(self, args[0]); }
static mn_object *math_tan_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_tan(self, args[0]); }
static mn_object *math_tanh_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_tanh(self, args[0]); }
static mn_object *math_trunc_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_trunc(self, args[0]); }
static mn_object *math_ulp_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return math_ulp(self, args[0]); }

#define V(name) { #name, math_##name, MN_METH_VARARGS, NULL }

static mn_method_def math_methods[] = {
    O(acos), O(acosh), O(asin), O(asinh), O(atan), V(atan2), O(atanh), O(cbrt), O(ceil), V(comb),
    V(copysign), O(cos), O(cosh), O(degrees), V(dist), O(erf), O(erfc), O(exp), O(exp2), O(expm1),
    O(fabs), O(factorial), O(floor), V(fmod), O(frexp), O(fsum), O(gamma), V(gcd), V(hypot),
    V(isclose), O(isfinite), O(isinf), O(isnan), O(isqrt), V(lcm), V(ldexp), O(lgamma), V(log),
    O(log10), O(log1p), O(log2), O(modf), V(nextafter), V(perm), V(pow), V(prod), O(radians),
    V(remainder), O(sin), O(sinh), O(sqrt), O(tan), O(tanh), O(trunc), O(ulp),
    { NULL, NULL, 0, NULL }
};

static int math_init(mn_object *m)
{
    struct { const char *n; double v; } c[] = {
        { "pi", M_PI }, { "e", M_E }, { "tau", 2 * M_PI }, { "inf", INFINITY }, { "nan", NAN },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        mn_object *v = mn_float_from_double(c[i].v);
        if (!v || mn_module_add_object(m, c[i].n, v) < 0) {
            MN_XDECREF(v);
            return -1;
        }
        MN_DECREF(v);
    }
    return 0;
}

const mn_module_def mn_math_module_def = {
    .name = "math",
    .doc = "This module provides access to the mathematical functions\ndefined by the C standard.",
    .methods = math_methods,
    .init = math_init,
};
