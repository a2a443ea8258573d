/* tests/repl/pty_driver.c — runs a program on a pseudo-terminal and plays a
 * transcript script against it, so the REPL (readline, prompts, Ctrl-C,
 * Ctrl-D) is tested exactly as a user at a terminal sees it, in CI, with
 * no stdin.
 *
 *   pty_driver SCRIPT PROGRAM [ARG ...]
 *
 * SCRIPT lines (C escapes \n \t \\ \xHH allowed in TEXT):
 *   send TEXT      write TEXT to the terminal (\x03 is Ctrl-C, \x04 Ctrl-D)
 *   expect TEXT    wait (5 s) until TEXT appears after the current position;
 *                  the position moves past it
 *   next TEXT      wait until the output right at the current position is
 *                  exactly TEXT (so nothing unexpected came in between)
 *   sleep MS       pause
 *   exit N         wait for the program to end with status N
 *   # ...          comment
 * Output is compared with '\r' removed and ANSI escape sequences dropped.
 * Exit status 0 when the whole script passed; otherwise the failing step and
 * the output so far are printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char out[1 << 20];
static size_t out_len, pos;
static int master = -1;
static pid_t child;
static int esc_state;   /* 0 normal, 1 after ESC, 2 inside CSI */

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads what is available within `ms`, filtering \r and escapes. */
static int pump(int ms)
{
    struct pollfd p = {master, POLLIN, 0};
    int r = poll(&p, 1, ms);
    if (r <= 0)
        return 0;
    char buf[4096];
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0)
        return -1;    /* EIO: the child closed the terminal */
    for (ssize_t i = 0; i < n; i++) {
        char c = buf[i];
        if (esc_state == 1) {
            esc_state = (c == '[') ? 2 : 0;
            continue;
        }
        if (esc_state == 2) {
            if ((c >= '@' && c <= '~'))
                esc_state = 0;
            continue;
        }
        if (c == '\033') {
            esc_state = 1;
            continue;
        }
        if (c == '\r' || c == '\a')
            continue;
        if (out_len < sizeof out - 1)
            out[out_len++] = c;
    }
    out[out_len] = '\0';
    return 1;
}

static size_t unescape(const char *s, char *dst)
{
    size_t n = 0;
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            dst[n++] = *s;
            continue;
        }
        s++;
        switch (*s) {
        case 'n': dst[n++] = '\n'; break;
        case 't': dst[n++] = '\t'; break;
        case 's': dst[n++] = ' '; break;
        case '\\': dst[n++] = '\\'; break;
        case 'x': {
            char hex[3] = {s[1], s[1] ? s[2] : 0, 0};
            dst[n++] = (char)strtol(hex, NULL, 16);
            s += 2;
            break;
        }
        default: dst[n++] = '\\'; dst[n++] = *s; break;
        }
    }
    dst[n] = '\0';
    return n;
}

static void show_failure(int lineno, const char *line)
{
    fprintf(stderr, "step %d failed: %s\n--- output from the current position ---\n%s\n"
                    "--- whole output ---\n%s\n---\n", lineno, line, out + pos, out);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pty_driver SCRIPT PROGRAM [ARG ...]\n");
        return 2;
    }
    FILE *script = fopen(argv[1], "r");
    if (!script) {
        perror(argv[1]);
        return 2;
    }
    struct winsize ws = {24, 200, 0, 0};
    child = forkpty(&master, NULL, NULL, &ws);
    if (child < 0) {
        perror("forkpty");
        return 2;
    }
    if (child == 0) {
        setenv("TERM", "dumb", 1);
        setenv("INPUTRC", "/dev/null", 1);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    char line[4096], text[4096];
    int lineno = 0, ok = 1, exited = 0, status = 0;
    while (ok && fgets(line, sizeof line, script)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *arg = strchr(line, ' ');
        arg = arg ? arg + 1 : line + strlen(line);
        if (strncmp(line, "send ", 5) == 0) {
            size_t n = unescape(arg, text);
            if (write(master, text, n) != (ssize_t)n)
                ok = 0;
            pump(20);
        } else if (strncmp(line, "expect ", 7) == 0 || strncmp(line, "next ", 5) == 0) {
            int anchored = line[0] == 'n';
            size_t n = unescape(arg, text);
            long deadline = now_ms() + 5000;
            for (;;) {
                if (anchored) {
                    if (out_len - pos >= n) {
                        ok = memcmp(out + pos, text, n) == 0;
                        break;
                    }
                } else {
                    char *hit = strstr(out + pos, text);
                    if (hit) {
                        pos = (size_t)(hit - out);
                        break;
                    }
                }
                if (now_ms() > deadline || pump(50) < 0) {
                    ok = 0;
                    break;
                }
            }
            if (ok)
                pos += n;
        } else if (strncmp(line, "sleep ", 6) == 0) {
            long end = now_ms() + atol(arg);
            while (now_ms() < end)
                pump(10);
        } else if (strncmp(line, "exit ", 5) == 0) {
            long deadline = now_ms() + 5000;
            while (!exited && now_ms() < deadline) {
                pump(20);
                if (waitpid(child, &status, WNOHANG) == child)
                    exited = 1;
            }
            int want = atoi(arg);
            ok = exited && WIFEXITED(status) && WEXITSTATUS(status) == want;
            if (!ok && exited)
                fprintf(stderr, "exit status: %s %d\n", WIFEXITED(status) ? "exited" : "signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        } else {
            fprintf(stderr, "bad script line %d: %s\n", lineno, line);
            ok = 0;
        }
        if (!ok)
            show_failure(lineno, line);
    }
    fclose(script);
    if (!exited) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    return ok ? 0 : 1;
}
