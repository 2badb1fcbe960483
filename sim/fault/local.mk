# sim/fault: fault injection, shared by the heapread program (sim --fault) and
# the fault suites (tests/fault/). docs/faults.md describes the spec.
noinst_LTLIBRARIES += libhrfault.la
libhrfault_la_SOURCES = sim/fault/fault.c sim/fault/fault.h
libhrfault_la_CPPFLAGS = $(AM_CPPFLAGS) $(FAULT_CPPFLAGS)
EXTRA_DIST += docs/faults.md
