# tests/lib: libheapread through its public API only (lib/include/libheapread.h):
# content, errnos, concurrent loads from threads, cancel, progress, fds.
check_PROGRAMS += tests/lib/test_api
TESTS += tests/lib/test_api
tests_lib_test_api_SOURCES = tests/lib/test_api.c
tests_lib_test_api_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib/include -I$(top_srcdir)/tests
tests_lib_test_api_CFLAGS = $(TEST_CFLAGS)
tests_lib_test_api_LDADD = libtestutil.la $(LOADER_LIBS) $(CUNIT_LIBS)
