# libFuzzer target for IPC4 request decoding and the fragment assembler
# (test/fuzz/ipc4_fuzz.c), built for the host with clang. Included by the top
# Makefile (needs HOST_O and PYTHON).
#
#   make fuzz-ipc4        fuzz for FUZZ_IPC4_TIME seconds from the seed corpus, inputs up
#                         to 16 KiB; what it learns stays in build/host/ipc4-fuzz/corpus/
#   make test-fuzz-ipc4   smoke run: FUZZ_IPC4_SMOKE_RUNS inputs or
#                         FUZZ_IPC4_SMOKE_TIME seconds, seed 1, from the seeds only
#
# Both end with "1 passed, 0 failed" (libFuzzer exited 0) or "0 passed, 1 failed"
# (the reproducer is in build/host/ipc4-fuzz/artifacts/; rerun it with
# build/host/ipc4_fuzz FILE). The seeds come from tools/ipc4_corpus.py.

IPC4_FUZZ_CC	     ?= clang
FUZZ_IPC4_TIME	     ?= 600
FUZZ_IPC4_SMOKE_RUNS ?= 200000
FUZZ_IPC4_SMOKE_TIME ?= 20

IPC4_FUZZ	 := $(HOST_O)/ipc4_fuzz
IPC4_CORPUS	 := $(HOST_O)/ipc4-corpus
IPC4_CORPUS_STAMP := $(HOST_O)/ipc4-corpus.stamp
IPC4_FUZZ_WORK	 := $(HOST_O)/ipc4-fuzz
IPC4_FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -I. -Imodules/sdk/include -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

.PHONY: fuzz-ipc4 test-fuzz-ipc4

$(IPC4_FUZZ): test/fuzz/ipc4_fuzz.c audio/ipc4_decode.c audio/ipc4_decode.h audio/ipc4.h \
		kernel/errno.h
	@mkdir -p $(dir $@)
	$(IPC4_FUZZ_CC) $(IPC4_FUZZ_CFLAGS) test/fuzz/ipc4_fuzz.c audio/ipc4_decode.c -o $@

$(IPC4_CORPUS_STAMP): tools/ipc4_corpus.py tools/ipc4.py
	@rm -rf $(IPC4_CORPUS)
	$(PYTHON) tools/ipc4_corpus.py $(IPC4_CORPUS)
	@touch $@

# $(1): the corpus directory libFuzzer grows, $(2): its options, $(3): the log.
define ipc4_fuzz_run
	@mkdir -p $(1) $(IPC4_FUZZ_WORK)/artifacts
	@echo "  FUZZ    $(IPC4_FUZZ) $(2) (log: $(3))"
	@$(IPC4_FUZZ) $(2) -artifact_prefix=$(IPC4_FUZZ_WORK)/artifacts/ $(1) $(IPC4_CORPUS) \
		> $(3) 2>&1; rc=$$?; \
	 if [ $$rc -eq 0 ]; then grep -E '^Done [0-9]+ runs' $(3); echo "1 passed, 0 failed"; \
	 else tail -n 40 $(3); echo "ipc4 fuzz: libFuzzer exited $$rc"; \
	      echo "0 passed, 1 failed"; exit 1; fi
endef

fuzz-ipc4: $(IPC4_FUZZ) $(IPC4_CORPUS_STAMP)
	$(call ipc4_fuzz_run,$(IPC4_FUZZ_WORK)/corpus,-max_total_time=$(FUZZ_IPC4_TIME) \
		-max_len=16384 -print_final_stats=1,$(IPC4_FUZZ_WORK)/fuzz.log)

test-fuzz-ipc4: $(IPC4_FUZZ) $(IPC4_CORPUS_STAMP)
	@rm -rf $(IPC4_FUZZ_WORK)/smoke
	$(call ipc4_fuzz_run,$(IPC4_FUZZ_WORK)/smoke,-runs=$(FUZZ_IPC4_SMOKE_RUNS) \
		-max_total_time=$(FUZZ_IPC4_SMOKE_TIME) -seed=1,$(IPC4_FUZZ_WORK)/smoke.log)
