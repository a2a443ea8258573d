/* stdlib/time.c — the `time` module: the clocks (time, monotonic,
 * perf_counter, process_time and their _ns forms), sleep, and the calendar
 * functions gmtime/localtime/mktime/strftime/asctime/ctime with
 * time.struct_time (a tuple of 9 fields plus tm_zone/tm_gmtoff).
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include "stdlib/modules.h"
#include "vm/vm.h"

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static mn_object *clock_float(clockid_t id) { return mn_float_from_double((double)clock_ns(id) * 1e-9); }

static mn_object *time_time(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return clock_float(CLOCK_REALTIME); }
static mn_object *time_time_ns(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return mn_int_from_i64(clock_ns(CLOCK_REALTIME)); }
static mn_object *time_monotonic(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return clock_float(CLOCK_MONOTONIC); }
static mn_object *time_monotonic_ns(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return mn_int_from_i64(clock_ns(CLOCK_MONOTONIC)); }
static mn_object *time_process_time(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return clock_float(CLOCK_PROCESS_CPUTIME_ID); }
static mn_object *time_process_time_ns(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return mn_int_from_i64(clock_ns(CLOCK_PROCESS_CPUTIME_ID)); }
static mn_object *time_thread_time(MN_UNUSED mn_object *s, MN_UNUSED mn_object *u) { return clock_float(CLOCK_THREAD_CPUTIME_ID); }

static double to_seconds(mn_object *o, int *err)
{
    *err = 0;
    if (MN_FLOAT_CHECK(o))
        return MN_FLOAT_VALUE(o);
    if (MN_INT_CHECK(o)) {
        double d = mn_int_as_double(o);
        if (d == -1.0 && mn_err_occurred()) {
            mn_err_clear();
            mn_err_set_string(&mn_exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
            *err = 1;
        }
        return d;
    }
    mn_err_format(&mn_exc_TypeError, "'%s' object cannot be interpreted as an integer", MN_TYPE_NAME(o));
    *err = 1;
    return 0;
}

/* sleep(secs). Hook point for the threads issue: the GIL is to be
 * released around the nanosleep loop below. Ctrl-C (EINTR with a pending
 * signal) will surface here through the eval breaker hook. */
static mn_object *time_sleep(MN_UNUSED mn_object *s, mn_object *arg)
{
    int err;
    double secs = to_seconds(arg, &err);
    if (err)
        return NULL;
    if (isnan(secs)) {
        mn_err_set_string(&mn_exc_ValueError, "Invalid value NaN (not a number)");
        return NULL;
    }
    if (secs < 0) {
        mn_err_set_string(&mn_exc_ValueError, "sleep length must be non-negative");
        return NULL;
    }
    if (secs > 9.2e9) {
        mn_err_set_string(&mn_exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
        return NULL;
    }
    int64_t deadline = clock_ns(CLOCK_MONOTONIC) + (int64_t)(secs * 1e9);
    for (;;) {
        int64_t left = deadline - clock_ns(CLOCK_MONOTONIC);
        if (left <= 0)
            break;
        struct timespec ts = { (time_t)(left / 1000000000), (long)(left % 1000000000) };
        if (nanosleep(&ts, NULL) == 0)
            break;
        if (errno != EINTR) {
            mn_err_set_from_errno(NULL);
            return NULL;
        }
        if (mn_eval_breaker_hook && mn_eval_breaker_hook() < 0)
            return NULL;
    }
    MN_RETURN_NONE;
}

/* ------------------------------------------------------ struct_time */

static const char *const st_fields[] = { "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec",
                                         "tm_wday", "tm_yday", "tm_isdst", "tm_zone", "tm_gmtoff", NULL };

/* struct_time: a 9-tuple whose tm_zone and tm_gmtoff are kept as two
 * hidden items past the tuple's size (allocated with room for 11). */
static mn_object *st_get(mn_object *self, void *closure)
{
    mn_ssize i = (mn_ssize)(intptr_t)closure;
    if (i >= 9) {
        /* hidden items are stored after the visible ones */
        mn_object *v = ((mn_tuple *)self)->items[i];
        return MN_NEW_REF(v ? v : mn_none);
    }
    return MN_NEW_REF(MN_TUPLE_GET(self, i));
}

static mn_getset_def st_getset[12];

static mn_object *st_repr(mn_object *self)
{
    mn_str_builder sb;
    mn_sb_init(&sb);
    mn_sb_append_cstr(&sb, "time.struct_time(");
    for (int i = 0; i < 9; i++) {
        if (i)
            mn_sb_append_cstr(&sb, ", ");
        mn_sb_append_cstr(&sb, st_fields[i]);
        mn_sb_append_char(&sb, '=');
        if (mn_sb_append_repr(&sb, MN_TUPLE_GET(self, i)) < 0) {
            mn_sb_discard(&sb);
            return NULL;
        }
    }
    mn_sb_append_char(&sb, ')');
    return mn_sb_finish(&sb);
}

static void st_dealloc(mn_object *self)
{
    mn_gc_untrack(self);
    for (int i = 0; i < 11; i++)
        MN_XDECREF(((mn_tuple *)self)->items[i]);
    mn_object_free(self);
}

static int st_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    for (int i = 0; i < 11; i++)
        MN_VISIT(((mn_tuple *)self)->items[i]);
    return 0;
}

static int st_clear(mn_object *self)
{
    for (int i = 9; i < 11; i++)
        MN_CLEAR(((mn_tuple *)self)->items[i]);
    return 0;
}

static mn_type struct_time_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "time.struct_time",
    .basicsize = sizeof(mn_tuple), .itemsize = sizeof(mn_object *),
    .flags = MN_TPFLAGS_TUPLE_SUBCLASS | MN_TPFLAGS_HAVE_GC,
    .base = &mn_tuple_type, .repr = st_repr, .getset = st_getset,
    .dealloc = st_dealloc, .traverse = st_traverse, .clear = st_clear,
};

static mn_object *st_from_tm(const struct tm *tm)
{
    mn_object *o = mn_type_generic_alloc(&struct_time_type, 11);
    if (!o)
        return NULL;
    MN_SIZE(o) = 9;
    int64_t v[9] = { tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
                     (tm->tm_wday + 6) % 7, tm->tm_yday + 1, tm->tm_isdst };
    mn_object **items = ((mn_tuple *)o)->items;
    for (int i = 0; i < 9; i++)
        items[i] = mn_int_from_i64(v[i]);
    items[9] = tm->tm_zone ? mn_str_from_cstr(tm->tm_zone) : MN_NEW_REF(mn_none);
    items[10] = mn_int_from_i64(tm->tm_gmtoff);
    for (int i = 0; i < 11; i++)
        if (!items[i]) {
            for (int j = 0; j < 11; j++)
                if (!items[j])
                    items[j] = MN_NEW_REF(mn_none);
            mn_gc_track(o);
            MN_DECREF(o);
            return NULL;
        }
    mn_gc_track(o);
    return o;
}

static int get_time_t(mn_object *const *args, mn_ssize nargs, time_t *t)
{
    if (nargs == 0 || args[0] == mn_none) {
        *t = time(NULL);
        return 0;
    }
    int err;
    double d = to_seconds(args[0], &err);
    if (err)
        return -1;
    if (!isfinite(d)) {
        mn_err_set_string(&mn_exc_ValueError, isnan(d) ? "Invalid value NaN (not a number)"
                                                       : "timestamp out of range for platform time_t");
        return -1;
    }
    *t = (time_t)floor(d);
    return 0;
}

static mn_object *time_gmtime(MN_UNUSED mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    time_t t;
    struct tm tm;
    if (mn_args_no_keywords("gmtime", kw) < 0 || mn_args_count("gmtime", nargs, 0, 1) < 0 ||
        get_time_t(args, nargs, &t) < 0)
        return NULL;
    if (!gmtime_r(&t, &tm)) {
        mn_err_set_from_errno(NULL);
        return NULL;
    }
    return st_from_tm(&tm);
}

static mn_object *time_localtime(MN_UNUSED mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    time_t t;
    struct tm tm;
    if (mn_args_no_keywords("localtime", kw) < 0 || mn_args_count("localtime", nargs, 0, 1) < 0 ||
        get_time_t(args, nargs, &t) < 0)
        return NULL;
    if (!localtime_r(&t, &tm)) {
        mn_err_set_from_errno(NULL);
        return NULL;
    }
    return st_from_tm(&tm);
}

/* A struct_time or 9-sequence -> struct tm. */
static int tm_from_obj(mn_object *o, struct tm *tm)
{
    memset(tm, 0, sizeof *tm);
    mn_object *t = mn_tuple_from_iterable(o);
    if (!t)
        return -1;
    if (MN_TUPLE_SIZE(t) != 9) {
        MN_DECREF(t);
        mn_err_set_string(&mn_exc_TypeError, "time.struct_time() takes a sequence of length 9");
        return -1;
    }
    int64_t v[9];
    for (int i = 0; i < 9; i++)
        if (mn_stdlib_as_i64(MN_TUPLE_GET(t, i), &v[i]) < 0) {
            MN_DECREF(t);
            return -1;
        }
    MN_DECREF(t);
    tm->tm_year = (int)(v[0] - 1900);
    tm->tm_mon = (int)v[1] - 1;
    tm->tm_mday = (int)v[2];
    tm->tm_hour = (int)v[3];
    tm->tm_min = (int)v[4];
    tm->tm_sec = (int)v[5];
    tm->tm_wday = (int)((v[6] + 1) % 7);
    tm->tm_yday = (int)v[7] - 1;
    tm->tm_isdst = (int)v[8];
    if (MN_TYPE(o) == &struct_time_type) {
        mn_object *z = ((mn_tuple *)o)->items[9];
        if (z && MN_STR_CHECK(z))
            tm->tm_zone = mn_str_as_utf8(z);
        mn_object *g = ((mn_tuple *)o)->items[10];
        int64_t off;
        if (g && MN_INT_CHECK(g) && mn_int_to_i64(g, &off))
            tm->tm_gmtoff = (long)off;
    }
    return 0;
}

static mn_object *time_mktime(MN_UNUSED mn_object *s, mn_object *o)
{
    struct tm tm;
    if (tm_from_obj(o, &tm) < 0)
        return NULL;
    tm.tm_wday = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && tm.tm_wday == -1) {
        mn_err_set_string(&mn_exc_OverflowError, "mktime argument out of range");
        return NULL;
    }
    return mn_float_from_double((double)t);
}

static mn_object *time_strftime(MN_UNUSED mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("strftime", kw) < 0 || mn_args_count("strftime", nargs, 1, 2) < 0)
        return NULL;
    if (!MN_STR_CHECK(args[0])) {
        mn_err_format(&mn_exc_TypeError, "strftime() argument 1 must be str, not %s", MN_TYPE_NAME(args[0]));
        return NULL;
    }
    struct tm tm;
    if (nargs == 2) {
        if (tm_from_obj(args[1], &tm) < 0)
            return NULL;
    } else {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    }
    const char *fmt = mn_str_as_utf8(args[0]);
    if (!*fmt)
        return mn_str_from_cstr("");
    for (size_t cap = 256; cap < (1u << 24); cap *= 2) {
        char *buf = mn_mem_alloc(cap);
        if (!buf)
            return mn_err_no_memory();
        size_t n = strftime(buf, cap, fmt, &tm);
        if (n > 0 || cap > 1024 * strlen(fmt)) {
            mn_object *r = mn_str_from_utf8(buf, (mn_ssize)n);
            mn_mem_free(buf);
            return r;
        }
        mn_mem_free(buf);
    }
    return mn_str_from_cstr("");
}

static mn_object *asctime_of(struct tm *tm)
{
    static const char wd[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char mo[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    return mn_str_from_format("%s %s%3d %.2d:%.2d:%.2d %d", wd[(tm->tm_wday % 7 + 7) % 7],
                              mo[(tm->tm_mon % 12 + 12) % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
                              1900 + tm->tm_year);
}

static mn_object *time_asctime(MN_UNUSED mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    if (mn_args_no_keywords("asctime", kw) < 0 || mn_args_count("asctime", nargs, 0, 1) < 0)
        return NULL;
    struct tm tm;
    if (nargs) {
        if (tm_from_obj(args[0], &tm) < 0)
            return NULL;
    } else {
        time_t t = time(NULL);
        localtime_r(&t, &tm);
    }
    return asctime_of(&tm);
}

static mn_object *time_ctime(MN_UNUSED mn_object *s, mn_object *const *args, mn_ssize nargs, mn_object *kw)
{
    time_t t;
    struct tm tm;
    if (mn_args_no_keywords("ctime", kw) < 0 || mn_args_count("ctime", nargs, 0, 1) < 0 ||
        get_time_t(args, nargs, &t) < 0)
        return NULL;
    localtime_r(&t, &tm);
    return asctime_of(&tm);
}

#define N(name) { #name, time_##name##_n, MN_METH_NOARGS, NULL }
#define O(name) { #name, time_##name##_o, MN_METH_O, NULL }
/* METH_O / METH_NOARGS entry points: the calling convention passes the
 * argument array; these unpack it for the one-argument helpers above. */
static mn_object *time_monotonic_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_monotonic(self, NULL); }
static mn_object *time_monotonic_ns_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_monotonic_ns(self, NULL); }
static mn_object *time_time_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_time(self, NULL); }
static mn_object *time_time_ns_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_time_ns(self, NULL); }
static mn_object *time_process_time_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_process_time(self, NULL); }
static mn_object *time_process_time_ns_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_process_time_ns(self, NULL); }
static mn_object *time_thread_time_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_thread_time(self, NULL); }
static mn_object *time_sleep_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_sleep(self, args[0]); }
static mn_object *time_mktime_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return time_mktime(self, args[0]); }

#define V(name) { #name, time_##name, MN_METH_VARARGS, NULL }

static mn_method_def time_methods[] = {
    N(time), N(time_ns), N(monotonic), N(monotonic_ns), { "perf_counter", time_monotonic_n, MN_METH_NOARGS, NULL },
    { "perf_counter_ns", time_monotonic_ns_n, MN_METH_NOARGS, NULL },
    N(process_time), N(process_time_ns), N(thread_time), O(sleep), V(gmtime), V(localtime), O(mktime),
    V(strftime), V(asctime), V(ctime),
    { NULL, NULL, 0, NULL }
};

static int time_init(mn_object *m)
{
    if (!MN_TYPE_HAS_FLAG(&struct_time_type, MN_TPFLAGS_READY)) {
        for (int i = 0; st_fields[i]; i++)
            st_getset[i] = (mn_getset_def){ st_fields[i], st_get, NULL, NULL, (void *)(intptr_t)i };
        if (mn_type_ready(&struct_time_type) < 0)
            return -1;
    }
    tzset();
    if (mn_module_add_object(m, "struct_time", MN_OBJ(&struct_time_type)) < 0 ||
        mn_module_add_int(m, "timezone", timezone) < 0 || mn_module_add_int(m, "altzone", timezone - 3600) < 0 ||
        mn_module_add_int(m, "daylight", daylight) < 0)
        return -1;
    mn_object *a = mn_str_from_cstr(tzname[0]), *b = mn_str_from_cstr(tzname[1]);
    mn_object *t = a && b ? mn_tuple_pack(2, a, b) : NULL;
    MN_XDECREF(a);
    MN_XDECREF(b);
    if (!t || mn_module_add_object(m, "tzname", t) < 0) {
        MN_XDECREF(t);
        return -1;
    }
    MN_DECREF(t);
    return 0;
}

const mn_module_def mn_time_module_def = {
    .name = "time",
    .doc = "This module provides various functions to manipulate time values.",
    .methods = time_methods,
    .init = time_init,
};
