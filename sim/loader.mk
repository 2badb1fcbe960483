# The real userspace loader: memfd pages filled by io_uring reads through the
# core/ engine, and the `heapread load` and `heapread compare` subcommands.

# The libc/uapi side (liburing, memfd, udmabuf): no kshim include path here,
# so the system's <linux/...> headers that liburing pulls in are the real ones.
noinst_LTLIBRARIES += libhrsys.la
libhrsys_la_SOURCES = \
	sim/cli_table.c sim/cli_table.h \
	sim/cli_util.c sim/cli_util.h \
	sim/memfd_buf.c sim/memfd_buf.h \
	sim/pagecache.c sim/pagecache.h \
	sim/trace.c sim/trace.h \
	sim/uring_read.c sim/uring_read.h
libhrsys_la_CPPFLAGS = -I$(top_srcdir)/sim $(URING_CFLAGS)
libhrsys_la_LIBADD = $(URING_LIBS)

# The kshim side: a page backend and a struct file over the above, and one load.
noinst_LTLIBRARIES += libhrloader.la
libhrloader_la_SOURCES = \
	sim/backend_memfd.c sim/backend_memfd.h \
	sim/backend_uring.c sim/backend_uring.h \
	sim/loader.c sim/loader.h

heapread_SOURCES += sim/cmd_load.c sim/cmd_compare.c
heapread_LDADD += libhrloader.la libhrsys.la $(URING_LIBS)

dist_man_MANS += man/heapread.1

# Tests: the backends against real files, and the CLI on bad input.
LOADER_TEST_LIBS = libtestutil.la libhrloader.la libhrcore.la libkshim.la libhrsys.la \
	$(URING_LIBS) $(CUNIT_LIBS)
check_PROGRAMS += tests/loader/test_backends
tests_loader_test_backends_SOURCES = tests/loader/test_backends.c
tests_loader_test_backends_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) -I$(top_srcdir)/tests
tests_loader_test_backends_LDADD = $(LOADER_TEST_LIBS)
TESTS += tests/loader/test_backends

dist_check_SCRIPTS += tests/cli/bad_input.sh tests/cli/compare.sh tests/cli/cli_lib.sh
TESTS += tests/cli/bad_input.sh tests/cli/compare.sh

# Benchmark (not a test): fio vs allocation alone vs heapread load, 4 GiB.
EXTRA_DIST += bench/load-bench.sh docs/loader.md
PHONY_TARGETS += bench-load
bench-load: heapread$(EXEEXT)
	HEAPREAD=$(abs_top_builddir)/heapread$(EXEEXT) $(SHELL) $(srcdir)/bench/load-bench.sh
