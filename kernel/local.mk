# kernel: heapread.ko, the same core/ engine glued to the dma-buf API, and
# its test in booted Debian kernels: 6.1 (Debian 12), 6.12 (LTS, from
# bookworm-backports) and 7.3 (trixie-backports, built in a trixie build
# root). Included by the top Makefile.am.
#
#   make module        kernel/heapread-KERNEL.ko for each kernel
#   make check-kernel  boot each kernel under qemu (TCG) and run tests/kernel/
#                      in it; exit status 77 means all were skipped
#   KERNEL=7.3         (on either) only that kernel; KERNEL=all: every one
#   make check-dkms    `dkms build` against each kernel's headers (private
#                      DKMS trees: nothing installed)
#   make checkpatch    checkpatch.pl --strict and kernel-doc on core/ and kernel/
#   make sparse        the module build with C=2 (sparse on every file; 6.1)
#
# The scripts download the Debian packages once into $(HEAPREAD_CACHE)
# (default ~/.cache/heapread/kernel) and extract them on /dev/shm.

KMOD_SCRIPT_FILES = \
	kernel/scripts/build-module.sh \
	kernel/scripts/buildroot.sh \
	kernel/scripts/check-dkms.sh \
	kernel/scripts/check-kernel.sh \
	kernel/scripts/fetch-checkpatch.sh \
	kernel/scripts/fetch-kernel.sh \
	kernel/scripts/fetch-selftest.sh \
	kernel/scripts/guest-init.sh \
	kernel/scripts/guest-modules.sh \
	kernel/scripts/initramfs-lib.sh \
	kernel/scripts/kernel-lib.sh \
	kernel/scripts/make-initramfs.sh \
	kernel/scripts/make-modules.sh \
	kernel/scripts/run-qemu.sh \
	kernel/scripts/stage-source.sh

# The feature tests run against the target kernel before each module build.
KMOD_COMPAT_FILES = \
	kernel/compat/compat.sh \
	kernel/compat/dma_heap_add.c \
	kernel/compat/kmalloc_obj.c \
	kernel/compat/module_import_ns_ident.c \
	kernel/compat/nth_page.c \
	kernel/compat/sanity.c

KMOD_C_FILES = \
	kernel/heapread_dmabuf.c \
	kernel/heapread_main.c \
	kernel/heapread_owner.c \
	kernel/heapread_segments.c

KMOD_H_FILES = \
	kernel/heapread_compat.h \
	kernel/heapread_glue.h \
	kernel/heapread_segments_cap.h \
	kernel/heapread_uapi.h \
	kernel/heapread_vmap_range.h

KTEST_FILES = \
	tests/kernel/alloc.c \
	tests/kernel/concurrent.c \
	tests/kernel/content.c \
	tests/kernel/errors.c \
	tests/kernel/exporter.c \
	tests/kernel/import.c \
	tests/kernel/kill.c \
	tests/kernel/libtargets.c \
	tests/kernel/klog.c \
	tests/kernel/main.c \
	tests/kernel/nodes.c \
	tests/kernel/pattern.c \
	tests/kernel/report.c \
	tests/kernel/segments.c \
	tests/kernel/selftest.c \
	tests/kernel/sys.c \
	tests/kernel/udmabuf.c \
	tests/kernel/ktest.h

EXTRA_DIST += kernel/Kbuild kernel/Makefile kernel/dkms.conf kernel/60-heapread.rules kernel/README.md \
	$(KMOD_C_FILES) $(KMOD_H_FILES) $(KMOD_SCRIPT_FILES) $(KMOD_COMPAT_FILES) \
	$(KTEST_FILES)

# On the host, in make check: Kbuild's object list against the sources.
TESTS += tests/kernel/kbuild_objects.sh tests/kernel/run_qemu_retry.sh
EXTRA_DIST += tests/kernel/kbuild_objects.sh tests/kernel/run_qemu_retry.sh

# On the host, in make check: the exporter's vmap cache maintenance in
# steps of at most 1 GiB (kernel/heapread_vmap_range.h), for lengths the
# guest has no memory for.
check_PROGRAMS += tests/kernel/host/vmap_ranges
TESTS += tests/kernel/host/vmap_ranges
tests_kernel_host_vmap_ranges_SOURCES = tests/kernel/host/vmap_ranges.c
tests_kernel_host_vmap_ranges_CPPFLAGS = $(TEST_CPPFLAGS) $(UAPI_CPPFLAGS)
tests_kernel_host_vmap_ranges_CFLAGS = $(TEST_CFLAGS)
tests_kernel_host_vmap_ranges_LDADD = $(TEST_LDADD)
# And a segment load's max_len (kernel/heapread_segments_cap.h) with the
# real engine: E2BIG above it with nothing allocated, EFBIG kept for max_size.
check_PROGRAMS += tests/kernel/host/segments_cap
TESTS += tests/kernel/host/segments_cap
tests_kernel_host_segments_cap_SOURCES = tests/kernel/host/segments_cap.c
tests_kernel_host_segments_cap_CPPFLAGS = $(TEST_CPPFLAGS) $(UAPI_CPPFLAGS)
tests_kernel_host_segments_cap_CFLAGS = $(TEST_CFLAGS)
tests_kernel_host_segments_cap_LDADD = $(TEST_LDADD)

PHONY_TARGETS += module check-kernel check-dkms checkpatch sparse kernel-clean

# The files checkpatch.pl and sparse look at: the module's and the engine's.
KERNEL_LINT_FILES = $(KMOD_C_FILES) $(KMOD_H_FILES) $(filter %.c,$(KMOD_COMPAT_FILES)) \
	$(filter core/%.c core/%.h,$(libhrcore_la_SOURCES))

module:
	@$(SHELL) $(srcdir)/kernel/scripts/make-modules.sh $(srcdir) kernel \
		$(KERNEL) -- W=1 KCFLAGS=-Werror

check-kernel: heapread$(EXEEXT) tests/lib/lib_targets$(EXEEXT)
	@KMOD_OUT=kernel HEAPREAD_LOADER=heapread$(EXEEXT) \
		HEAPREAD_LIBTEST=tests/lib/lib_targets$(EXEEXT) $(SHELL) $(srcdir)/kernel/scripts/check-kernel.sh $(srcdir) \
		kernel/check $(KERNEL)

check-dkms:
	@$(SHELL) $(srcdir)/kernel/scripts/check-dkms.sh $(srcdir) kernel/dkms $(KERNEL)

checkpatch:
	@cp=`$(SHELL) $(srcdir)/kernel/scripts/fetch-checkpatch.sh` || exit $$?; \
	env=`$(SHELL) $(srcdir)/kernel/scripts/fetch-kernel.sh` || exit $$?; \
	eval "$$env"; \
	command -v perl >/dev/null || { echo "checkpatch: SKIP: perl not found"; exit 77; }; \
	cd $(srcdir) && \
	perl "$$cp" --strict --no-tree --show-types --quiet \
		--max-line-length=100 --ignore FILE_PATH_CHANGES \
		-f $(KERNEL_LINT_FILES) && \
	echo "checkpatch: --strict clean ($(words $(KERNEL_LINT_FILES)) files)" && \
	perl "$$KH/scripts/kernel-doc" -none -Werror $(KERNEL_LINT_FILES) && \
	echo "kernel-doc: clean"

sparse:
	@command -v sparse >/dev/null || \
		{ echo "sparse: SKIP: sparse not found (apt-get install sparse)"; exit 77; }; \
	rm -rf kernel/build-sparse; \
	$(SHELL) $(srcdir)/kernel/scripts/build-module.sh $(srcdir) \
		kernel/build-sparse -s C=2 CF="-D__CHECK_ENDIAN__" \
		> kernel/sparse.log 2>&1; rc=$$?; \
	grep -v -e '^Skipping BTF' -e '^make' kernel/sparse.log; \
	test $$rc = 0 || exit $$rc; \
	if grep -q -e 'warning:' -e 'error:' kernel/sparse.log; then \
		echo "sparse: warnings (kernel/sparse.log)"; exit 1; \
	fi; \
	echo "sparse: clean"

kernel-clean:
	-rm -rf kernel/build kernel/build-6.1 kernel/build-6.12 kernel/build-7.3 \
		kernel/build-sparse kernel/check kernel/dkms
	-rm -f kernel/heapread.ko kernel/heapread-*.ko kernel/sparse.log

mostlyclean-local: kernel-clean
