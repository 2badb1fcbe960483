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

# The guest profile fitted on one column of a bench-kernel run and its
# predictions of the rest (docs/sim-calibration.md, "The guest"): the runs
# whose results sim/calibrate/data/ keeps. Not part of make check (a report,
# about 10 s); `make bench-kernel` leaves new results in bench/kernel/work/.
GUEST_FIT = HEAPREAD=./heapread$(EXEEXT) $(SHELL) $(srcdir)/sim/calibrate/guest-fit.sh
GUEST_RUNS = $(srcdir)/sim/calibrate/data
sim-guest-fit: heapread$(EXEEXT)
	@echo "== the full run (host load average 3-4): fit on 1 GiB, init_on_alloc=1"
	$(GUEST_FIT) $(GUEST_RUNS)/full-run-medians.txt $(GUEST_RUNS)/full-run-medians.txt
	@echo "== the closing run (host load average 10-13): fit on 1 GiB, init_on_alloc=1"
	$(GUEST_FIT) $(GUEST_RUNS)/closing-run-ioa1.log $(GUEST_RUNS)/closing-run-ioa0.log
.PHONY: sim-guest-fit

EXTRA_DIST += sim/calibrate/data/full-run-medians.txt \
	sim/calibrate/data/closing-run-ioa1.log sim/calibrate/data/closing-run-ioa0.log \
	sim/calibrate/data/ramp-run-ioa1.log sim/calibrate/data/ramp-run-ioa0.log
