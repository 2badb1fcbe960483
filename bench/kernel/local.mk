# bench/kernel: the seed's table measured in a booted Debian 6.1 guest.
#
#   make bench-kernel        (KERNEL=6.1 default, 6.12 or 7.3: one kernel's table)
#                            fetch and build everything, boot the guest under
#                            qemu TCG with init_on_alloc=1 and =0, print the
#                            table; outputs in bench/kernel/work/
#   make bench-kernel-clean  remove bench/kernel/work (its disk image is 3.3 GiB)
#
# Not part of `make check`: it takes about a quarter of an hour.
# KBENCH_REPS, KBENCH_MAX, KBENCH_KEYS, KBENCH_MEM, KBENCH_SMP, KBENCH_IOA and
# KBENCH_TIMEOUT tune it (bench/kernel/run-bench.sh). The guest program is
# bench/kernel/guest/, built statically by run-bench.sh; the kernel's own
# dma-heap, system heap and udmabuf are patched into modules by
# build-dmabuf.sh with bench/kernel/patches/.

KBENCH_SCRIPT_FILES = \
	bench/kernel/bench-init.sh \
	bench/kernel/build-dmabuf.sh \
	bench/kernel/make-bench-initramfs.sh \
	bench/kernel/make-disk.sh \
	bench/kernel/run-bench.sh

KBENCH_PATCH_FILES = \
	bench/kernel/patches/0001-dma-heap-module.patch \
	bench/kernel/patches/0002-system-heap-module.patch \
	bench/kernel/patches/0003-udmabuf-module.patch

KBENCH_GUEST_FILES = \
	bench/kernel/guest/dio.c \
	bench/kernel/guest/heap.c \
	bench/kernel/guest/kbench.h \
	bench/kernel/guest/main.c \
	bench/kernel/guest/pattern.c \
	bench/kernel/guest/report.c \
	bench/kernel/guest/sys.c \
	bench/kernel/guest/udmabuf.c

EXTRA_DIST += $(KBENCH_SCRIPT_FILES) $(KBENCH_PATCH_FILES) $(KBENCH_GUEST_FILES) \
	docs/bench-kernel.md docs/bench-kernel.svg

# The host-side formatter: the table as `heapread sim` prints it (sim/cli/cli_table.c).
noinst_PROGRAMS += bench/kernel/kbench-report
bench_kernel_kbench_report_SOURCES = \
	bench/kernel/kbench_report.c \
	bench/kernel/kbench_report.h \
	bench/kernel/kbench_bound.c \
	bench/kernel/kbench_json.c \
	bench/kernel/kbench_md.c \
	bench/kernel/kbench_names.c \
	bench/kernel/kbench_pairs.c \
	bench/kernel/kbench_parse.c \
	bench/kernel/kbench_stats.c \
	bench/kernel/kbench_svg.c \
	bench/kernel/kbench_tables.c \
	bench/kernel/kbench_target.c
bench_kernel_kbench_report_CPPFLAGS = $(AM_CPPFLAGS) $(CLI_CPPFLAGS) $(SYS_CPPFLAGS)
bench_kernel_kbench_report_LDADD = libhrcli.la libhrsys.la $(URING_LIBS)

# In make check: the formatter on a small committed boot, figures checked by hand.
TESTS += bench/kernel/tests/kbench_report.sh
EXTRA_DIST += bench/kernel/tests/kbench_report.sh bench/kernel/tests/results-ioa1.log \
	bench/kernel/tests/results-drift.log \
	bench/kernel/runs/quiet-2026-11-30-6.1.md bench/kernel/runs/quiet-2026-11-30-7.3.md \
	bench/kernel/runs/quiet-2026-11-30-results-6.1-ioa0.log \
	bench/kernel/runs/quiet-2026-11-30-results-6.1-ioa1.log \
	bench/kernel/runs/quiet-2026-11-30-results-7.3-ioa0.log \
	bench/kernel/runs/quiet-2026-11-30-results-7.3-ioa1.log \
	bench/kernel/runs/steps-2026-11-30-6.1.md bench/kernel/runs/steps-2026-11-30-7.3.md \
	bench/kernel/runs/steps-2026-11-30-results-6.1-ioa0.log \
	bench/kernel/runs/steps-2026-11-30-results-6.1-ioa1.log \
	bench/kernel/runs/steps-2026-11-30-results-7.3-ioa0.log \
	bench/kernel/runs/steps-2026-11-30-results-7.3-ioa1.log

PHONY_TARGETS += bench-kernel bench-kernel-clean

bench-kernel: bench/kernel/kbench-report$(EXEEXT)
	@KERNEL=$(KERNEL) $(SHELL) $(srcdir)/bench/kernel/run-bench.sh $(srcdir) bench/kernel/work \
		bench/kernel/kbench-report$(EXEEXT)

bench-kernel-clean:
	-rm -rf bench/kernel/work
