# sim/calibrate: heapread sim --calibrate, the fit of a profile to measured
# tables (sim_calibrate.c: the objective, the starts, the report) with a
# general minimiser (nelder_mead.c). docs/sim-calibration.md.
noinst_LTLIBRARIES += libhrcalib.la
libhrcalib_la_SOURCES = \
	sim/calibrate/nelder_mead.c sim/calibrate/nelder_mead.h \
	sim/calibrate/sim_calibrate.c sim/calibrate/sim_calibrate.h
libhrcalib_la_CPPFLAGS = $(AM_CPPFLAGS) $(CALIB_CPPFLAGS)

# Everything the simulator links, in link order.
SIM_LIBS = libhrcalib.la libhrsim.la libhrfault.la libhrcli.la libhrcore.la libkshim.la \
	libhrsys.la $(URING_LIBS) -lm

EXTRA_DIST += docs/sim-calibration.md sim/calibrate/guest-fit.sh
