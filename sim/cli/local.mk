# sim/cli: the heapread program. heapread.c only dispatches; each subcommand is
# a cmd_*.c that registers itself (commands.h). cli_table is the table printer
# the simulator, the loader and the kernel bench share, cli_svg the SVG writer.
noinst_LTLIBRARIES += libhrcli.la
libhrcli_la_SOURCES = \
	sim/cli/cli_cost.c sim/cli/cli_cost.h \
	sim/cli/cli_svg.c sim/cli/cli_svg.h \
	sim/cli/cli_table.c sim/cli/cli_table.h
libhrcli_la_CPPFLAGS = $(AM_CPPFLAGS) $(CLI_CPPFLAGS) $(SYS_CPPFLAGS)

bin_PROGRAMS += heapread
heapread_SOURCES = \
	sim/cli/heapread.c sim/cli/commands.h \
	sim/cli/cmd_compare.c \
	sim/cli/cmd_load.c \
	sim/cli/cmd_sim.c
heapread_CPPFLAGS = $(AM_CPPFLAGS) $(CALIB_CPPFLAGS) -I$(top_srcdir)/lib -I$(top_srcdir)/lib/include
heapread_LDADD = libhrloader.la $(SIM_LIBS)

dist_man_MANS += man/heapread.1
