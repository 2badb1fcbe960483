# tests/kshim: the shim's own contracts.
check_PROGRAMS += tests/kshim/contracts
TESTS += tests/kshim/contracts
tests_kshim_contracts_SOURCES = tests/kshim/contracts.c
tests_kshim_contracts_CPPFLAGS = $(TEST_CPPFLAGS)
tests_kshim_contracts_CFLAGS = $(TEST_CFLAGS)
tests_kshim_contracts_LDADD = $(TEST_LDADD)
