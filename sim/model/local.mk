# sim/model: the device, allocator and page-cache models, the virtual-time
# runner of the core/ engine, the seed's schemes, the report and the trace.
# A convenience library, so the tests link the very code the program runs.
noinst_LTLIBRARIES += libhrsim.la
libhrsim_la_SOURCES = \
	sim/model/model_profile.c sim/model/model_profile.h sim/model/profile_ufs4_phone.h \
	sim/model/model_device.c sim/model/model_device.h \
	sim/model/model_alloc.c sim/model/model_alloc.h \
	sim/model/sim_trace.c sim/model/sim_trace.h \
	sim/model/sim_run.h sim/model/sim_engine.c \
	sim/model/sim_schemes.c sim/model/sim_schemes.h \
	sim/model/sim_report.c sim/model/sim_report.h \
	sim/model/sim_fault_run.c sim/model/sim_fault_run.h
libhrsim_la_CPPFLAGS = $(AM_CPPFLAGS) $(MODEL_CPPFLAGS)

EXTRA_DIST += docs/sim.md
