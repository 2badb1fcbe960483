# tests/lib: libheapread through its public API only (lib/include/libheapread.h;
# lib/sys is on the path for testutil.h's pattern.h only):
# content, errnos, concurrent loads from threads, cancel, progress, fds.
check_PROGRAMS += tests/lib/lib_api
TESTS += tests/lib/lib_api
tests_lib_lib_api_SOURCES = tests/lib/lib_api.c
tests_lib_lib_api_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib/include -I$(top_srcdir)/tests $(SYS_CPPFLAGS)
tests_lib_lib_api_CFLAGS = $(TEST_CFLAGS)
tests_lib_lib_api_LDADD = libtestutil.la $(LOADER_LIBS) $(CUNIT_LIBS)

# Every source of the library, the engine and the shim is GPL-2.0 OR MIT.
dist_check_SCRIPTS += tests/lib/licence.sh
TESTS += tests/lib/licence.sh

# The dma-buf targets (udmabuf, the module) through the public API: skipped
# (77) on a host without /dev/udmabuf or /dev/heapread; make check-kernel
# copies it into the guests and runs it there (tests/kernel/libtargets.c).
check_PROGRAMS += tests/lib/lib_targets
TESTS += tests/lib/lib_targets
tests_lib_lib_targets_SOURCES = tests/lib/lib_targets.c
tests_lib_lib_targets_CPPFLAGS = $(tests_lib_lib_api_CPPFLAGS)
tests_lib_lib_targets_CFLAGS = $(TEST_CFLAGS)
tests_lib_lib_targets_LDADD = $(tests_lib_lib_api_LDADD)
