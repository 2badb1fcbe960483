# sim/fault: fault injection, shared by the heapread program (sim --fault) and
# the fault suites (tests/fault/). docs/faults.md describes the spec.
noinst_LTLIBRARIES += libhrfault.la
libhrfault_la_SOURCES = \
	sim/fault/fault.h \
	sim/fault/fault_spec.c \
	sim/fault/fault_print.c \
	sim/fault/fault_hooks.c
libhrfault_la_CPPFLAGS = $(AM_CPPFLAGS) $(FAULT_CPPFLAGS)
EXTRA_DIST += docs/faults.md
