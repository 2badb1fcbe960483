# tests/core: the engine against kshim's backends.
core_suites = \
	tests/core/load_content \
	tests/core/load_errors \
	tests/core/load_orders \
	tests/core/load_ramp \
	tests/core/load_timing \
	tests/core/load_workers
check_PROGRAMS += $(core_suites)
TESTS += $(core_suites)

tests_core_load_content_SOURCES = tests/core/load_content.c
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
tests_core_load_timing_SOURCES = tests/core/load_timing.c
tests_core_load_timing_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_timing_CFLAGS = $(TEST_CFLAGS)
tests_core_load_timing_LDADD = $(TEST_LDADD)
<<<<<<< HEAD
tests_core_load_ramp_SOURCES = tests/core/load_ramp.c
tests_core_load_ramp_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_ramp_CFLAGS = $(TEST_CFLAGS)
tests_core_load_ramp_LDADD = $(TEST_LDADD)
=======
tests_core_load_workers_SOURCES = tests/core/load_workers.c
tests_core_load_workers_CPPFLAGS = $(TEST_CPPFLAGS)
tests_core_load_workers_CFLAGS = $(TEST_CFLAGS)
tests_core_load_workers_LDADD = $(TEST_LDADD) -lpthread
>>>>>>> 4f7dd3a (tests: heapread_load_workers (a SIGKILL mid-read returns while the read is stalled, no queued read starts, loads share one workqueue with their own depth, a stalled load does not block another) and kshim_contracts' workqueue_requeued_running_item_never_runs_twice_at_once; kshim: reads that stall until released (kshim_stall_*), kshim_wait_work_idle(), system_unbound_wq, a count of alloc_workqueue() calls. Fails before the fix: load_sigkill_returns_while_read_stalled (returned after 5152 ms, only once the stall was ended), load_uses_no_workqueue_of_its_own (3 workqueues for 3 loads), the re-entry contract (peak 2))
