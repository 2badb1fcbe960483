# sim/model: the device, allocator and page-cache models, the virtual-time
# runner of the core/ engine, the seed's schemes, the report and the trace.
# A convenience library, so the tests link the very code the program runs.
noinst_LTLIBRARIES += libhrsim.la
libhrsim_la_SOURCES = \
	sim/model/model_profile.c sim/model/model_profile.h \
	sim/model/model_device.c sim/model/model_device.h \
	sim/model/model_alloc.c sim/model/model_alloc.h \
	sim/model/model_cpu.c sim/model/model_cpu.h \
	sim/model/sim_trace.c sim/model/sim_trace.h \
	sim/model/sim_run.h sim/model/sim_engine.c \
	sim/model/sim_schemes.c sim/model/sim_schemes.h \
	sim/model/sim_report.c sim/model/sim_report.h \
	sim/model/sim_fault_run.c sim/model/sim_fault_run.h
libhrsim_la_CPPFLAGS = $(AM_CPPFLAGS) $(MODEL_CPPFLAGS)

# The built-in profile (sim_profile_default()) is sim/profiles/ufs4-phone.conf,
# its one source: each "key = number" line becomes ".key = number," of a C
# initialiser in the build tree.
nodist_libhrsim_la_SOURCES = sim/model/profile_ufs4_phone.h
BUILT_SOURCES += sim/model/profile_ufs4_phone.h
CLEANFILES += sim/model/profile_ufs4_phone.h
PROFILE_TO_C = s/\#.*//; s/^[ 	]*\([a-z_][a-z0-9_]*\)[ 	]*=[ 	]*\([-+.0-9eE][-+.0-9eE]*\)[ 	]*$$/	.\1 = \2,/p
sim/model/profile_ufs4_phone.h: $(srcdir)/sim/profiles/ufs4-phone.conf $(srcdir)/sim/model/local.mk
	$(AM_V_GEN)$(MKDIR_P) sim/model && \
	{ echo '/* Generated from sim/profiles/ufs4-phone.conf (sim/model/local.mk): do not edit. */'; \
	  sed -n -e '$(PROFILE_TO_C)' $(srcdir)/sim/profiles/ufs4-phone.conf; } >$@-t && \
	mv $@-t $@

EXTRA_DIST += docs/sim.md
