/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Helpers every heapread subcommand shares: size and number parsing,
 * one-line errors, a monotonic clock, and a progress bar that only ever
 * appears on a terminal. Plain libc: no kshim or kernel types here, so any
 * file (with or without the kshim include path) may use it.
 */
#ifndef HEAPREAD_CLI_UTIL_H
#define HEAPREAD_CLI_UTIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HR_KIB	1024ULL
#define HR_MIB	(1024ULL * HR_KIB)
#define HR_GIB	(1024ULL * HR_MIB)

/*
 * "4096", "4K", "4k", "4KiB", "4KB", "128M", "1G", "2T": binary multiples.
 * Returns 0, -EINVAL when @s is not a size, -ERANGE when it overflows.
 */
int hr_parse_size(const char *s, uint64_t *out);
/*
 * The same size at the start of @s, the one grammar of every size heapread
 * reads (options, profiles, fault specs): *@endp is where it ends. 0,
 * -EINVAL when @s does not start with a digit, or -ERANGE.
 */
int hr_parse_size_prefix(const char *s, uint64_t *out, const char **endp);

/* A decimal unsigned integer in [min, max]; 0, -EINVAL or -ERANGE. */
int hr_parse_uint(const char *s, unsigned int min, unsigned int max, unsigned int *out);

/* "4 KiB", "1.5 MiB", "1 GiB", "12345 B": for tables and messages. */
void hr_format_size(char *buf, size_t len, uint64_t bytes);

/* Short column label as in the seed's tables: "512KB", "8MB", "1GB", "286.1MB". */
void hr_format_size_short(char *buf, size_t len, uint64_t bytes);

/* Program name used in messages ("heapread"). */
extern const char *hr_progname;

/* "heapread: WHAT: strerror(errnum)" on one line of stderr. @errnum > 0. */
void hr_err(const char *what, int errnum);

/* "heapread: <formatted>" on one line of stderr. */
void hr_errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a bad option value and return the usage-error exit status (2). */
int hr_bad_value(const char *option, const char *value, int err);

/* CLOCK_MONOTONIC in ns. */
uint64_t hr_now_ns(void);

/*
 * A progress bar on stderr, drawn from a thread of its own every 100 ms
 * while the caller works; it reads the done count through a callback.
 * Nothing at all happens unless stderr is a terminal.
 */
struct hr_progress {
	bool on;
	uint64_t total;
	uint64_t (*done)(void *ctx);
	void *ctx;
	const char *label;
	uint64_t start_ns;
	atomic_bool stop;
	pthread_t thread;
};

void hr_progress_start(struct hr_progress *p, const char *label, uint64_t total,
		       uint64_t (*done)(void *ctx), void *ctx);
void hr_progress_stop(struct hr_progress *p);

/* Exit statuses. */
#define HR_EXIT_OK	0
#define HR_EXIT_FAIL	1
#define HR_EXIT_USAGE	2

#endif /* HEAPREAD_CLI_UTIL_H */
