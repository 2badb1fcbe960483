# tests: CUnit suites run by make check, one program per suite, one fragment
# per folder (tests/*/local.mk). testutil is what every suite shares.
check_LTLIBRARIES += libtestutil.la
libtestutil_la_SOURCES = tests/testutil.c tests/testutil.h
libtestutil_la_CPPFLAGS = $(AM_CPPFLAGS) $(CORE_CPPFLAGS) $(SYS_CPPFLAGS)
libtestutil_la_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)

TEST_LDADD = libtestutil.la libhrcore.la libkshim.la $(CUNIT_LIBS)
TEST_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
# A suite sees core/, kshim/include, lib/sys/ (its header-only pattern.h) and tests/.
TEST_CPPFLAGS = $(AM_CPPFLAGS) $(CORE_CPPFLAGS) $(SYS_CPPFLAGS) -I$(top_srcdir)/tests

# Sourced by the shell tests: check NAME STATUS [MESSAGE] and $fail.
EXTRA_DIST += tests/check.sh
