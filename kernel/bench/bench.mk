# kernel/bench: the seed's table measured in a booted Debian 6.1 guest.
# Included by the top Makefile.am after kernel/local.mk.
#
#   make bench-kernel        fetch and build everything, boot the guest under
#                            qemu TCG with init_on_alloc=1 and =0, print the
#                            table; outputs in kernel/bench-work/
#   make bench-kernel-clean  remove kernel/bench-work (its disk image is 3.3 GiB)
#
# Not part of `make check`: it takes about a quarter of an hour.
# KBENCH_REPS, KBENCH_MAX, KBENCH_KEYS, KBENCH_MEM, KBENCH_SMP, KBENCH_IOA and
# KBENCH_TIMEOUT tune it (kernel/bench/run-bench.sh).

KBENCH_SCRIPT_FILES = \
	kernel/bench/bench-init.sh \
	kernel/bench/build-dmabuf.sh \
	kernel/bench/make-bench-initramfs.sh \
	kernel/bench/make-disk.sh \
	kernel/bench/run-bench.sh

KBENCH_PATCH_FILES = \
	kernel/bench/patches/0001-dma-heap-module.patch \
	kernel/bench/patches/0002-system-heap-module.patch \
	kernel/bench/patches/0003-udmabuf-module.patch

KBENCH_GUEST_FILES = \
	tests/kernel-bench/dio.c \
	tests/kernel-bench/heap.c \
	tests/kernel-bench/kbench.h \
	tests/kernel-bench/main.c \
	tests/kernel-bench/pattern.c \
	tests/kernel-bench/report.c \
	tests/kernel-bench/sys.c \
	tests/kernel-bench/udmabuf.c

EXTRA_DIST += $(KBENCH_SCRIPT_FILES) $(KBENCH_PATCH_FILES) $(KBENCH_GUEST_FILES) \
	docs/bench-kernel.md docs/bench-kernel.svg sim/profiles/qemu-tcg-guest.conf

# The host-side formatter: the table as `heapread sim` prints it (sim/cli_table.c).
noinst_PROGRAMS += kernel/bench/kbench-report
kernel_bench_kbench_report_SOURCES = kernel/bench/kbench_report.c
kernel_bench_kbench_report_CPPFLAGS = -include $(top_builddir)/config.h -I$(top_srcdir)/sim
kernel_bench_kbench_report_LDADD = libhrsys.la $(URING_LIBS)

PHONY_TARGETS += bench-kernel bench-kernel-clean

bench-kernel: kernel/bench/kbench-report$(EXEEXT)
	@$(SHELL) $(srcdir)/kernel/bench/run-bench.sh $(srcdir) kernel/bench-work \
		kernel/bench/kbench-report$(EXEEXT)

bench-kernel-clean:
	-rm -rf kernel/bench-work
