# sim/calibrate: heapread sim --calibrate, the fit of a profile to measured
# tables. docs/sim-calibration.md.
noinst_LTLIBRARIES += libhrcalib.la
libhrcalib_la_SOURCES = sim/calibrate/sim_calibrate.c sim/calibrate/sim_calibrate.h
libhrcalib_la_CPPFLAGS = $(AM_CPPFLAGS) $(CALIB_CPPFLAGS)

# Everything the simulator links, in link order.
SIM_LIBS = libhrcalib.la libhrsim.la libhrfault.la libhrcli.la libhrcore.la libkshim.la \
	libhrsys.la $(URING_LIBS) -lm

EXTRA_DIST += docs/sim-calibration.md
