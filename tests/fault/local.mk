# tests/fault: the fault library's own tests, the exhaustive, multi-segment
# and random sweeps, and the file-change tests.
check_LTLIBRARIES += libfaulttest.la
libfaulttest_la_SOURCES = tests/fault/fault_test.c tests/fault/fault_test.h
libfaulttest_la_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
libfaulttest_la_CFLAGS = $(TEST_CFLAGS)

FAULT_TEST_CPPFLAGS = $(TEST_CPPFLAGS) $(FAULT_CPPFLAGS)
FAULT_TEST_LDADD = libfaulttest.la libhrfault.la $(TEST_LDADD) libhrsys.la $(URING_LIBS)

fault_suites = \
	tests/fault/fault_spec \
	tests/fault/fault_hooks \
	tests/fault/fault_backends \
	tests/fault/file_change \
	tests/fault/exhaustive_sweep \
	tests/fault/segment_sweep \
	tests/fault/random_sweep
check_PROGRAMS += $(fault_suites)
TESTS += $(fault_suites)

tests_fault_fault_spec_SOURCES = tests/fault/fault_spec.c
tests_fault_fault_spec_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
tests_fault_fault_spec_CFLAGS = $(TEST_CFLAGS)
tests_fault_fault_spec_LDADD = $(FAULT_TEST_LDADD)
tests_fault_fault_hooks_SOURCES = tests/fault/fault_hooks.c
tests_fault_fault_hooks_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
tests_fault_fault_hooks_CFLAGS = $(TEST_CFLAGS)
tests_fault_fault_hooks_LDADD = $(FAULT_TEST_LDADD)
tests_fault_fault_backends_SOURCES = tests/fault/fault_backends.c
tests_fault_fault_backends_CPPFLAGS = $(FAULT_TEST_CPPFLAGS) $(LIB_CPPFLAGS)
tests_fault_fault_backends_CFLAGS = $(TEST_CFLAGS)
tests_fault_fault_backends_LDADD = libfaulttest.la libhrfault.la libhrloader.la \
	$(TEST_LDADD) libhrsys.la $(URING_LIBS)
tests_fault_file_change_SOURCES = tests/fault/file_change.c
tests_fault_file_change_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
tests_fault_file_change_CFLAGS = $(TEST_CFLAGS)
tests_fault_file_change_LDADD = $(FAULT_TEST_LDADD)
tests_fault_exhaustive_sweep_SOURCES = tests/fault/exhaustive_sweep.c
tests_fault_exhaustive_sweep_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
tests_fault_exhaustive_sweep_CFLAGS = $(TEST_CFLAGS)
tests_fault_exhaustive_sweep_LDADD = $(FAULT_TEST_LDADD)
tests_fault_segment_sweep_SOURCES = tests/fault/segment_sweep.c
tests_fault_segment_sweep_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
tests_fault_segment_sweep_CFLAGS = $(TEST_CFLAGS)
tests_fault_segment_sweep_LDADD = $(FAULT_TEST_LDADD)
tests_fault_random_sweep_SOURCES = tests/fault/random_sweep.c
tests_fault_random_sweep_CPPFLAGS = $(FAULT_TEST_CPPFLAGS)
tests_fault_random_sweep_CFLAGS = $(TEST_CFLAGS)
tests_fault_random_sweep_LDADD = $(FAULT_TEST_LDADD)

# The long runs: 10^5 random schedules and the exhaustive sweep over more
# configurations. Other folders may add their own prerequisites to check-long.
PHONY_TARGETS += check-long check-long-fault
check-long: check-long-fault
check-long-fault: $(fault_suites)
	$(AM_V_at)HR_FAULT_LONG=1 $(builddir)/tests/fault/exhaustive_sweep
	$(AM_V_at)$(builddir)/tests/fault/random_sweep -n 100000
