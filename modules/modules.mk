# Module images (docs/modules.md, "Module images"). Each module type in
# UMOD_TYPES is linked on its own with the shared DSP helpers
# (modules/common/) and the SDK runtime (modules/sdk/lib/) into one
# relocatable object that must need nothing from outside; its symbols are made
# local and its sections renamed .umod.<type>.*, so the kernel image carries
# it in pages of its own (text RX, rodata R, data RW), linked where user code
# sees them, and maps them into that type's domain only.
UMOD_TYPES := tone volume mixer eq_iir copier src
# Test module types (test/modules/<name>/), linked into the test, bench and
# e2e images only; the shell image's table lists them with empty pieces,
# which the kernel skips.
UMOD_TEST_TYPES := hostile hostile_dp volume_u
UMOD_LIB_SRCS := $(wildcard modules/common/*.c modules/sdk/lib/*.c)
umod_dir = $(if $(filter $(1),$(UMOD_TEST_TYPES)),test/modules/$(1),modules/$(1))
umod_srcs = $(filter-out %_design.c,$(wildcard $(call umod_dir,$(1))/*.c)) $(UMOD_LIB_SRCS) \
	$(umod_extra_$(1))
umod_extra_volume_u := modules/volume/volume_dsp.c
UMOD_OBJS := $(foreach t,$(UMOD_TYPES),$(O)/umod/$(t).o)
UMOD_TEST_OBJS := $(UMOD_OBJS) $(foreach t,$(UMOD_TEST_TYPES),$(O)/umod/$(t).o)
UMOD_CFLAGS = $(USER_CFLAGS) -fno-unwind-tables -fno-asynchronous-unwind-tables -fno-merge-constants

$(O)/umod/obj/%.o: %.c $(O)/gen/build_id.h
	@mkdir -p $(dir $@)
	@echo "  CC [M]  $<"
	@$(CC) $(CFLAGS) $(UMOD_CFLAGS) -MMD -MP -c $< -o $@

define umod_image
$(O)/umod/$(1).o: $(patsubst %.c,$(O)/umod/obj/%.o,$(call umod_srcs,$(1)))
	@echo "  LD [M]  $$@"
	@$(CROSS)ld -r -o $$@.tmp $$^
	@if $(CROSS)nm -u $$@.tmp | grep .; then \
		echo "module $(1) needs the symbols above from outside its image"; exit 1; fi
	@$(OBJCOPY) --prefix-alloc-sections=.umod.$(1) --keep-global-symbol=__umod_none \
		$$@.tmp $$@
	@rm -f $$@.tmp
endef
$(foreach t,$(UMOD_TYPES) $(UMOD_TEST_TYPES),$(eval $(call umod_image,$(t))))

# The linker script's parts for the images. MODULES_USER=1: per kind (text,
# rodata, data) the pieces of every type, each on 64 KiB, placed after the
# user test programs' piece of that kind so that each kind stays one
# contiguous load segment. MODULES_USER=0 (images called directly,
# privileged): each type's pieces inside the kernel's own text, rodata and
# data. Either way the kernel's table of them (struct umod_image,
# audio/module_image.c).
UMOD_LD := $(O)/gen/umod_text.ld $(O)/gen/umod_ro.ld $(O)/gen/umod_rw.ld $(O)/gen/umod_table.ld \
	$(O)/gen/umod_ktext.ld $(O)/gen/umod_kro.ld $(O)/gen/umod_krw.ld
$(UMOD_LD) &: modules/modules.mk $(BOARD_MK)
	@mkdir -p $(O)/gen
	@rm -f $(UMOD_LD)
	@for k in text ro rw; do \
	  case $$k in text) in=text; ph=utext;; ro) in=rodata; ph=urodata;; rw) in=data; ph=udata;; esac; \
	  : > $(O)/gen/umod_$$k.ld; : > $(O)/gen/umod_k$$k.ld; \
	  for t in $(UMOD_TYPES) $(UMOD_TEST_TYPES); do \
	    keep=""; if [ $$k = ro ]; then keep="KEEP(*(.umod.$$t.sot_modules)) KEEP(*(.umod.$$t.sot_image))"; fi; \
	    bss=""; if [ $$k = rw ]; then bss="*(.umod.$$t.bss .umod.$$t.bss.*)"; fi; \
	    if [ "$(MODULES_USER)" = 1 ]; then \
	      echo "__umod_$${t}_$${k}_start = ALIGN(0x10000);"; \
	      echo ".umod_$${t}_$${k} (__umod_$${t}_$${k}_start - USER_VA_OFFSET) : AT(__umod_$${t}_$${k}_start) {"; \
	      echo "  $$keep *(.umod.$$t.$$in .umod.$$t.$$in.*) $$bss"; \
	      echo "  . = ALIGN(0x2000);"; \
	      echo "} :$$ph"; \
	      echo "__umod_$${t}_$${k}_end = __umod_$${t}_$${k}_start + SIZEOF(.umod_$${t}_$${k});"; \
	      echo ". = __umod_$${t}_$${k}_end;"; \
	    else \
	      echo ". = ALIGN(8); __umod_$${t}_$${k}_start = .;" >> $(O)/gen/umod_k$$k.ld; \
	      echo "$$keep *(.umod.$$t.$$in .umod.$$t.$$in.*) $$bss" >> $(O)/gen/umod_k$$k.ld; \
	      echo "__umod_$${t}_$${k}_end = .;" >> $(O)/gen/umod_k$$k.ld; \
	    fi; \
	  done >> $(O)/gen/umod_$$k.ld; \
	done
	@for t in $(UMOD_TYPES) $(UMOD_TEST_TYPES); do \
	  echo "LONG(__umod_$${t}_text_start) LONG(__umod_$${t}_text_end)" \
	       "LONG(__umod_$${t}_ro_start) LONG(__umod_$${t}_ro_end)" \
	       "LONG(__umod_$${t}_rw_start) LONG(__umod_$${t}_rw_end)"; \
	done > $(O)/gen/umod_table.ld
