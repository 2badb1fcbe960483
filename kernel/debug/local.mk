# kernel/debug: heapread under the kernel's own debugging tools. A kernel built
# from Debian's linux-source-7.3 with kernel/upstream/'s series and
# kernel/debug/debug.config (KASAN, KFENCE, lockdep, kmemleak, failslab,
# fail_page_alloc), cached in ~/.cache/heapread/debug-7.3 (about 8 minutes of
# two cores when cold), booted under qemu TCG. Included by the top Makefile.am.
#
#   make check-kernel-debug   the module's guest suite, the in-tree heap's tests,
#                             the dmabuf-heap selftest and the fault sweeps in the
#                             debug kernel; exit status 77 means skipped

EXTRA_DIST += kernel/debug/README.md kernel/debug/debug.config kernel/debug/series.config \
	kernel/debug/build-debug-kernel.sh kernel/debug/check-kernel-debug.sh \
	kernel/debug/guest-init.sh kernel/debug/kdebug.h kernel/debug/kdebug_main.c \
	kernel/debug/kdebug_heap.c kernel/debug/kdebug_fault.c

PHONY_TARGETS += check-kernel-debug kernel-debug-clean

check-kernel-debug:
	@$(SHELL) $(srcdir)/kernel/debug/check-kernel-debug.sh $(srcdir) kernel/debug-check

kernel-debug-clean:
	-rm -rf kernel/debug-check
