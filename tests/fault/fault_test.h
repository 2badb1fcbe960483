/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fault suites share: a pattern file kept open, one load of it
 * under a fault plan with every invariant checked (errno, content, no page,
 * object, work item or read left, the caller's file position untouched),
 * and how much work to do under valgrind.
 */
#ifndef HEAPREAD_FAULT_TEST_H
#define HEAPREAD_FAULT_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fault.h"
#include "heapread.h"

struct ft_file {
	char *path;
	int fd;			/* O_RDONLY, shared by every load of the file */
	uint64_t size;
};

bool ft_file_create(struct ft_file *f, const char *name, uint64_t size);
void ft_file_destroy(struct ft_file *f);

enum ft_mode {
	FT_SYNC,		/* allocate all, then read in the caller */
	FT_INLINE,		/* async, work items run inline on virtual workers */
	FT_THREADS,		/* async, real worker threads */
};

struct ft_config {
	enum ft_mode mode;
	unsigned int qd;
	unsigned long orders;
	size_t gather;
};

const char *ft_mode_name(enum ft_mode mode);
/* "threads qd 4 orders 0x111 gather 8K" */
void ft_config_describe(const struct ft_config *c, char *buf, size_t len);

struct ft_result {
	long err;		/* 0 or the load's negative errno */
	bool content_ok;	/* success only: byte-equal to the file, zero tail */
	bool clean;		/* no page, kmalloc, work item, read or workqueue left */
	bool pos_ok;		/* f_pos and the fd's offset as they were */
	long warnings;		/* WARN_ON()s that fired (then forgotten) */
	int stalled;		/* reads still blocked (read:stall) when the load returned */
	struct heapread_stats st;
};

/*
 * Load @f with @c under @plan (applied to the file, removed after) and
 * check what every run must satisfy. Returns true when the run is clean,
 * kept the position, and (if it succeeded) has the file's content; on
 * false it has printed why.
 */
bool ft_run(struct ft_file *f, const struct ft_config *c, struct hr_fault_plan *plan,
	    struct ft_result *r);

/* The same, reading through @file (another backend over @f's bytes) instead of pread. */
struct file;
bool ft_run_file(struct ft_file *f, struct file *file, const struct ft_config *c,
		 struct hr_fault_plan *plan, struct ft_result *r);

/* Parse @spec into @plan or fail the test run with the parser's message. */
void ft_plan(struct hr_fault_plan *plan, const char *spec);

/*
 * No page, kmalloc object, work item, read in flight or workqueue left;
 * *@warnings gets the WARN_ON()s that fired.
 */
bool ft_accounting_clean(long *warnings);

bool ft_under_valgrind(void);
/* Wall-clock seconds since an arbitrary start. */
double ft_now(void);

#endif /* HEAPREAD_FAULT_TEST_H */
