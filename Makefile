# tide's build.  `make help` lists the targets.
#
# Everything is built into $(BUILD)/ from sources in boot/ kernel/ libc/
# user/ tests/.  Pieces live in their own makefiles, included below:
#   kernel/build.mk  the kernel ELF and the GRUB ISO
#   libc/build.mk    the user C library (libc.a, crt0.o) and USER_CFLAGS
#   user/build.mk    programs for /bin and the boot cpio archive
#   tests/build.mk   host unit tests, user test programs, the QEMU runs

BUILD ?= build
CROSS ?=
CC := $(CROSS)gcc
LD := $(CROSS)ld
AR := $(CROSS)ar
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc

ifeq ($(V),1)
Q :=
else
Q := @
endif
# $(call say,TAG,what): the short build line, e.g. "  CC      kernel/main.c"
say = @printf '  %-7s %s\n' '$(1)' '$(2)'

.DEFAULT_GOAL := all

-include libc/build.mk
include kernel/build.mk
include user/build.mk
include tests/build.mk
-include bench/build.mk
include tests/fuzz.mk

.PHONY: clean
clean:
	rm -rf $(BUILD)

# ---- running tide ---------------------------------------------------------
QEMU := qemu-system-x86_64
QEMU_MEM ?= 256M
QEMU_COMMON = -accel $$(tools/qemu-accel.sh $(KERNEL_ELF) $(BUILD)) \
	-cpu max -m $(QEMU_MEM) -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4

.PHONY: all run debug help exec
comma := ,
empty :=
space := $(empty) $(empty)
all: $(KERNEL_ELF) $(KERNEL_ISO)

run: deps
	@$(MAKE) --no-print-directory all
	@echo "tide: booting $(KERNEL_ISO) (quit QEMU with Ctrl-A then X)"
	$(Q)$(QEMU) $(QEMU_COMMON) -cdrom $(KERNEL_ISO) -display none \
		-serial mon:stdio; true

debug: deps
	@$(MAKE) --no-print-directory all
	@echo "tide: QEMU waits for GDB on :1234; in another terminal: gdb -x tools/gdbinit"
	$(Q)$(QEMU) -accel tcg -m $(QEMU_MEM) -no-reboot -cdrom $(KERNEL_ISO) \
		-display none -serial mon:stdio -s -S; true

# make exec PROG='name arg1 arg2' EXTRA_BIN='path/to/elf ...': boot
# headless, run one program (from /bin, where EXTRA_BIN's files are added)
# with its arguments, show its output, and exit with its status (a killed
# program gives 128 + signal).  init reads "run=/bin/name,arg1,arg2".
exec: deps
	@test -n "$(PROG)" || { echo "usage: make exec PROG='name args' [EXTRA_BIN='elf ...']"; exit 2; }
	@$(MAKE) --no-print-directory $(KERNEL_ELF) $(INITRD)
	@rm -rf $(BUILD)/exec-root && cp -a $(ROOTFS) $(BUILD)/exec-root
	@for f in $(EXTRA_BIN); do cp "$$f" $(BUILD)/exec-root/bin/ || exit 2; done
	@cd $(BUILD)/exec-root && find . -mindepth 1 | LC_ALL=C sort | \
		cpio --quiet -o -H newc -R 0:0 >$(abspath $(BUILD))/exec.cpio
	@prog='$(firstword $(PROG))'; case "$$prog" in /*) ;; *) prog=/bin/$$prog;; esac; \
	args='$(subst $(space),$(comma),$(wordlist 2,99,$(PROG)))'; \
	$(QEMU) $(QEMU_COMMON) -kernel $(KERNEL_ELF) -initrd $(BUILD)/exec.cpio \
		-append "run=$$prog$${args:+,$$args}" -display none -serial stdio \
		</dev/null; st=$$((($$? >> 1) & 255)); \
	echo "tide: $(firstword $(PROG)) exited with status $$st"; exit $$st

help:
	@echo "tide: a teaching kernel for x86-64.  Targets:"
	@echo "  make run     install what is missing, build, boot the ISO in QEMU"
	@echo "  make test    install, build and run every test; ends in 'N passed, N failed'"
	@echo "  make         build the kernel ($(KERNEL_ELF)) and the ISO ($(KERNEL_ISO))"
	@echo "  make exec PROG='name args' [EXTRA_BIN='elf ...']"
	@echo "               boot headless, run one program, exit with its status"
	@echo "  make debug   boot under QEMU waiting for GDB (gdb -x tools/gdbinit)"
	@echo "  make fuzz [SEED=n] [N=calls]"
	@echo "               run the syscall fuzzer on tide (docs/robustness.md)"
	@echo "  make bench   boot tide and Linux 5 times each, compare (bench/README.md)"
	@echo "  make deps    install missing tools (Debian/Ubuntu, apt-get)"
	@echo "  make clean   remove $(BUILD)/"
	@echo "Variables: V=1 (show commands), CROSS=x86_64-elf- (tool prefix),"
	@echo "  QEMU_MEM=256M, TIDE_ACCEL=tcg|kvm (skip the KVM probe)"
