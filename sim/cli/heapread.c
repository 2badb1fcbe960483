// SPDX-License-Identifier: GPL-2.0
/*
 * heapread: put a large file into a shareable buffer, fast, and compare the
 * ways of doing it. This file only dispatches to the subcommands, which
 * register themselves (commands.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct heapread_command *commands;

void heapread_register_command(struct heapread_command *cmd)
{
	const struct heapread_command **pos = &commands;

	/* Keep them sorted by name so --help reads the same on every build. */
	while (*pos && strcmp((*pos)->name, cmd->name) < 0)
		pos = (const struct heapread_command **)&(*pos)->next;
	cmd->next = *pos;
	*pos = cmd;
}

static void usage(FILE *out)
{
	const struct heapread_command *c;

	fprintf(out, "usage: heapread COMMAND [OPTIONS]   (heapread COMMAND --help for its options)\n\n");
	for (c = commands; c; c = c->next)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
}

int main(int argc, char **argv)
{
	const struct heapread_command *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("heapread %s\n", PACKAGE_VERSION);
		return 0;
	}
	for (c = commands; c; c = c->next)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "heapread: unknown command '%s' (heapread --help lists them)\n", argv[1]);
	return 2;
}
