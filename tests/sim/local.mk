# tests/sim: the simulator's determinism, content, formula, mechanisms and calibration.
sim_suites = \
	tests/sim/sim_determinism \
	tests/sim/sim_content \
	tests/sim/sim_formula \
	tests/sim/sim_mechanisms \
	tests/sim/sim_calibration
check_PROGRAMS += $(sim_suites)
TESTS += $(sim_suites)
SIM_TEST_CPPFLAGS = $(TEST_CPPFLAGS) $(CALIB_CPPFLAGS)
SIM_TEST_LDADD = libtestutil.la $(SIM_LIBS) $(CUNIT_LIBS)
tests_sim_sim_determinism_SOURCES = tests/sim/sim_determinism.c
tests_sim_sim_determinism_CPPFLAGS = $(SIM_TEST_CPPFLAGS)
tests_sim_sim_determinism_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_determinism_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_content_SOURCES = tests/sim/sim_content.c
tests_sim_sim_content_CPPFLAGS = $(SIM_TEST_CPPFLAGS)
tests_sim_sim_content_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_content_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_formula_SOURCES = tests/sim/sim_formula.c
tests_sim_sim_formula_CPPFLAGS = $(SIM_TEST_CPPFLAGS)
tests_sim_sim_formula_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_formula_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_calibration_SOURCES = tests/sim/sim_calibration.c
tests_sim_sim_calibration_CPPFLAGS = $(SIM_TEST_CPPFLAGS)
tests_sim_sim_calibration_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_calibration_LDADD = $(SIM_TEST_LDADD)
tests_sim_sim_mechanisms_SOURCES = tests/sim/sim_mechanisms.c
tests_sim_sim_mechanisms_CPPFLAGS = $(SIM_TEST_CPPFLAGS)
tests_sim_sim_mechanisms_CFLAGS = $(TEST_CFLAGS)
tests_sim_sim_mechanisms_LDADD = $(SIM_TEST_LDADD)
# The guest's held-out scores as docs/sim-calibration.md states them (about 10 s).
dist_check_SCRIPTS += tests/sim/guest_fit.sh
TESTS += tests/sim/guest_fit.sh
