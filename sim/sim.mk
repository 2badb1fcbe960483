# sim/: the simulator (heapread sim). Included from Makefile.am.
# The models and the engine driver are a convenience library so the tests
# link the very code the program runs.
noinst_LTLIBRARIES += libhrsim.la
libhrsim_la_SOURCES = \
	sim/model_profile.c sim/model_profile.h sim/profile_ufs4_phone.h \
	sim/model_device.c sim/model_device.h \
	sim/model_alloc.c sim/model_alloc.h \
	sim/sim_trace.c sim/sim_trace.h \
	sim/sim_run.h sim/sim_engine.c \
	sim/sim_schemes.c sim/sim_schemes.h \
	sim/sim_report.c sim/sim_report.h \
	sim/sim_calibrate.c sim/sim_calibrate.h \
	sim/sim_fault_run.c sim/sim_fault_run.h
SIM_LIBS = libhrsim.la libhrfault.la libhrcore.la libkshim.la libhrsys.la $(URING_LIBS) -lm

heapread_SOURCES += sim/cmd_sim.c
heapread_LDADD += $(SIM_LIBS)

sim_suites = \
	tests/sim/sim_determinism \
	tests/sim/sim_content \
	tests/sim/sim_formula \
	tests/sim/sim_calibration
check_PROGRAMS += $(sim_suites)
TESTS += $(sim_suites)
SIM_TEST_LDADD = libtestutil.la $(SIM_LIBS) $(CUNIT_LIBS)
tests_sim_sim_determinism_SOURCES = tests/sim/sim_determinism.c
tests_sim_sim_determinism_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_determinism_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_content_SOURCES = tests/sim/sim_content.c
tests_sim_sim_content_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_content_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_formula_SOURCES = tests/sim/sim_formula.c
tests_sim_sim_formula_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_formula_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_calibration_SOURCES = tests/sim/sim_calibration.c tests/sim/sim_calibration_bounds.h
tests_sim_sim_calibration_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_calibration_LDADD = $(SIM_TEST_LDADD)

EXTRA_DIST += sim/profiles/ufs4-phone.conf sim/profiles/this-vm.conf \
	docs/sim.md docs/sim-calibration.md bench/sim-speed.sh

# The speed benchmark: the whole default table must simulate in under 2 s.
PHONY_TARGETS += bench-sim
bench-sim: heapread$(EXEEXT)
	HEAPREAD=$(abs_top_builddir)/heapread$(EXEEXT) $(SHELL) $(srcdir)/bench/sim-speed.sh

# heapread sim --fault from the command line.
dist_check_SCRIPTS += tests/cli/sim_fault.sh
TESTS += tests/cli/sim_fault.sh
