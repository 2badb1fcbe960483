# tests/loader: lib/'s backends against real files.
check_PROGRAMS += tests/loader/test_backends
TESTS += tests/loader/test_backends
tests_loader_test_backends_SOURCES = tests/loader/test_backends.c
tests_loader_test_backends_CPPFLAGS = $(TEST_CPPFLAGS) $(LIB_CPPFLAGS) $(CLI_CPPFLAGS)
tests_loader_test_backends_CFLAGS = $(TEST_CFLAGS)
tests_loader_test_backends_LDADD = libtestutil.la libhrloader.la libhrcli.la libhrcore.la \
	libkshim.la libhrsys.la $(URING_LIBS) $(CUNIT_LIBS)
