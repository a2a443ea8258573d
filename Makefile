# mini — one entry point: build, test, bench, fuzz, install.
# Every .c under runtime/ compiler/ vm/ stdlib/ is compiled into build/libmini.a;
# vm/main.c adds the CLI to make ./mini. Unit tests (tests/unit/*.c) link
# against the same library with Criterion.

CC       ?= gcc
BUILD    ?= build
PREFIX   ?= /usr/local
OPT      ?= -O2
SAN      ?=
CFLAGS   := -std=c11 $(OPT) -g -Wall -Wextra -Werror -D_GNU_SOURCE -I. $(SAN) $(EXTRA_CFLAGS)
DEPFLAGS  = -MMD -MP
LDLIBS   := -lutf8proc -lreadline -lm -lpthread
EXE      ?= mini

LIB_SRC  := $(filter-out vm/main.c,$(wildcard runtime/*.c compiler/*.c vm/*.c stdlib/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/vm/main.o
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(BUILD)/unit_tests

.PHONY: all deps demo test unit lang asan debug clean install bench golden fuzz gcstress

all: $(EXE)

# Installs the Debian packages mini needs when any is missing (we run as root
# on CI; elsewhere sudo is used when present).
deps:
	@sh tests/deps.sh

# The README's first set-up command: install what's missing, build, run an example.
demo: deps
	@$(MAKE) --no-print-directory all
	./$(EXE) scripts/primes.mini

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/libmini.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The binary also finds its library at <bindir>/../lib/mini, so any PREFIX works.
$(EXE): $(MAIN_OBJ) $(BUILD)/libmini.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(UNIT_BIN): $(UNIT_OBJ) $(BUILD)/libmini.a
	$(CC) $(CFLAGS) -o $@ $^ -lcriterion $(LDLIBS)

unit: $(UNIT_BIN)
	$(UNIT_BIN) --jobs 2

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@sh tests/run_all.sh $(BUILD) $(EXE)

debug:
	$(MAKE) BUILD=build-debug OPT="-O0 -DMN_DEBUG_REFS" EXE=mini-debug all

asan: deps
	$(MAKE) --no-print-directory BUILD=build-asan EXE=mini-asan OPT="-O1 -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all build-asan/unit_tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 sh tests/run_all.sh build-asan mini-asan

# The golden suite with a collection forced every N GC allocations
# (MINI_GCSTRESS, read by runtime/gc.c; a full one every 1000th): catches
# containers tracked half-built, traverse slots that miss references and
# refcount errors. N=1 takes about as long as the normal suite.
GCSTRESS_N ?= 1
gcstress: all
	MINI_GCSTRESS=$(GCSTRESS_N) MINI_TEST_TIMEOUT=60 sh tests/lang/run.sh ./$(EXE)

# Regenerates tests/lang/*.out by running every golden test under CPython
# (PYTHON=... to choose the interpreter; never hand-write a .out).
PYTHON ?= python3
golden:
	@sh tests/lang/gen_golden.sh $(PYTHON)

# mini vs CPython timings (median of several runs, ratios, geometric mean).
bench: all
	@sh tests/bench/run.sh ./$(EXE)

clean:
	rm -rf build build-asan build-debug mini mini-asan mini-debug

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/mini
	install -m 755 mini $(DESTDIR)$(PREFIX)/bin/mini
	cd stdlib && find . -name '*.mini' -exec install -D -m 644 {} $(DESTDIR)$(PREFIX)/lib/mini/{} \;

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
