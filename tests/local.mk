# tests: CUnit suites run by make check. Each suite is one program.
check_LTLIBRARIES = libtestutil.la
libtestutil_la_SOURCES = tests/testutil.c tests/testutil.h
libtestutil_la_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)

TEST_LDADD = libtestutil.la libhrcore.la libkshim.la $(CUNIT_LIBS)
TEST_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) -I$(top_srcdir)/tests

core_suites = \
	tests/core/load_content \
	tests/core/load_errors \
	tests/core/load_orders \
	tests/core/load_timing
check_PROGRAMS += $(core_suites) tests/kshim/contracts
TESTS += $(core_suites) tests/kshim/contracts

tests_kshim_contracts_SOURCES = tests/kshim/contracts.c
tests_kshim_contracts_CFLAGS = $(TEST_CFLAGS)
tests_kshim_contracts_LDADD = $(TEST_LDADD)

tests_core_load_content_SOURCES = tests/core/load_content.c
tests_core_load_content_CFLAGS = $(TEST_CFLAGS)
tests_core_load_content_LDADD = $(TEST_LDADD)
tests_core_load_errors_SOURCES = tests/core/load_errors.c
tests_core_load_errors_CFLAGS = $(TEST_CFLAGS)
tests_core_load_errors_LDADD = $(TEST_LDADD)
tests_core_load_orders_SOURCES = tests/core/load_orders.c
tests_core_load_orders_CFLAGS = $(TEST_CFLAGS)
tests_core_load_orders_LDADD = $(TEST_LDADD)
tests_core_load_timing_SOURCES = tests/core/load_timing.c
tests_core_load_timing_CFLAGS = $(TEST_CFLAGS)
tests_core_load_timing_LDADD = $(TEST_LDADD)
