# kshim: userspace definitions of the kernel APIs that core/ uses.
noinst_LTLIBRARIES += libkshim.la
libkshim_la_SOURCES = \
	kshim/accounting.c kshim/accounting_internal.h \
	kshim/clock.c \
	kshim/completion.c \
	kshim/cred.c \
	kshim/exec_inline.c \
	kshim/exec_thread.c \
	kshim/exec_vtime.c kshim/vtime_internal.h \
	kshim/fault.c \
	kshim/file.c \
	kshim/iov_iter.c \
	kshim/memcg.c kshim/memcg_internal.h \
	kshim/mutex.c \
	kshim/page_alloc.c \
	kshim/printk.c \
	kshim/reset.c \
	kshim/slab.c \
	kshim/task.c \
	kshim/valgrind_internal.h \
	kshim/waiter.c kshim/waiter.h \
	kshim/workqueue.c kshim/workqueue_internal.h
libkshim_la_CPPFLAGS = $(AM_CPPFLAGS) $(KSHIM_CPPFLAGS)
noinst_HEADERS += \
	kshim/include/kshim/accounting.h \
	kshim/include/kshim/backend.h \
	kshim/include/kshim/fault.h \
	kshim/include/kshim/memcg.h \
	kshim/include/kshim/reset.h \
	kshim/include/kshim/file.h \
	kshim/include/kshim/task.h \
	kshim/include/linux/atomic.h \
	kshim/include/linux/bitops.h \
	kshim/include/linux/bits.h \
	kshim/include/linux/bug.h \
	kshim/include/linux/bvec.h \
	kshim/include/linux/compiler.h \
	kshim/include/linux/completion.h \
	kshim/include/linux/cred.h \
	kshim/include/linux/err.h \
	kshim/include/linux/errno.h \
	kshim/include/linux/fs.h \
	kshim/include/linux/gfp.h \
	kshim/include/linux/highmem.h \
	kshim/include/linux/ioprio.h \
	kshim/include/linux/kernel.h \
	kshim/include/linux/limits.h \
	kshim/include/linux/lockdep.h \
	kshim/include/linux/minmax.h \
	kshim/include/linux/mm.h \
	kshim/include/linux/mm_types.h \
	kshim/include/linux/mutex.h \
	kshim/include/linux/overflow.h \
	kshim/include/linux/printk.h \
	kshim/include/linux/sched.h \
	kshim/include/linux/sched/signal.h \
	kshim/include/linux/sizes.h \
	kshim/include/linux/slab.h \
	kshim/include/linux/spinlock.h \
	kshim/include/linux/string.h \
	kshim/include/linux/timekeeping.h \
	kshim/include/linux/types.h \
	kshim/include/linux/uio.h \
	kshim/include/linux/workqueue.h
