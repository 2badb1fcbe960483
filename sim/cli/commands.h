/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The heapread program's subcommands. Each lives in its own file and
 * registers itself with HEAPREAD_COMMAND(), so the program is whatever
 * command files are linked into it:
 *
 *	static int cmd_load(int argc, char **argv) { ... }
 *	HEAPREAD_COMMAND(load, cmd_load, "load a file into a fresh memfd buffer");
 *
 * run() gets argv[0] == the command's name and returns the exit status
 * (0 ok, 1 failure, 2 usage error).
 */
#ifndef HEAPREAD_COMMANDS_H
#define HEAPREAD_COMMANDS_H

struct heapread_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const struct heapread_command *next;
};

void heapread_register_command(struct heapread_command *cmd);

#define HEAPREAD_COMMAND(cname, fn, text)					\
	static struct heapread_command heapread_cmd_##cname = {			\
		.name = #cname, .run = fn, .summary = text,			\
	};									\
	__attribute__((constructor)) static void heapread_cmd_reg_##cname(void)	\
	{									\
		heapread_register_command(&heapread_cmd_##cname);		\
	}

#endif /* HEAPREAD_COMMANDS_H */
