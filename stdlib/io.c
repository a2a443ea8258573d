/* stdlib/io.c — the file object returned by open() and used for
 * sys.stdin/stdout/stderr.
 *
 * One C type plays the roles of CPython's layered io stack (FileIO ->
 * BufferedReader/Writer -> TextIOWrapper): it owns a file descriptor and one
 * byte buffer for reading and one for writing, and in text mode decodes
 * UTF-8 and applies universal newlines on reading ("\r\n" and "\r" become
 * "\n", CPython's default newline=None). Writing "\n" needs no translation
 * on POSIX. Positions (tell/seek) are byte offsets, which is what CPython's
 * opaque text cookies are for UTF-8 without decoder state.
 *
 * Differences (README): the type is named TextIOWrapper in both modes (its
 * repr says BufferedReader/BufferedWriter/BufferedRandom for binary files);
 * only UTF-8 is supported; reading a write-only file raises OSError("not
 * readable") where CPython raises io.UnsupportedOperation (an OSError too).
 * Blocking reads/writes are where the GIL will be released (issue: threads).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "stdlib/modules.h"

#define BUFSIZE 8192

typedef struct {
    mn_object ob_base;
    int fd;
    unsigned readable : 1, writable : 1, appending : 1, binary : 1, closefd : 1, closed : 1,
             line_buffering : 1, translate : 1, seekable_known : 1, seekable : 1;
    mn_object *name;        /* str or int */
    mn_object *mode;        /* str */
    mn_object *dict;
    char *rbuf;             /* raw bytes read ahead */
    mn_ssize rlen, rpos;
    char *wbuf;             /* bytes waiting to be written */
    mn_ssize wlen, wcap;
} file_obj;

#define F(o) ((file_obj *)(o))

static int check_open(file_obj *f)
{
    if (f->closed) {
        mn_err_set_string(&mn_exc_ValueError, "I/O operation on closed file.");
        return -1;
    }
    return 0;
}

/* Binary files name the operation, as CPython's buffered layer does
 * ("read of closed file"); text files use the generic message. */
static int check_open_op(file_obj *f, const char *op)
{
    if (f->closed && f->binary) {
        if (!strcmp(op, "write"))
            mn_err_set_string(&mn_exc_ValueError, "write to closed file");
        else
            mn_err_format(&mn_exc_ValueError, "%s of closed file", op);
        return -1;
    }
    return check_open(f);
}

static int check_readable_op(file_obj *f, const char *op)
{
    if (check_open_op(f, op) < 0)
        return -1;
    if (!f->readable) {
        mn_err_set_string(&mn_exc_OSError, "not readable");
        return -1;
    }
    return 0;
}

static int check_writable(file_obj *f)
{
    if (check_open_op(f, "write") < 0)
        return -1;
    if (!f->writable) {
        mn_err_set_string(&mn_exc_OSError, "not writable");
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------- raw I/O */

static int flush_wbuf(file_obj *f)
{
    mn_ssize off = 0;
    while (off < f->wlen) {
        ssize_t n = write(f->fd, f->wbuf + off, (size_t)(f->wlen - off));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            mn_err_set_from_errno(NULL);
            /* drop what can't be written so that exit doesn't loop */
            f->wlen = 0;
            return -1;
        }
        off += n;
    }
    f->wlen = 0;
    return 0;
}

/* Drops read-ahead so the OS position matches the logical one (before a
 * write, seek or close). */
static void drop_rbuf(file_obj *f)
{
    if (f->rpos < f->rlen)
        lseek(f->fd, -(off_t)(f->rlen - f->rpos), SEEK_CUR);
    f->rlen = f->rpos = 0;
}

static int raw_write(file_obj *f, const char *data, mn_ssize n)
{
    if (f->rlen)
        drop_rbuf(f);
    if (f->wlen + n > f->wcap) {
        if (flush_wbuf(f) < 0)
            return -1;
        if (n >= BUFSIZE) {   /* large writes go straight through */
            f->wlen = 0;
            char *save = f->wbuf;
            f->wbuf = (char *)data;
            f->wlen = n;
            int r = flush_wbuf(f);
            f->wbuf = save;
            return r;
        }
    }
    memcpy(f->wbuf + f->wlen, data, (size_t)n);
    f->wlen += n;
    if (f->line_buffering && memchr(data, '\n', (size_t)n))
        return flush_wbuf(f);
    return 0;
}

/* Reads more bytes into rbuf. Returns bytes added, 0 at EOF, -1 error. */
static mn_ssize fill(file_obj *f)
{
    if (f->wlen && flush_wbuf(f) < 0)
        return -1;
    if (f->rpos > 0) {
        memmove(f->rbuf, f->rbuf + f->rpos, (size_t)(f->rlen - f->rpos));
        f->rlen -= f->rpos;
        f->rpos = 0;
    }
    if (f->rlen >= BUFSIZE) {
        /* keep growing: a long line */
        char *nb = mn_mem_realloc(f->rbuf, (size_t)f->rlen * 2);
        if (!nb) {
            mn_err_no_memory();
            return -1;
        }
        f->rbuf = nb;
    }
    mn_ssize cap = f->rlen >= BUFSIZE ? f->rlen * 2 : BUFSIZE;
    for (;;) {
        ssize_t n = read(f->fd, f->rbuf + f->rlen, (size_t)(cap - f->rlen));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            mn_err_set_from_errno(NULL);
            return -1;
        }
        f->rlen += n;
        return n;
    }
}

/* ------------------------------------------------ extracting read data */

typedef struct {
    char *buf;
    mn_ssize len, cap;
} bytebuf;

static int bb_add(bytebuf *b, const char *d, mn_ssize n)
{
    if (b->len + n > b->cap) {
        mn_ssize nc = b->cap ? b->cap : 256;
        while (nc < b->len + n)
            nc *= 2;
        char *nb = mn_mem_realloc(b->buf, (size_t)nc);
        if (!nb) {
            mn_err_no_memory();
            return -1;
        }
        b->buf = nb;
        b->cap = nc;
    }
    memcpy(b->buf + b->len, d, (size_t)n);
    b->len += n;
    return 0;
}

/* Moves bytes from rbuf to `out` with newline translation, stopping after a
 * newline if `line`, or once `limit` units (code points in text mode, bytes
 * in binary; <0 unlimited) were taken. Returns 0 or -1. */
static int take(file_obj *f, bytebuf *out, int line, mn_ssize limit)
{
    mn_ssize units = 0;
    for (;;) {
        if (f->rpos >= f->rlen) {
            mn_ssize n = fill(f);
            if (n < 0)
                return -1;
            if (n == 0)
                return 0;
        }
        while (f->rpos < f->rlen) {
            unsigned char c = (unsigned char)f->rbuf[f->rpos];
            if (limit >= 0 && units >= limit) {
                /* don't split a UTF-8 sequence: take its continuation bytes */
                if (f->binary || (c & 0xC0) != 0x80)
                    return 0;
            }
            f->rpos++;
            if (!f->binary && f->translate) {
                if (c == '\r') {
                    /* swallow the \n of a \r\n now, so tell() lands after it */
                    if (f->rpos >= f->rlen) {
                        mn_ssize n = fill(f);
                        if (n < 0)
                            return -1;
                    }
                    if (f->rpos < f->rlen && f->rbuf[f->rpos] == '\n')
                        f->rpos++;
                    c = '\n';
                }
            }
            char ch = (char)c;
            if (bb_add(out, &ch, 1) < 0)
                return -1;
            if (f->binary || (c & 0xC0) != 0x80)
                units++;
            if (line && c == '\n')
                return 0;
        }
    }
}

static mn_object *make_result(file_obj *f, bytebuf *b)
{
    mn_object *r;
    if (f->binary)
        r = mn_bytes_from_data(b->buf ? b->buf : "", b->len);
    else
        r = mn_str_decode(b->buf ? b->buf : "", b->len, "utf-8", "strict");
    mn_mem_free(b->buf);
    return r;
}

static mn_ssize size_arg(mn_object *const *args, mn_ssize nargs, mn_object *kwnames, const char *fname)
{
    static const char *const params[] = { "size", "/", NULL };
    mn_object *a[1];
    if (mn_args_bind(fname, args, nargs, kwnames, params, 0, a) < 0)
        return -2;
    if (!a[0] || a[0] == mn_none)
        return -1;
    if (!MN_INT_CHECK(a[0])) {
        mn_err_format(&mn_exc_TypeError, "argument should be integer or None, not '%s'", MN_TYPE_NAME(a[0]));
        return -2;
    }
    mn_ssize n = mn_number_as_ssize(a[0], MN_OBJ(&mn_exc_OverflowError));
    if (n == -1 && mn_err_occurred())
        return -2;
    return n < 0 ? -1 : n;
}

static mn_object *file_read(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    file_obj *f = F(self);
    mn_ssize n = size_arg(args, nargs, kwnames, "read");
    if (n == -2 || check_readable_op(f, "read") < 0)
        return NULL;
    bytebuf b = { 0 };
    if (take(f, &b, 0, n) < 0) {
        mn_mem_free(b.buf);
        return NULL;
    }
    return make_result(f, &b);
}

static mn_object *file_readline(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    file_obj *f = F(self);
    mn_ssize n = size_arg(args, nargs, kwnames, "readline");
    if (n == -2 || check_readable_op(f, "readline") < 0)
        return NULL;
    bytebuf b = { 0 };
    if (take(f, &b, 1, n) < 0) {
        mn_mem_free(b.buf);
        return NULL;
    }
    return make_result(f, &b);
}

static mn_object *file_next(mn_object *self)
{
    file_obj *f = F(self);
    if (check_readable_op(f, "readline") < 0)
        return NULL;
    bytebuf b = { 0 };
    if (take(f, &b, 1, -1) < 0) {
        mn_mem_free(b.buf);
        return NULL;
    }
    if (b.len == 0) {
        mn_mem_free(b.buf);
        return NULL;
    }
    return make_result(f, &b);
}

static mn_object *file_readlines(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    mn_ssize hint = size_arg(args, nargs, kwnames, "readlines");
    if (hint == -2)
        return NULL;
    mn_object *l = mn_list_new(0);
    if (!l)
        return NULL;
    mn_ssize total = 0;
    mn_object *line;
    while ((line = file_next(self))) {
        int e = mn_list_append(l, line);
        total += MN_STR_CHECK(line) ? MN_STR_LENGTH(line) : MN_BYTES_SIZE(line);
        MN_DECREF(line);
        if (e < 0)
            break;
        if (hint > 0 && total >= hint)
            break;
    }
    if (mn_err_occurred()) {
        MN_DECREF(l);
        return NULL;
    }
    return l;
}

/* ----------------------------------------------------------- writing */

static mn_object *file_write(mn_object *self, mn_object *data)
{
    file_obj *f = F(self);
    if (check_writable(f) < 0)
        return NULL;
    if (f->binary) {
        const char *d;
        mn_ssize n;
        if (MN_STR_CHECK(data) || mn_bytes_view(data, &d, &n) < 0) {
            mn_err_clear();
            mn_err_format(&mn_exc_TypeError, "a bytes-like object is required, not '%s'", MN_TYPE_NAME(data));
            return NULL;
        }
        if (raw_write(f, d, n) < 0)
            return NULL;
        return mn_int_from_ssize(n);
    }
    if (!MN_STR_CHECK(data)) {
        mn_err_format(&mn_exc_TypeError, "write() argument must be str, not %s", MN_TYPE_NAME(data));
        return NULL;
    }
    if (raw_write(f, MN_STR_DATA(data), MN_STR_NBYTES(data)) < 0)
        return NULL;
    return mn_int_from_ssize(MN_STR_LENGTH(data));
}

static mn_object *file_writelines(mn_object *self, mn_object *lines)
{
    mn_object *it = mn_object_get_iter(lines);
    if (!it)
        return NULL;
    mn_object *x;
    while ((x = mn_iter_next(it))) {
        mn_object *r = file_write(self, x);
        MN_DECREF(x);
        if (!r) {
            MN_DECREF(it);
            return NULL;
        }
        MN_DECREF(r);
    }
    MN_DECREF(it);
    if (mn_err_occurred())
        return NULL;
    MN_RETURN_NONE;
}

static mn_object *file_flush(mn_object *self, MN_UNUSED mn_object *unused)
{
    file_obj *f = F(self);
    if (check_open(f) < 0 || flush_wbuf(f) < 0)
        return NULL;
    MN_RETURN_NONE;
}

int mn_file_flush_obj(mn_object *o)
{
    if (MN_TYPE_CHECK(o, &mn_file_type)) {
        file_obj *f = F(o);
        return f->closed ? 0 : flush_wbuf(f);
    }
    mn_object *r = mn_object_call_method(o, "flush", NULL, 0);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

static int do_close(file_obj *f)
{
    if (f->closed)
        return 0;
    int r = flush_wbuf(f);
    f->closed = 1;
    if (f->closefd && f->fd >= 0 && close(f->fd) < 0 && r == 0) {
        mn_err_set_from_errno(NULL);
        r = -1;
    }
    f->fd = -1;
    return r;
}

static mn_object *file_close(mn_object *self, MN_UNUSED mn_object *unused)
{
    if (do_close(F(self)) < 0)
        return NULL;
    MN_RETURN_NONE;
}

/* ------------------------------------------------------- positioning */

static mn_object *file_tell(mn_object *self, MN_UNUSED mn_object *unused)
{
    file_obj *f = F(self);
    if (check_open(f) < 0)
        return NULL;
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0) {
        mn_err_set_from_errno(NULL);
        return NULL;
    }
    pos += f->wlen - (f->rlen - f->rpos);
    return mn_int_from_i64((int64_t)pos);
}

static mn_object *file_seek(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "cookie", "whence", "/", NULL };
    mn_object *a[2];
    file_obj *f = F(self);
    if (mn_args_bind("seek", args, nargs, kwnames, params, 1, a) < 0 || check_open_op(f, "seek") < 0)
        return NULL;
    int64_t off, whence = 0;
    if (!MN_INT_CHECK(a[0])) {
        mn_err_format(&mn_exc_TypeError, "an integer is required (got type %s)", MN_TYPE_NAME(a[0]));
        return NULL;
    }
    if (mn_stdlib_as_i64(a[0], &off) < 0 || (a[1] && mn_stdlib_as_i64(a[1], &whence) < 0))
        return NULL;
    if (!f->binary && whence != 0 && off != 0) {
        mn_err_set_string(&mn_exc_OSError, whence == 1 ? "can't do nonzero cur-relative seeks"
                                                       : "can't do nonzero end-relative seeks");
        return NULL;
    }
    if (whence < 0 || whence > 2) {
        mn_err_format(&mn_exc_ValueError, "invalid whence (%lld, should be 0, 1 or 2)", (long long)whence);
        return NULL;
    }
    if (!f->binary && whence == 0 && off < 0) {
        mn_err_format(&mn_exc_ValueError, "negative seek position %lld", (long long)off);
        return NULL;
    }
    if (flush_wbuf(f) < 0)
        return NULL;
    if (whence == 1)
        off -= f->rlen - f->rpos;
    f->rlen = f->rpos = 0;
    off_t r = lseek(f->fd, (off_t)off, (int)whence);
    if (r < 0) {
        mn_err_set_from_errno(NULL);
        return NULL;
    }
    return mn_int_from_i64((int64_t)r);
}

static mn_object *file_truncate(mn_object *self, mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "pos", "/", NULL };
    mn_object *a[1];
    file_obj *f = F(self);
    if (mn_args_bind("truncate", args, nargs, kwnames, params, 0, a) < 0 || check_writable(f) < 0)
        return NULL;
    mn_object *pos = a[0] && a[0] != mn_none ? MN_NEW_REF(a[0]) : file_tell(self, NULL);
    if (!pos)
        return NULL;
    int64_t p;
    if (mn_stdlib_as_i64(pos, &p) < 0 || flush_wbuf(f) < 0) {
        MN_DECREF(pos);
        return NULL;
    }
    if (ftruncate(f->fd, (off_t)p) < 0) {
        MN_DECREF(pos);
        mn_err_set_from_errno(NULL);
        return NULL;
    }
    return pos;
}

/* ------------------------------------------------------- small methods */

static mn_object *file_fileno(mn_object *self, MN_UNUSED mn_object *unused)
{
    if (check_open(F(self)) < 0)
        return NULL;
    return mn_int_from_i64(F(self)->fd);
}

static mn_object *file_isatty(mn_object *self, MN_UNUSED mn_object *unused)
{
    if (check_open(F(self)) < 0)
        return NULL;
    MN_RETURN_BOOL(isatty(F(self)->fd));
}

static mn_object *file_readable(mn_object *self, MN_UNUSED mn_object *unused)
{
    if (check_open(F(self)) < 0)
        return NULL;
    MN_RETURN_BOOL(F(self)->readable);
}

static mn_object *file_writable(mn_object *self, MN_UNUSED mn_object *unused)
{
    if (check_open(F(self)) < 0)
        return NULL;
    MN_RETURN_BOOL(F(self)->writable);
}

static mn_object *file_seekable(mn_object *self, MN_UNUSED mn_object *unused)
{
    file_obj *f = F(self);
    if (check_open(f) < 0)
        return NULL;
    MN_RETURN_BOOL(lseek(f->fd, 0, SEEK_CUR) >= 0);
}

static mn_object *file_enter(mn_object *self, MN_UNUSED mn_object *unused)
{
    if (check_open(F(self)) < 0)
        return NULL;
    return MN_NEW_REF(self);
}

static mn_object *file_exit(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs,
                            MN_UNUSED mn_object *kwnames)
{
    return file_close(self, NULL);
}

static mn_object *file_iter(mn_object *self)
{
    if (check_open(F(self)) < 0)
        return NULL;
    return MN_NEW_REF(self);
}

static mn_object *file_repr(mn_object *self)
{
    file_obj *f = F(self);
    const char *kind = !f->binary ? "_io.TextIOWrapper"
                       : (f->readable && f->writable) ? "_io.BufferedRandom"
                       : f->readable ? "_io.BufferedReader" : "_io.BufferedWriter";
    if (f->closed && f->binary)
        return mn_str_from_format("<%s name=%R>", kind, f->name);
    if (f->binary)
        return mn_str_from_format("<%s name=%R>", kind, f->name);
    return mn_str_from_format("<%s name=%R mode=%R encoding='utf-8'>", kind, f->name, f->mode);
}

static mn_object *get_closed(mn_object *self, MN_UNUSED void *c) { MN_RETURN_BOOL(F(self)->closed); }
static mn_object *get_name(mn_object *self, MN_UNUSED void *c) { return MN_NEW_REF(F(self)->name); }
static mn_object *get_mode(mn_object *self, MN_UNUSED void *c) { return MN_NEW_REF(F(self)->mode); }
static mn_object *get_encoding(mn_object *self, MN_UNUSED void *c)
{
    if (F(self)->binary) {
        mn_err_format(&mn_exc_AttributeError, "'%s' object has no attribute 'encoding'", "_io.BufferedReader");
        return NULL;
    }
    return mn_str_from_cstr("utf-8");
}
static mn_object *get_line_buffering(mn_object *self, MN_UNUSED void *c)
{
    MN_RETURN_BOOL(F(self)->line_buffering);
}

static mn_getset_def file_getset[] = {
    { "closed", get_closed, NULL, NULL, NULL },
    { "name", get_name, NULL, NULL, NULL },
    { "mode", get_mode, NULL, NULL, NULL },
    { "encoding", get_encoding, NULL, NULL, NULL },
    { "line_buffering", get_line_buffering, NULL, NULL, NULL },
    { NULL, NULL, NULL, NULL, NULL }
};

/* METH_O / METH_NOARGS entry points: the calling convention passes the
 * argument array; these unpack it for the one-argument helpers above. */
static mn_object *file_write_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_write(self, args[0]); }
static mn_object *file_writelines_o(mn_object *self, mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_writelines(self, args[0]); }
static mn_object *file_flush_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_flush(self, NULL); }
static mn_object *file_close_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_close(self, NULL); }
static mn_object *file_tell_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_tell(self, NULL); }
static mn_object *file_fileno_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_fileno(self, NULL); }
static mn_object *file_isatty_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_isatty(self, NULL); }
static mn_object *file_readable_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_readable(self, NULL); }
static mn_object *file_writable_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_writable(self, NULL); }
static mn_object *file_seekable_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_seekable(self, NULL); }
static mn_object *file_enter_n(mn_object *self, MN_UNUSED mn_object *const *args, MN_UNUSED mn_ssize nargs, MN_UNUSED mn_object *kw) { return file_enter(self, NULL); }

static mn_method_def file_methods[] = {
    { "read", file_read, MN_METH_VARARGS, "Read at most size characters/bytes; all if size is None or negative." },
    { "readline", file_readline, MN_METH_VARARGS, "Read until newline or EOF." },
    { "readlines", file_readlines, MN_METH_VARARGS, "Return a list of lines from the stream." },
    { "write", file_write_o, MN_METH_O, "Write string/bytes; return the count written." },
    { "writelines", file_writelines_o, MN_METH_O, "Write a list of lines to stream." },
    { "flush", file_flush_n, MN_METH_NOARGS, "Flush the write buffers." },
    { "close", file_close_n, MN_METH_NOARGS, "Flush and close the file." },
    { "seek", file_seek, MN_METH_VARARGS, "Change the stream position." },
    { "tell", file_tell_n, MN_METH_NOARGS, "Return current stream position." },
    { "truncate", file_truncate, MN_METH_VARARGS, "Truncate file to size bytes." },
    { "fileno", file_fileno_n, MN_METH_NOARGS, "Return the underlying file descriptor." },
    { "isatty", file_isatty_n, MN_METH_NOARGS, "Is the file a terminal?" },
    { "readable", file_readable_n, MN_METH_NOARGS, NULL },
    { "writable", file_writable_n, MN_METH_NOARGS, NULL },
    { "seekable", file_seekable_n, MN_METH_NOARGS, NULL },
    { "__enter__", file_enter_n, MN_METH_NOARGS, NULL },
    { "__exit__", file_exit, MN_METH_VARARGS, NULL },
    { NULL, NULL, 0, NULL }
};

static int file_traverse(mn_object *self, mn_visitproc visit, void *arg)
{
    MN_VISIT(F(self)->dict);
    return 0;
}

static int file_clear(mn_object *self)
{
    MN_CLEAR(F(self)->dict);
    return 0;
}

static void file_dealloc(mn_object *self)
{
    file_obj *f = F(self);
    mn_gc_untrack(self);
    /* an unclosed file is closed (and flushed) when collected */
    mn_object *exc = mn_err_fetch();
    if (do_close(f) < 0)
        mn_err_clear();
    mn_err_restore(exc);
    MN_CLEAR(f->name);
    MN_CLEAR(f->mode);
    MN_CLEAR(f->dict);
    mn_mem_free(f->rbuf);
    mn_mem_free(f->wbuf);
    mn_object_free(self);
}

mn_type mn_file_type = {
    .ob_base = MN_VAR_OBJECT_INIT(&mn_type_type, 0),
    .name = "TextIOWrapper",
    .basicsize = sizeof(file_obj),
    .flags = MN_TPFLAGS_HAVE_GC,
    .doc = "A file object: text (str, UTF-8) or binary (bytes).",
    .dealloc = file_dealloc, .traverse = file_traverse, .clear = file_clear,
    .repr = file_repr, .iter = file_iter, .iternext = file_next,
    .methods = file_methods, .getset = file_getset,
    .dictoffset = offsetof(file_obj, dict),
};

int mn_io_init_types(void)
{
    return mn_type_ready(&mn_file_type);
}

/* ------------------------------------------------------------ creation */

static mn_object *file_new(int fd, mn_object *name, mn_object *mode, int readable, int writable, int binary,
                           int closefd, int translate)
{
    file_obj *f = (file_obj *)mn_type_generic_alloc(&mn_file_type, 0);
    if (!f)
        return NULL;
    f->fd = fd;
    f->readable = (unsigned)readable;
    f->writable = (unsigned)writable;
    f->binary = (unsigned)binary;
    f->closefd = (unsigned)closefd;
    f->translate = (unsigned)translate;
    f->name = MN_NEW_REF(name);
    f->mode = MN_NEW_REF(mode);
    f->rbuf = mn_mem_alloc(BUFSIZE);
    f->wbuf = mn_mem_alloc(BUFSIZE);
    f->wcap = BUFSIZE;
    if (!f->rbuf || !f->wbuf) {
        f->closefd = 0;
        MN_DECREF(f);
        return mn_err_no_memory();
    }
    /* text files on a terminal are line buffered, as CPython's */
    f->line_buffering = (unsigned)(!binary && isatty(fd));
    mn_gc_track(MN_OBJ(f));
    return MN_OBJ(f);
}

mn_object *mn_file_from_fd(int fd, const char *name, const char *mode)
{
    mn_object *n = mn_str_from_cstr(name), *m = mn_str_from_cstr(mode);
    mn_object *f = n && m ? file_new(fd, n, m, mode[0] == 'r', mode[0] != 'r', 0, 0, 1) : NULL;
    MN_XDECREF(n);
    MN_XDECREF(m);
    /* stderr is always line buffered (CPython >= 3.9) */
    if (f && fd == 2)
        F(f)->line_buffering = 1;
    return f;
}

static int is_utf8_name(const char *e)
{
    char low[16];
    size_t n = strlen(e);
    if (n >= sizeof low)
        return 0;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)((e[i] >= 'A' && e[i] <= 'Z') ? e[i] + 32 : (e[i] == '_' ? '-' : e[i]));
    return !strcmp(low, "utf-8") || !strcmp(low, "utf8") || !strcmp(low, "u8") || !strcmp(low, "utf") ||
           !strcmp(low, "cp65001");
}

mn_object *mn_io_open(mn_object *const *args, mn_ssize nargs, mn_object *kwnames)
{
    static const char *const params[] = { "file", "mode", "buffering", "encoding", "errors",
                                          "newline", "closefd", "opener", NULL };
    mn_object *a[8];
    if (mn_args_bind("open", args, nargs, kwnames, params, 1, a) < 0)
        return NULL;
    mn_object *file = a[0];
    const char *mode = "r";
    if (a[1]) {
        if (!MN_STR_CHECK(a[1])) {
            mn_err_format(&mn_exc_TypeError, "open() argument 'mode' must be str, not %s", MN_TYPE_NAME(a[1]));
            return NULL;
        }
        mode = mn_str_as_utf8(a[1]);
    }
    int r = 0, w = 0, x = 0, ap = 0, plus = 0, b = 0, t = 0;
    for (const char *p = mode; *p; p++) {
        int *flag = *p == 'r' ? &r : *p == 'w' ? &w : *p == 'x' ? &x : *p == 'a' ? &ap
                  : *p == '+' ? &plus : *p == 'b' ? &b : *p == 't' ? &t : NULL;
        if (!flag || *flag) {
            mn_err_format(&mn_exc_ValueError, "invalid mode: '%s'", mode);
            return NULL;
        }
        *flag = 1;
    }
    if (b && t) {
        mn_err_set_string(&mn_exc_ValueError, "can't have text and binary mode at once");
        return NULL;
    }
    if (r + w + x + ap != 1) {
        mn_err_set_string(&mn_exc_ValueError, "must have exactly one of create/read/write/append mode");
        return NULL;
    }
    mn_object *enc = a[3] && a[3] != mn_none ? a[3] : NULL;
    mn_object *errs = a[4] && a[4] != mn_none ? a[4] : NULL;
    mn_object *nl = a[5] && a[5] != mn_none ? a[5] : NULL;
    if (b && enc) {
        mn_err_set_string(&mn_exc_ValueError, "binary mode doesn't take an encoding argument");
        return NULL;
    }
    if (b && errs) {
        mn_err_set_string(&mn_exc_ValueError, "binary mode doesn't take an errors argument");
        return NULL;
    }
    if (b && nl) {
        mn_err_set_string(&mn_exc_ValueError, "binary mode doesn't take a newline argument");
        return NULL;
    }
    if (enc) {
        if (!MN_STR_CHECK(enc)) {
            mn_err_format(&mn_exc_TypeError, "open() argument 'encoding' must be str or None, not %s",
                          MN_TYPE_NAME(enc));
            return NULL;
        }
        if (!is_utf8_name(mn_str_as_utf8(enc))) {
            mn_err_format(&mn_exc_LookupError, "unknown encoding: %U", enc);
            return NULL;
        }
    }
    int translate = 1;
    if (nl) {
        if (!MN_STR_CHECK(nl)) {
            mn_err_format(&mn_exc_TypeError, "open() argument 'newline' must be str or None, not %s",
                          MN_TYPE_NAME(nl));
            return NULL;
        }
        const char *s = mn_str_as_utf8(nl);
        if (strcmp(s, "") && strcmp(s, "\n") && strcmp(s, "\r") && strcmp(s, "\r\n")) {
            mn_err_format(&mn_exc_ValueError, "illegal newline value: %U", nl);
            return NULL;
        }
        translate = 0;   /* '' and explicit newlines: lines are returned untranslated */
    }
    int closefd = 1;
    if (a[6]) {
        closefd = mn_object_is_true(a[6]);
        if (closefd < 0)
            return NULL;
    }
    int flags = O_CLOEXEC;
    if (plus)
        flags |= O_RDWR;
    else
        flags |= r ? O_RDONLY : O_WRONLY;
    if (w)
        flags |= O_CREAT | O_TRUNC;
    if (x)
        flags |= O_CREAT | O_EXCL;
    if (ap)
        flags |= O_CREAT | O_APPEND;
    int fd;
    if (MN_INT_CHECK(file) && !MN_BOOL_CHECK(file)) {
        int64_t v;
        if (mn_stdlib_as_i64(file, &v) < 0)
            return NULL;
        if (v < 0) {
            mn_err_set_string(&mn_exc_ValueError, "negative file descriptor");
            return NULL;
        }
        fd = (int)v;
    } else {
        if (!MN_STR_CHECK(file) && !MN_BYTES_CHECK(file)) {
            mn_err_format(&mn_exc_TypeError, "expected str, bytes or os.PathLike object, not %s",
                          MN_TYPE_NAME(file));
            return NULL;
        }
        if (!closefd) {
            mn_err_set_string(&mn_exc_ValueError, "Cannot use closefd=False with file name");
            return NULL;
        }
        const char *path = MN_STR_CHECK(file) ? mn_str_as_utf8(file) : MN_BYTES_DATA(file);
        do
            fd = open(path, flags, 0666);
        while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            mn_err_set_from_errno(file);
            return NULL;
        }
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(fd);
            errno = EISDIR;
            mn_err_set_from_errno(file);
            return NULL;
        }
    }
    mn_object *modestr = mn_str_from_cstr(mode);
    if (!modestr) {
        if (closefd)
            close(fd);
        return NULL;
    }
    mn_object *f = file_new(fd, file, modestr, r || plus, !r || plus, b, closefd, translate);
    MN_DECREF(modestr);
    if (!f) {
        if (closefd)
            close(fd);
        return NULL;
    }
    if (ap)
        lseek(fd, 0, SEEK_END);
    return f;
}
