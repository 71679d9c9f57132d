# Sotto top-level Makefile.
#
#   make [BOARD=virt-a15]    build the firmware image build/<board>/sotto.elf
#   make run                 boot it under QEMU into the serial shell (Ctrl-A X quits)
#   make test                format check, host unit tests, on-target suites, runner tests
#   make debug               QEMU halted with its gdbstub + gdb-multiarch attached
#   make bench               benchmarks in deterministic mode (bench NAME BOARD VALUE UNIT)
#   make fuzz                the syscall fuzzer for FUZZ_CALLS calls (docs/testing.md)
#   make size                section sizes of the image
#   make format / format-check / clean

BOARD ?= virt-a15
BOARD_MK := $(wildcard arch/*/boards/$(BOARD).mk)
ifeq ($(BOARD_MK),)
$(error unknown BOARD '$(BOARD)': no arch/*/boards/$(BOARD).mk)
endif
include $(BOARD_MK)
# 1: module images run unprivileged in domains (docs/security.md); 0: called
# directly, privileged (MPU boards: too few regions for a domain per type).
MODULES_USER ?= 0
USER_VA_OFFSET ?= 0 # MPU boards: user code sees memory where it is

O        := build/$(BOARD)
HOST_O   := build/host
CC       := $(CROSS)gcc
OBJCOPY  := $(CROSS)objcopy
SIZE     := $(CROSS)size
PYTHON   ?= python3
DEPS     := tools/install-deps.sh
TIMEOUT  ?= 120

# Compile every object with the same flags; config symbols are always defined.
CFLAGS := $(CPU_FLAGS) --specs=picolibc.specs -std=gnu11 -O2 -g \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-ffreestanding -fno-common -ffunction-sections -fdata-sections \
	-fno-delete-null-pointer-checks \
	-I. -Iarch/$(ARCH)/include -Imodules/sdk/include -I$(O)/gen \
	-DBOARD_NAME='"$(BOARD)"' -DCONFIG_RAM_BASE=$(LOAD_ADDR) -DCONFIG_RAM_SIZE=$(RAM_SIZE) \
	-DCONFIG_USER_VA_OFFSET=$(USER_VA_OFFSET) -DCONFIG_MODULES_USER=$(MODULES_USER)
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__
LDFLAGS := $(CPU_FLAGS) --specs=picolibc.specs -nostartfiles -Wl,--gc-sections \
	-Wl,--no-warn-rwx-segments -Wl,-z,noexecstack -Wl,--build-id=none

# Sources common to every image of every board.
KERNEL_SRCS := $(wildcard kernel/*.c audio/*.c drivers/dai/*.c drivers/dma/*.c)
# arch/<arch>/*.[cS] are common to the arch; device drivers in its subfolders
# (gic/, timer/, mm/ ...) and drivers/ are picked per board by BOARD_SRCS.
ARCH_SRCS   := $(wildcard arch/$(ARCH)/*.S arch/$(ARCH)/*.c)
# Pure-logic tests in test/unit/ run on the host and in the target images.
TEST_SRCS   := $(wildcard test/harness/*.c test/kernel/*.c test/audio/*.c test/unit/test_*.c \
	test/user/*.c test/security/*.c)
# Pure logic of the arch's MMU/MPU drivers: test/unit/ covers it and runs in
# every image, so every image of the arch links it, whichever driver it uses.
ARCH_PURE_SRCS := $(wildcard arch/$(ARCH)/mm/pagetable.c arch/$(ARCH)/mm/mpu_plan.c)
# DSP kernels of the audio modules: pure C, in every image (for now as kernel
# objects) and in the host unit tests.
DSP_SRCS := $(wildcard modules/*/*_dsp.c modules/*/*_design.c modules/common/*.c)
# BOARD_BENCHES: benchmarks of devices only some boards have (test/bench/hda/, test/bench/ipc/).
# BOARD_TESTS: suites only some boards run (e.g. test/kernel/mmu/ on MMU boards).
COMMON_SRCS := $(sort $(KERNEL_SRCS) $(ARCH_SRCS) $(BOARD_SRCS) $(TEST_SRCS) $(BOARD_TESTS) \
	$(ARCH_PURE_SRCS) $(DSP_SRCS))

obj = $(patsubst %,$(O)/obj/%.o,$(basename $(1)))
COMMON_OBJS := $(call obj,$(COMMON_SRCS))

# The images share everything but the application entry (and their extra tests):
#   sotto.elf       boots into the shell (make run)
#   sotto-test.elf  runs every suite at boot and exits through semihosting
#   sotto-fail.elf  the test image plus a deliberately failing suite (runner self-test)
#   sotto-bench.elf the benchmarks of test/bench/ (make bench)
IMAGE      := $(O)/sotto.elf
TEST_IMAGE := $(O)/sotto-test.elf
FAIL_IMAGE := $(O)/sotto-fail.elf
BENCH_IMAGE := $(O)/sotto-bench.elf
E2E_IMAGE  := $(O)/sotto-e2e.elf
LDSCRIPT   := $(O)/gen/$(ARCH).ld

.PHONY: all run test test-target test-unit test-runner debug bench fuzz size format format-check \
	clean deps images e2e test-tools test-wavcheck test-ipc test-ipc4py e2e-ipc
all: $(IMAGE)
images: $(IMAGE) $(TEST_IMAGE) $(FAIL_IMAGE) $(BENCH_IMAGE)

deps:
	@sh $(DEPS)

$(O)/gen/build_id.h: FORCE
	@mkdir -p $(dir $@)
	@id=$$(git describe --always --dirty 2>/dev/null || echo unknown); \
	 new="#define BUILD_ID \"$$id\""; \
	 [ -f $@ ] && [ "$$(cat $@)" = "$$new" ] || echo "$$new" > $@
FORCE:

include modules/modules.mk

$(LDSCRIPT): linker/$(ARCH).ld.S $(BOARD_MK) $(UMOD_LD)
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -I$(O)/gen -DLOAD_ADDR=$(LOAD_ADDR) -DRAM_SIZE=$(RAM_SIZE) \
		-DUSER_VA_OFFSET=$(USER_VA_OFFSET) $< -o $@

$(O)/obj/%.o: %.c $(O)/gen/build_id.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(O)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -MMD -MP -c $< -o $@

# Tests run in the order they are written (the harness walks the linker section).
$(O)/obj/test/%.o: CFLAGS += -fno-toplevel-reorder

# User-mode code (test programs now, modules later) sees only the SDK, calls
# nothing outside itself, and has its sections renamed so the linker script
# can give them pages of their own (.utest_text, ...), mapped into domains.
USER_CFLAGS := -Imodules/sdk/include -fno-builtin -fno-stack-protector
$(O)/obj/test/user/%.o: test/user/%.c $(O)/gen/build_id.h
	@mkdir -p $(dir $@)
	@echo "  CC [U]  $<"
	@$(CC) $(CFLAGS) $(USER_CFLAGS) -MMD -MP -MT $@ -MF $(@:.o=.d) -c $< -o $@.tmp
	@$(OBJCOPY) --prefix-alloc-sections=.utest $@.tmp $@
	@rm -f $@.tmp

# User code may only reference user code: no libc, no libgcc, no kernel symbol.
USER_OBJS := $(call obj,$(wildcard test/user/*.c))
$(O)/user-objs.checked: $(USER_OBJS)
	@$(CROSS)nm -u $^ | awk 'NF == 2 {print $$2}' | sort -u > $@.undef
	@$(CROSS)nm --defined-only $^ | awk 'NF == 3 {print $$3}' | sort -u > $@.def
	@if comm -23 $@.undef $@.def | grep .; then \
		echo "user code must not call outside itself (symbols above)"; exit 1; fi
	@touch $@

define link
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -T $(LDSCRIPT) -Wl,-Map=$(basename $@).map $(1) -o $@
endef

$(IMAGE): $(COMMON_OBJS) $(call obj,kernel/app/app_shell.c) $(UMOD_OBJS) $(LDSCRIPT) $(O)/user-objs.checked
	$(call link,$(filter %.o,$^))
$(TEST_IMAGE): $(COMMON_OBJS) $(call obj,kernel/app/app_test.c) $(UMOD_TEST_OBJS) $(LDSCRIPT)
	$(call link,$(filter %.o,$^))
$(FAIL_IMAGE): $(COMMON_OBJS) $(call obj,kernel/app/app_test.c test/fail/test_deliberate_fail.c) $(UMOD_TEST_OBJS) $(LDSCRIPT)
	$(call link,$(filter %.o,$^))
$(BENCH_IMAGE): $(COMMON_OBJS) $(call obj,kernel/app/app_bench.c $(wildcard test/bench/*.c) $(BOARD_BENCHES)) $(UMOD_TEST_OBJS) $(LDSCRIPT)
	$(call link,$(filter %.o,$^))
$(E2E_IMAGE): $(COMMON_OBJS) $(call obj,kernel/app/app_e2e.c $(wildcard test/e2e/*.c)) $(UMOD_TEST_OBJS) $(LDSCRIPT)
	$(call link,$(filter %.o,$^))

-include $(shell find $(O)/obj $(O)/umod -name '*.d' 2>/dev/null)

QEMU_CMD = $(QEMU) $(QEMU_ARGS)
DETERMINISTIC := -icount shift=0,align=off,sleep=off -rtc clock=vm

# The board's codec (if any) plays into a WAV file under make run.
run: AUDIODEV = $(or $(RUN_AUDIODEV),none)
run: deps $(IMAGE)
	@echo "Booting $(BOARD) under QEMU. Quit with Ctrl-A X."
	$(if $(RUN_AUDIODEV),@echo "The codec plays into $(O)/demo.wav ('demo stop' in the shell stops the tone).")
	$(QEMU_CMD) $(call QEMU_IMAGE,$(IMAGE)) $(if $(NODEMO),-append nodemo)

# How gdb reaches the CPU; a board whose core is not QEMU's first CPU cluster
# sets GDB_ATTACH (zcu102-r5: the RPU is gdb inferior 2).
GDB_ATTACH ?= -ex 'target remote :1234'
debug: deps $(IMAGE)
	@echo "QEMU waits on gdb port 1234; gdb-multiarch attaches with symbols."
	$(QEMU_CMD) -S -gdb tcp::1234 $(call QEMU_IMAGE,$(IMAGE)) & qpid=$$!; \
	 gdb-multiarch -q $(GDB_ATTACH) -ex 'set architecture $(GDB_ARCH)' -ex 'file $(IMAGE)' \
	   -ex 'break kernel_main' -ex 'continue' $(GDB_EXTRA); \
	 kill $$qpid 2>/dev/null; wait $$qpid 2>/dev/null; true

size: $(IMAGE)
	$(SIZE) -A -x $(IMAGE) | grep -v -e '^\.debug' -e '^\.ARM.attributes'
	$(SIZE) $(IMAGE)

# ---- tests -------------------------------------------------------------------
RUNNER := $(PYTHON) tools/qemu_runner.py

# The long syscall fuzzer run: sotto-fuzz.elf runs only the fuzz suite, with
# the knobs below built into test/fuzz/fuzz_main.c (rebuilt every time, so a
# fresh seed is picked). The test image's smoke run is 20000 calls from seed 1.
FUZZ_CALLS   ?= 1000000
FUZZ_SEED    ?= $(shell date +%s)
FUZZ_SEEDS   ?= 0
FUZZ_TIMEOUT ?= 3600
FUZZ_IMAGE   := $(O)/sotto-fuzz.elf
FUZZ_MAIN    := $(call obj,test/fuzz/fuzz_main.c)
$(FUZZ_MAIN): CFLAGS += -DFUZZ_CALLS=$(FUZZ_CALLS)u -DFUZZ_SEED=$(FUZZ_SEED)u -DFUZZ_SEEDS=$(FUZZ_SEEDS)u
$(FUZZ_MAIN): FORCE
$(FUZZ_IMAGE): $(COMMON_OBJS) $(FUZZ_MAIN) $(LDSCRIPT)
	$(call link,$(filter %.o,$^))

fuzz: deps $(FUZZ_IMAGE)
	$(RUNNER) --name fuzz --timeout $(FUZZ_TIMEOUT) --log $(O)/fuzz.log -- \
		$(QEMU_CMD) $(DETERMINISTIC) $(call QEMU_IMAGE,$(FUZZ_IMAGE))

# Images under test get a host window (virt-a15: ivshmem) of their own, so
# runs in parallel, or next to `make run`, never share one.
test-target test-runner fuzz: SHM = $(O)/test.shm
test-target test-runner fuzz: IPC_SOCK = $(O)/test-ipc.sock
e2e: IPC_SOCK = $(O)/e2e-ipc.sock

# On-target suites, in deterministic mode so the virtual clock only moves with
# executed instructions (tick counts are exact, runs repeat).
TEST_ONLY ?=
test-target: $(TEST_IMAGE)
	$(RUNNER) --name $(BOARD) --timeout $(TIMEOUT) --log $(O)/test.log -- \
		$(QEMU_CMD) $(DETERMINISTIC) $(call QEMU_IMAGE,$(TEST_IMAGE)) \
		$(if $(TEST_ONLY),-append $(TEST_ONLY))

HOST_CC     := gcc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wshadow -I. -Imodules/sdk/include \
	-DKTEST_HOST \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_SRCS   := $(wildcard test/unit/*.c) test/harness/ktest.c kernel/ringbuf.c kernel/logfmt.c \
	kernel/page.c kernel/heap.c drivers/dma/dma_ring.c audio/ipc4_decode.c \
	kernel/lineedit.c arch/arm/fsr.c arch/arm/mm/pagetable.c arch/arm/mm/mpu_plan.c \
	$(DSP_SRCS)
$(HOST_O)/unit_tests: $(UNIT_SRCS) $(wildcard test/harness/*.h kernel/*.h arch/arm/*.h audio/ipc4*.h \
	test/unit/*.h modules/*/*.h modules/sdk/include/sotto/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(UNIT_SRCS) -o $@ -lm

test-unit: $(HOST_O)/unit_tests
	$(HOST_O)/unit_tests

include tools/wavcheck/wavcheck.mk
include test/fuzz/ipc4_fuzz.mk

# End-to-end audio (boards with an HDA codec on their QEMU line): one QEMU run
# per scenario capturing a WAV, checked by wavcheck (docs/audio-hw.md).
E2E_ONLY ?=
e2e: deps $(E2E_IMAGE) $(HOST_O)/wavcheck
	$(PYTHON) tools/e2e.py --qemu "$(QEMU_CMD)" --image $(E2E_IMAGE) \
		--wavcheck $(HOST_O)/wavcheck --out $(O)/e2e $(if $(E2E_ONLY),--only $(E2E_ONLY))

# IPC4 end to end: sotto-ctl builds, plays, ramps, pauses and tears down
# pipelines on the shell image; the codec's WAV is checked (tools/e2e_ipc.py).
e2e-ipc: deps $(IMAGE) $(HOST_O)/wavcheck
	$(PYTHON) tools/e2e_ipc.py --qemu "$(QEMU_CMD)" --image $(IMAGE) \
		--wavcheck $(HOST_O)/wavcheck --out $(O)/e2e-ipc

# Host IPC from the host's side: the shell image with a socket and a window of its own.
test-ipc: deps $(IMAGE)
	$(PYTHON) tools/test_ipclink.py --qemu "$(QEMU_CMD)" --image $(IMAGE) --out $(O)

# The IPC4 constants of tools/ipc4.py against the C headers.
test-ipc4py:
	$(PYTHON) tools/test_ipc4.py

# Host-side Python tools' own tests.
test-tools:
	$(PYTHON) tools/test_sottoctl.py --also tools/test_shmring.py

test-runner: $(IMAGE) $(TEST_IMAGE) $(FAIL_IMAGE)
	SOTTO_MAKE="$(MAKE)" SOTTO_BOARD=$(BOARD) SOTTO_QEMU="$(QEMU_CMD)" SOTTO_QEMU_IMAGE="$(call QEMU_IMAGE,{})" SOTTO_O=$(O) \
		$(PYTHON) tools/test_qemu_runner.py

# The whole suite: each stage prints its own summary, tools/testall.py adds them
# up and prints the one final line.
test: deps
	@$(PYTHON) tools/testall.py $(MAKE) BOARD=$(BOARD)

bench: deps
	@$(PYTHON) tools/bench.py $(MAKE) BOARD=$(BOARD)

# $(wildcard): a file deleted but not yet committed is no longer ours to check.
FORMAT_FILES = $(wildcard $(shell git ls-files -co --exclude-standard '*.c' '*.h' 2>/dev/null))
format:
	clang-format -i $(FORMAT_FILES)
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format: ok"

clean:
	rm -rf build

# `make print-VAR` shows a variable (tools/bench.py reads the board's QEMU line).
QEMU_IMAGE_ARGS = $(call QEMU_IMAGE,{})
print-%:
	@echo '$($*)'
