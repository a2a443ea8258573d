/* vm/import.c — the import system (CPython's importlib._bootstrap, in C).
 *
 * Decisions:
 *  - Only `.mini` files are modules: NAME.mini or a package directory with
 *    NAME/__init__.mini. `.py` files are NOT imported, so a mini program can
 *    never pick up a CPython library that happens to sit on sys.path.
 *  - Search order for a top-level name: sys.modules, the built-in C module
 *    table (stdlib/modules.c), then every sys.path entry in order ("" is the
 *    current directory); in one directory a package wins over a module, as
 *    CPython's FileFinder does. Submodules are searched in the package's
 *    __path__ only.
 *  - A module is put in sys.modules *before* its body runs, so circular
 *    imports see the partially initialised module exactly as in CPython; if
 *    the body raises, the module is removed from sys.modules again.
 *  - No bytecode cache (.pyc) and no import hooks / finders / loaders: a
 *    module's __spec__ and __loader__ are None.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vm/import.h"
#include "vm/vm.h"
#include "stdlib/modules.h"
#include "compiler/compiler.h"

/* Modules whose body is running (for the circular-import message). */
static mn_object *initializing[64];
static int ninitializing;

int mn_import_is_initializing(mn_object *module)
{
    for (int i = 0; i < ninitializing; i++)
        if (initializing[i] == module)
            return 1;
    return 0;
}

static mn_object *sys_modules_or_error(void)
{
    mn_object *m = mn_sys_modules();
    if (!m || !MN_DICT_CHECK(m)) {
        mn_err_set_string(&mn_exc_RuntimeError, "lost sys.modules");
        return NULL;
    }
    return m;
}

static void set_not_found(mn_object *name, const char *fmt_suffix, mn_object *parent)
{
    if (fmt_suffix)
        mn_err_format(&mn_exc_ModuleNotFoundError, "No module named %R; %R is not a package", name, parent);
    else
        mn_err_format(&mn_exc_ModuleNotFoundError, "No module named %R", name);
    /* exc.name, as CPython sets it */
    mn_object *exc = mn_err_occurred();
    if (exc)
        mn_object_setattr_str(exc, "name", name) < 0 ? mn_err_clear() : (void)0;
}

/* Reads a whole file into a malloc'ed NUL-terminated buffer. */
static char *read_file(const char *path, mn_ssize *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (n < cap - 1)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        free(buf);
        errno = err ? EIO : ENOMEM;
        return NULL;
    }
    buf[n] = 0;
    *len = (mn_ssize)n;
    return buf;
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Compiles and runs `path` in module `mod`'s dict. */
static int exec_file_in(mn_object *mod, const char *path)
{
    mn_ssize len;
    char *src = read_file(path, &len);
    if (!src) {
        mn_object *fn = mn_str_from_cstr(path);
        mn_err_set_from_errno(fn);
        MN_XDECREF(fn);
        return -1;
    }
    mn_object *code = mn_compile_source(src, len, path, MN_COMPILE_EXEC, NULL);
    free(src);
    if (!code)
        return -1;
    mn_object *d = mn_module_get_dict(mod);
    if (ninitializing < 64)
        initializing[ninitializing++] = mod;
    mn_object *r = mn_eval_code(code, d, d);
    for (int i = ninitializing - 1; i >= 0; i--)
        if (initializing[i] == mod) {
            memmove(initializing + i, initializing + i + 1, (size_t)(ninitializing - i - 1) * sizeof(mn_object *));
            ninitializing--;
            break;
        }
    MN_DECREF(code);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

static int set_module_attrs(mn_object *mod, const char *file, mn_object *package, const char *pkgdir)
{
    mn_object *d = mn_module_get_dict(mod);
    mn_object *bm = mn_stdlib_builtins_module();
    if (mn_dict_set_item_str(d, "__builtins__", bm ? bm : mn_vm_builtins()) < 0)
        return -1;
    if (file && mn_module_add_str(mod, "__file__", file) < 0)
        return -1;
    if (package && mn_dict_set_item_str(d, "__package__", package) < 0)
        return -1;
    if (pkgdir) {
        mn_object *s = mn_str_from_cstr(pkgdir);
        mn_object *l = s ? mn_list_new(0) : NULL;
        int e = !l || mn_list_append(l, s) < 0 || mn_dict_set_item_str(d, "__path__", l) < 0;
        MN_XDECREF(s);
        MN_XDECREF(l);
        if (e)
            return -1;
    }
    return 0;
}

/* Creates the module for `name` from `file`, registers it in sys.modules,
 * runs its body. Returns sys.modules[name] afterwards (a module may replace
 * itself there). */
static mn_object *load_source_module(mn_object *name, const char *file, const char *pkgdir)
{
    mn_object *mods = sys_modules_or_error();
    if (!mods)
        return NULL;
    mn_object *mod = mn_module_new(mn_str_as_utf8(name));
    if (!mod)
        return NULL;
    /* __package__: the package itself, or the parent of a plain module */
    mn_object *package;
    if (pkgdir)
        package = MN_NEW_REF(name);
    else {
        const char *s = mn_str_as_utf8(name), *dot = strrchr(s, '.');
        package = mn_str_from_utf8(s, dot ? (mn_ssize)(dot - s) : 0);
    }
    if (!package || set_module_attrs(mod, file, package, pkgdir) < 0 || mn_dict_set_item(mods, name, mod) < 0) {
        MN_XDECREF(package);
        MN_DECREF(mod);
        return NULL;
    }
    MN_DECREF(package);
    if (exec_file_in(mod, file) < 0) {
        /* a failed import leaves no trace in sys.modules */
        mn_object *exc = mn_err_fetch();
        if (mn_dict_get_item(mods, name) && mn_dict_del_item(mods, name) < 0)
            mn_err_clear();
        mn_err_restore(exc);
        MN_DECREF(mod);
        return NULL;
    }
    MN_DECREF(mod);
    mn_object *r = mn_dict_get_item(mods, name);
    if (!r) {
        mn_err_format(&mn_exc_ImportError, "Loaded module %U not found in sys.modules", name);
        return NULL;
    }
    return MN_NEW_REF(r);
}

/* Looks for `last` (the last component of `name`) in the directories of
 * `path` (a list of str); loads it if found. Returns 0 with *out NULL when
 * nothing was found. */
static int find_in_path(mn_object *name, const char *last, mn_object *path, mn_object **out)
{
    *out = NULL;
    if (!path || !MN_LIST_CHECK(path))
        return 0;
    for (mn_ssize i = 0; i < MN_LIST_SIZE(path); i++) {
        mn_object *entry = MN_LIST_GET(path, i);
        if (!MN_STR_CHECK(entry))
            continue;
        const char *dir = mn_str_as_utf8(entry);
        if (!*dir)
            dir = ".";
        char buf[PATH_MAX], pkg[PATH_MAX];
        /* package first */
        if (snprintf(pkg, sizeof pkg, "%s/%s", dir, last) < (int)sizeof pkg && is_dir(pkg) &&
            snprintf(buf, sizeof buf, "%s/__init__.mini", pkg) < (int)sizeof buf && is_file(buf)) {
            *out = load_source_module(name, buf, pkg);
            return *out ? 0 : -1;
        }
        if (snprintf(buf, sizeof buf, "%s/%s.mini", dir, last) < (int)sizeof buf && is_file(buf)) {
            *out = load_source_module(name, buf, NULL);
            return *out ? 0 : -1;
        }
    }
    return 0;
}

static mn_object *load_builtin(mn_object *name, const mn_module_def *def)
{
    mn_object *mods = sys_modules_or_error();
    if (!mods)
        return NULL;
    mn_object *m = mn_module_from_def(def);
    if (!m)
        return NULL;
    if (mn_dict_set_item(mods, name, m) < 0) {
        MN_DECREF(m);
        return NULL;
    }
    return m;
}

/* _find_and_load: the module called `name` (absolute, dotted), imported with
 * its parents if needed. New reference. */
static mn_object *find_and_load(mn_object *name)
{
    mn_object *mods = sys_modules_or_error();
    if (!mods)
        return NULL;
    mn_object *m = mn_dict_get_item(mods, name);
    if (m) {
        if (m == mn_none) {
            mn_err_format(&mn_exc_ModuleNotFoundError, "import of %U halted; None in sys.modules", name);
            return NULL;
        }
        return MN_NEW_REF(m);
    }
    const char *s = mn_str_as_utf8(name), *dot = strrchr(s, '.');
    mn_object *path = NULL, *parent_mod = NULL, *parent = NULL;
    if (dot) {
        parent = mn_str_from_utf8(s, (mn_ssize)(dot - s));
        if (!parent)
            return NULL;
        parent_mod = find_and_load(parent);
        if (!parent_mod) {
            MN_DECREF(parent);
            return NULL;
        }
        /* importing the parent may have imported us */
        m = mn_dict_get_item(mods, name);
        if (m) {
            MN_DECREF(parent);
            MN_DECREF(parent_mod);
            return MN_NEW_REF(m);
        }
        int r = mn_vm_lookup_attr_str(parent_mod, "__path__", &path);
        if (r <= 0) {
            if (r == 0)
                set_not_found(name, "not a package", parent);
            MN_DECREF(parent);
            MN_DECREF(parent_mod);
            return NULL;
        }
    } else {
        const mn_module_def *def = mn_builtin_module_find(s);
        if (def)
            return load_builtin(name, def);
        path = mn_sys_get("path");
        MN_XINCREF(path);
    }
    mn_object *res = NULL;
    int r = find_in_path(name, dot ? dot + 1 : s, path, &res);
    MN_XDECREF(path);
    if (r == 0 && !res)
        set_not_found(name, NULL, NULL);
    if (res && parent_mod) {
        /* `import a.b` binds b as an attribute of a */
        mn_object *child = mn_str_from_cstr(dot + 1);
        if (!child || mn_object_setattr(parent_mod, child, res) < 0)
            MN_CLEAR(res);
        MN_XDECREF(child);
    }
    MN_XDECREF(parent_mod);
    MN_XDECREF(parent);
    return res;
}

/* The absolute name for a relative import of `name` at `level` from a
 * module whose globals are `globals` (CPython's resolve_name). */
static mn_object *resolve_name(mn_object *name, mn_object *globals, int level)
{
    if (!globals || !MN_DICT_CHECK(globals)) {
        mn_err_set_string(&mn_exc_KeyError, "'__name__' not in globals");
        return NULL;
    }
    mn_object *package = mn_dict_get_item_str(globals, "__package__");
    mn_object *pkg = NULL;
    if (package && package != mn_none) {
        if (!MN_STR_CHECK(package)) {
            mn_err_set_string(&mn_exc_TypeError, "package must be a string");
            return NULL;
        }
        pkg = MN_NEW_REF(package);
    } else {
        mn_object *mname = mn_dict_get_item_str(globals, "__name__");
        if (!mname) {
            mn_err_set_string(&mn_exc_KeyError, "'__name__' not in globals");
            return NULL;
        }
        if (!MN_STR_CHECK(mname)) {
            mn_err_set_string(&mn_exc_TypeError, "__name__ must be a string");
            return NULL;
        }
        if (mn_dict_get_item_str(globals, "__path__"))
            pkg = MN_NEW_REF(mname);
        else {
            const char *s = mn_str_as_utf8(mname), *dot = strrchr(s, '.');
            pkg = mn_str_from_utf8(s, dot ? (mn_ssize)(dot - s) : 0);
            if (!pkg)
                return NULL;
        }
    }
    if (MN_STR_NBYTES(pkg) == 0) {
        MN_DECREF(pkg);
        mn_err_set_string(&mn_exc_ImportError, "attempted relative import with no known parent package");
        return NULL;
    }
    /* drop level-1 trailing components */
    const char *s = mn_str_as_utf8(pkg);
    mn_ssize end = MN_STR_NBYTES(pkg);
    for (int i = 1; i < level; i++) {
        while (end > 0 && s[end - 1] != '.')
            end--;
        if (end == 0) {
            MN_DECREF(pkg);
            mn_err_set_string(&mn_exc_ImportError, "attempted relative import beyond top-level package");
            return NULL;
        }
        end--;
    }
    mn_object *base = mn_str_from_utf8(s, end);
    MN_DECREF(pkg);
    if (!base)
        return NULL;
    if (MN_STR_NBYTES(name) == 0)
        return base;
    mn_object *abs = mn_str_from_format("%U.%U", base, name);
    MN_DECREF(base);
    return abs;
}

/* from package import x, y: imports package.x when x isn't an attribute. */
static int handle_fromlist(mn_object *mod, mn_object *fromlist, int recursive)
{
    mn_object *it = mn_object_get_iter(fromlist);
    if (!it)
        return -1;
    mn_object *x;
    int err = 0;
    while (!err && (x = mn_iter_next(it))) {
        if (!MN_STR_CHECK(x)) {
            mn_err_format(&mn_exc_TypeError, "Item in %s must be str, not %s",
                          recursive ? "``from list''" : "``from list''", MN_TYPE_NAME(x));
            err = -1;
        } else if (mn_str_equal_cstr(x, "*")) {
            mn_object *all = NULL;
            int r = recursive ? 0 : mn_vm_lookup_attr_str(mod, "__all__", &all);
            if (r < 0)
                err = -1;
            else if (r > 0) {
                err = handle_fromlist(mod, all, 1);
                MN_DECREF(all);
            }
        } else {
            mn_object *v = NULL;
            int r = mn_object_lookup_attr(mod, x, &v);
            MN_XDECREF(v);
            if (r < 0)
                err = -1;
            else if (r == 0) {
                mn_object *mname = mn_object_getattr_str(mod, "__name__");
                mn_object *full = mname ? mn_str_from_format("%S.%U", mname, x) : NULL;
                MN_XDECREF(mname);
                if (!full)
                    err = -1;
                else {
                    mn_object *sub = find_and_load(full);
                    if (sub)
                        MN_DECREF(sub);
                    else if (mn_err_matches(&mn_exc_ModuleNotFoundError)) {
                        /* only "this very submodule doesn't exist" is ignored */
                        mn_object *exc = mn_err_occurred(), *en = NULL;
                        int same = mn_vm_lookup_attr_str(exc, "name", &en) > 0 && MN_STR_CHECK(en) &&
                                   mn_str_equal(en, full);
                        MN_XDECREF(en);
                        if (same)
                            mn_err_clear();
                        else
                            err = -1;
                    } else
                        err = -1;
                    MN_DECREF(full);
                }
            }
        }
        MN_DECREF(x);
    }
    MN_DECREF(it);
    if (!err && mn_err_occurred())
        err = -1;
    return err;
}

mn_object *mn_import_module_level(mn_object *name, mn_object *globals, mn_object *fromlist, int level)
{
    if (!MN_STR_CHECK(name)) {
        mn_err_format(&mn_exc_TypeError, "module name must be str, not %s", MN_TYPE_NAME(name));
        return NULL;
    }
    if (level < 0) {
        mn_err_set_string(&mn_exc_ValueError, "level must be >= 0");
        return NULL;
    }
    mn_object *absname;
    if (level > 0) {
        absname = resolve_name(name, globals, level);
        if (!absname)
            return NULL;
    } else {
        if (MN_STR_NBYTES(name) == 0) {
            mn_err_set_string(&mn_exc_ValueError, "Empty module name");
            return NULL;
        }
        absname = MN_NEW_REF(name);
    }
    mn_object *mod = find_and_load(absname);
    if (!mod) {
        MN_DECREF(absname);
        return NULL;
    }
    int has_from = fromlist && fromlist != mn_none && mn_object_is_true(fromlist) > 0;
    if (!has_from) {
        /* `import a.b.c` binds `a`: return the top-level package */
        const char *n = mn_str_as_utf8(name), *dot = strchr(n, '.');
        if (level == 0 && dot) {
            mn_object *front = mn_str_from_utf8(n, (mn_ssize)(dot - n));
            mn_object *mods = mn_sys_modules();
            mn_object *top = front && mods ? mn_dict_get_item(mods, front) : NULL;
            if (front && !top)
                mn_err_format(&mn_exc_KeyError, "%R not in sys.modules as expected", front);
            MN_XDECREF(front);
            MN_DECREF(mod);
            MN_DECREF(absname);
            return top ? MN_NEW_REF(top) : NULL;
        }
        if (level > 0 && MN_STR_NBYTES(name) > 0 && dot) {
            /* from . import a.b is not valid syntax; __import__('a.b', level=1)
             * returns the first component relative to the package */
            mn_ssize cut = (mn_ssize)strlen(dot);
            mn_object *front = mn_str_from_utf8(mn_str_as_utf8(absname), MN_STR_NBYTES(absname) - cut);
            mn_object *mods = mn_sys_modules();
            mn_object *top = front && mods ? mn_dict_get_item(mods, front) : NULL;
            if (front && !top)
                mn_err_format(&mn_exc_KeyError, "%R not in sys.modules as expected", front);
            MN_XDECREF(front);
            MN_DECREF(mod);
            MN_DECREF(absname);
            return top ? MN_NEW_REF(top) : NULL;
        }
        MN_DECREF(absname);
        return mod;
    }
    MN_DECREF(absname);
    mn_object *path = NULL;
    int r = mn_vm_lookup_attr_str(mod, "__path__", &path);
    MN_XDECREF(path);
    if (r < 0 || (r > 0 && handle_fromlist(mod, fromlist, 0) < 0)) {
        MN_DECREF(mod);
        return NULL;
    }
    return mod;
}

mn_object *mn_import_module(const char *name)
{
    mn_object *n = mn_str_from_cstr(name);
    if (!n)
        return NULL;
    mn_object *m = find_and_load(n);
    MN_DECREF(n);
    return m;
}

/* ------------------------------------------------------------ __main__ */

/* Borrowed: sys.modules owns __main__, as in CPython, so at shut-down it
 * becomes garbage once it leaves sys.modules and its objects are finalized
 * while its globals are still intact. */
mn_object *mn_import_main_module(void)
{
    mn_object *mods = mn_sys_modules();
    if (!mods) {
        mn_err_set_string(&mn_exc_RuntimeError, "lost sys.modules");
        return NULL;
    }
    mn_object *m = mn_dict_get_item_str(mods, "__main__");
    if (m)
        return m;
    m = mn_module_new("__main__");
    if (!m)
        return NULL;
    if (set_module_attrs(m, NULL, NULL, NULL) < 0 || mn_dict_set_item_str(mods, "__main__", m) < 0) {
        MN_DECREF(m);
        return NULL;
    }
    MN_DECREF(m);
    return m;
}

static int set_path0(const char *dir)
{
    mn_object *path = mn_sys_get("path");
    if (!path || !MN_LIST_CHECK(path))
        return 0;
    mn_object *s = mn_str_from_cstr(dir);
    if (!s)
        return -1;
    if (MN_LIST_SIZE(path) == 0)
        return mn_list_append(path, s), MN_DECREF(s), 0;
    MN_SETREF(MN_LIST_ITEMS(path)[0], s);
    return 0;
}

int mn_import_run_main(const char *path)
{
    /* sys.path[0]: the script's directory, absolute as in CPython */
    char resolved[PATH_MAX];
    if (realpath(path, resolved)) {
        char *slash = strrchr(resolved, '/');
        if (slash == resolved)
            slash[1] = 0;
        else if (slash)
            *slash = 0;
        if (set_path0(resolved) < 0)
            return -1;
    }
    mn_object *m = mn_import_main_module();
    if (!m)
        return -1;
    MN_INCREF(m);
    int r = mn_module_add_str(m, "__file__", path);
    if (r == 0)
        r = exec_file_in(m, path);
    MN_DECREF(m);
    return r;
}

int mn_import_run_string_as_main(const char *src)
{
    mn_object *m = mn_import_main_module();
    if (!m)
        return -1;
    MN_INCREF(m);
    mn_object *code = mn_compile_source(src, (mn_ssize)strlen(src), "<string>", MN_COMPILE_EXEC, NULL);
    mn_object *r = NULL;
    if (code) {
        mn_object *d = mn_module_get_dict(m);
        r = mn_eval_code(code, d, d);
        MN_DECREF(code);
    }
    MN_DECREF(m);
    if (!r)
        return -1;
    MN_DECREF(r);
    return 0;
}

static mn_object *import_prefix(const char *name, size_t len);

/* Finds the file of module `name` without running it: its parent package is
 * imported (as `python -m pkg.mod` does), then the path searched. */
static int find_module_file(const char *name, char *file, size_t size, int *is_pkg)
{
    const char *dot = strrchr(name, '.');
    mn_object *path;
    if (dot) {
        mn_object *parent = import_prefix(name, (size_t)(dot - name));
        if (!parent)
            return -1;
        int r = mn_vm_lookup_attr_str(parent, "__path__", &path);
        MN_DECREF(parent);
        if (r <= 0) {
            if (r == 0) {
                mn_object *n = mn_str_from_cstr(name);
                mn_object *p = mn_str_from_utf8(name, (mn_ssize)(dot - name));
                if (n && p)
                    set_not_found(n, "not a package", p);
                MN_XDECREF(n);
                MN_XDECREF(p);
            }
            return -1;
        }
    } else {
        path = mn_sys_get("path");
        MN_XINCREF(path);
    }
    const char *last = dot ? dot + 1 : name;
    int found = 0;
    for (mn_ssize i = 0; path && MN_LIST_CHECK(path) && i < MN_LIST_SIZE(path) && !found; i++) {
        mn_object *e = MN_LIST_GET(path, i);
        if (!MN_STR_CHECK(e))
            continue;
        const char *dir = *mn_str_as_utf8(e) ? mn_str_as_utf8(e) : ".";
        char pkg[PATH_MAX];
        if (snprintf(pkg, sizeof pkg, "%s/%s", dir, last) >= (int)sizeof pkg)
            continue;
        if (snprintf(file, size, "%s/__init__.mini", pkg) < (int)size && is_dir(pkg) && is_file(file)) {
            if (snprintf(file, size, "%s/__main__.mini", pkg) >= (int)size)
                continue;
            *is_pkg = 1;
            found = 1;
            break;
        }
        if (snprintf(file, size, "%s/%s.mini", dir, last) < (int)size && is_file(file)) {
            *is_pkg = 0;
            found = 1;
        }
    }
    MN_XDECREF(path);
    if (!found) {
        mn_object *n = mn_str_from_cstr(name);
        if (n)
            set_not_found(n, NULL, NULL);
        MN_XDECREF(n);
        return -1;
    }
    return 0;
}

static mn_object *import_prefix(const char *name, size_t len)
{
    mn_object *n = mn_str_from_utf8(name, (mn_ssize)len);
    if (!n)
        return NULL;
    mn_object *m = find_and_load(n);
    MN_DECREF(n);
    return m;
}

int mn_import_run_module_as_main(const char *name)
{
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && set_path0(cwd) < 0)
        return -1;
    if (mn_builtin_module_find(name)) {
        mn_err_format(&mn_exc_ImportError, "No code object available for %s", name);
        return -1;
    }
    char file[PATH_MAX];
    int is_pkg = 0;
    if (find_module_file(name, file, sizeof file, &is_pkg) < 0)
        return -1;
    if (is_pkg && !is_file(file)) {
        mn_err_format(&mn_exc_ImportError, "No module named %s.__main__; '%s' is a package and cannot be directly executed",
                      name, name);
        return -1;
    }
    mn_object *m = mn_import_main_module();
    if (!m)
        return -1;
    MN_INCREF(m);
    int r = mn_module_add_str(m, "__file__", file);
    if (r == 0) {
        const char *dot = strrchr(name, '.');
        mn_object *pkg = is_pkg ? mn_str_from_cstr(name)
                                : mn_str_from_utf8(name, dot ? (mn_ssize)(dot - name) : 0);
        r = pkg ? mn_module_add_object(m, "__package__", pkg) : -1;
        MN_XDECREF(pkg);
    }
    if (r == 0)
        r = exec_file_in(m, file);
    MN_DECREF(m);
    return r;
}
