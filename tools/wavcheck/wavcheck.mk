# tools/wavcheck: the WAV analyser of the end-to-end audio tests (docs/wavcheck.md).
#
#   $(HOST_O)/wavcheck   the tool, -O2, no sanitizers (the e2e tests run it a lot)
#   test-wavcheck        its unit tests, built under ASan/UBSan, then run
#
# Included by the top Makefile after HOST_O, HOST_CC and HOST_CFLAGS; also
# usable alone: make -f tools/wavcheck/wavcheck.mk test-wavcheck
HOST_O  ?= build/host
HOST_CC ?= gcc

WAVCHECK_SRCS   := $(addprefix tools/wavcheck/,wav.c fft.c analyse.c compare.c cli.c)
WAVCHECK_TESTS  := $(wildcard tools/wavcheck/test_*.c)
WAVCHECK_DEPS   := $(WAVCHECK_SRCS) $(wildcard tools/wavcheck/*.h) tools/wavcheck/wavcheck.mk
WAVCHECK_CFLAGS := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -I.
# The sanitizers of HOST_CFLAGS (these when included without it).
WAVCHECK_SAN_DEFAULT := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
WAVCHECK_SAN = $(or $(filter -fsanitize% -fno-sanitize% -fno-omit-frame-pointer,$(HOST_CFLAGS)),$(WAVCHECK_SAN_DEFAULT))

$(HOST_O)/wavcheck: $(WAVCHECK_DEPS) tools/wavcheck/main.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(WAVCHECK_CFLAGS) -O2 $(WAVCHECK_SRCS) tools/wavcheck/main.c -o $@ -lm

$(HOST_O)/wavcheck_tests: $(WAVCHECK_DEPS) $(WAVCHECK_TESTS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(WAVCHECK_CFLAGS) -O1 -g $(WAVCHECK_SAN) $(WAVCHECK_SRCS) \
		$(WAVCHECK_TESTS) -o $@ -lm

.PHONY: test-wavcheck
test-wavcheck: $(HOST_O)/wavcheck_tests $(HOST_O)/wavcheck
	$(HOST_O)/wavcheck_tests
