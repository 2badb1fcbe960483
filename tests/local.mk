# tests: CUnit suites run by make check.
