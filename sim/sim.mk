# sim/: the simulator (heapread sim). Included from Makefile.am.
heapread_SOURCES += \
	sim/cmd_sim.c \
	sim/model_profile.c sim/model_profile.h sim/profile_ufs4_phone.h \
	sim/model_device.c sim/model_device.h \
	sim/model_alloc.c sim/model_alloc.h \
	sim/sim_trace.c sim/sim_trace.h \
	sim/sim_run.h sim/sim_engine.c \
	sim/sim_schemes.c sim/sim_schemes.h \
	sim/sim_report.c sim/sim_report.h \
	sim/sim_calibrate.c sim/sim_calibrate.h
heapread_LDADD += -lm
EXTRA_DIST += sim/profiles/ufs4-phone.conf sim/profiles/this-vm.conf docs/sim.md docs/sim-calibration.md \
	bench/sim-speed.sh
