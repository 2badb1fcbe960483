# tests/loader: lib/'s backends against real files.
check_PROGRAMS += tests/loader/loader_backends
TESTS += tests/loader/loader_backends
tests_loader_loader_backends_SOURCES = tests/loader/loader_backends.c
tests_loader_loader_backends_CPPFLAGS = $(TEST_CPPFLAGS) $(LIB_CPPFLAGS) $(CLI_CPPFLAGS)
tests_loader_loader_backends_CFLAGS = $(TEST_CFLAGS)
tests_loader_loader_backends_LDADD = libtestutil.la libhrloader.la libhrcli.la libhrcore.la \
	libkshim.la libhrsys.la $(URING_LIBS) $(CUNIT_LIBS)
