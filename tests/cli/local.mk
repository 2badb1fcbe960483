# tests/cli: the heapread program from the command line (TAP-like shell scripts).
dist_check_SCRIPTS += tests/cli/cli_lib.sh \
	tests/cli/bad_input.sh tests/cli/compare.sh tests/cli/sim_fault.sh \
	tests/cli/load_files.sh
TESTS += tests/cli/bad_input.sh tests/cli/compare.sh tests/cli/sim_fault.sh \
	tests/cli/load_files.sh
