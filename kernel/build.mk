# The kernel: every .c and .S under kernel/, linked by linker.ld into
# $(BUILD)/tide.elf; and the GRUB ISO around it.  Included by ../Makefile.

KERNEL_ELF := $(BUILD)/tide.elf
KERNEL_ISO := $(BUILD)/tide.iso

KERNEL_SRCS := $(wildcard kernel/*.c kernel/*/*.c kernel/arch/x86_64/*.c) \
	       $(wildcard kernel/arch/x86_64/*.S)
KERNEL_OBJS := $(patsubst %,$(BUILD)/%.o,$(KERNEL_SRCS))

# Freestanding, higher half (-mcmodel=kernel), no red zone (interrupts
# push onto the kernel stack), no SSE/x87 state to save on traps.
KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -nostdlib -mno-red-zone -mcmodel=kernel -fno-pic \
	-fno-pie -mgeneral-regs-only -mno-sse -mno-mmx -mno-80387 \
	-fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	-Ikernel -MMD -MP $(KERNEL_EXTRA_CFLAGS)
KERNEL_ASFLAGS := -g -Ikernel -MMD -MP -D__ASSEMBLER__
KERNEL_LDFLAGS := -nostdlib -z max-page-size=0x1000 -T linker.ld \
	$(shell $(LD) --help 2>/dev/null | grep -q no-warn-rwx-segments && echo --no-warn-rwx-segments)

$(BUILD)/kernel/%.c.o: kernel/%.c
	$(call say,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/%.S.o: kernel/%.S
	$(call say,AS,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(KERNEL_ASFLAGS) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) linker.ld tools/check-image.sh
	$(call say,LD,$@)
	$(Q)$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)
	$(Q)tools/check-image.sh $@

-include $(KERNEL_OBJS:.o=.d)

# The ISO: GRUB (BIOS) with boot/grub.cfg, the kernel and the cpio of /bin.
$(KERNEL_ISO): $(KERNEL_ELF) $(INITRD) boot/grub.cfg
	$(call say,ISO,$@)
	@rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub
	$(Q)cp $(KERNEL_ELF) $(BUILD)/iso/boot/tide.elf
	$(Q)cp $(INITRD) $(BUILD)/iso/boot/initrd.cpio
	$(Q)cp boot/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso >$(BUILD)/grub-mkrescue.log 2>&1 || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

.PHONY: kernel iso
kernel: $(KERNEL_ELF)
iso: $(KERNEL_ISO)
