# tests/core: the engine against kshim's backends.
core_suites = \
	tests/core/load_content \
	tests/core/load_errors \
	tests/core/load_limits \
	tests/core/load_orders \
	tests/core/load_steps \
	tests/core/load_segments \
	tests/core/load_timing \
	tests/core/load_workers
check_PROGRAMS += $(core_suites)
# The test file as a kshim struct file, for the suites that load whole files.
core_file_sources = tests/core/core_file.c tests/core/core_file.h
TESTS += $(core_suites)

tests_core_load_content_SOURCES = tests/core/load_content.c $(core_file_sources)
tests_core_load_content_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_content_CFLAGS = $(TEST_CFLAGS)
tests_core_load_content_LDADD = $(TEST_LDADD)
tests_core_load_errors_SOURCES = tests/core/load_errors.c
tests_core_load_errors_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_errors_CFLAGS = $(TEST_CFLAGS)
tests_core_load_errors_LDADD = $(TEST_LDADD)
tests_core_load_orders_SOURCES = tests/core/load_orders.c
tests_core_load_orders_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_orders_CFLAGS = $(TEST_CFLAGS)
tests_core_load_orders_LDADD = $(TEST_LDADD)
tests_core_load_timing_SOURCES = tests/core/load_timing.c $(core_file_sources) tests/core/costly.c tests/core/costly.h
tests_core_load_timing_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_timing_CFLAGS = $(TEST_CFLAGS)
tests_core_load_timing_LDADD = $(TEST_LDADD)
tests_core_load_steps_SOURCES = tests/core/load_steps.c $(core_file_sources) \
	tests/core/costly.c tests/core/costly.h
tests_core_load_steps_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_steps_CFLAGS = $(TEST_CFLAGS)
tests_core_load_steps_LDADD = $(TEST_LDADD)
tests_core_load_workers_SOURCES = tests/core/load_workers.c
tests_core_load_workers_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_workers_CFLAGS = $(TEST_CFLAGS)
tests_core_load_workers_LDADD = $(TEST_LDADD) -lpthread
tests_core_load_segments_SOURCES = tests/core/load_segments.c $(core_file_sources)
tests_core_load_segments_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_segments_CFLAGS = $(TEST_CFLAGS)
tests_core_load_segments_LDADD = $(TEST_LDADD)
tests_core_load_limits_SOURCES = tests/core/load_limits.c $(core_file_sources)
tests_core_load_limits_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_limits_CFLAGS = $(TEST_CFLAGS)
tests_core_load_limits_LDADD = $(TEST_LDADD)
