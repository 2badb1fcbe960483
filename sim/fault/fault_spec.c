// SPDX-License-Identifier: GPL-2.0
/*
 * Fault plans (fault.h, docs/faults.md): the spec parser, and the errno
 * names it and the printer (fault_print.c) share.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "cli_util.h"
#include "fault.h"

#define GROW_DEFAULT_BYTES	(2 * 4096 + 123)
#define LATE_DEFAULT_NS		1000000L

/* ---- names ---------------------------------------------------------------- */

static const struct {
	const char *name;
	int err;
} errno_names[] = {
	{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EINTR", EINTR }, { "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM }, { "EFAULT", EFAULT }, { "EINVAL", EINVAL },
	{ "ENODATA", ENODATA }, { "EOVERFLOW", EOVERFLOW }, { "ESTALE", ESTALE },
	{ "ETIMEDOUT", ETIMEDOUT }, { "ENXIO", ENXIO }, { "EBADF", EBADF },
	{ "EROFS", EROFS }, { "EFBIG", EFBIG }, { "ENOLINK", ENOLINK },
	{ "EREMOTEIO", EREMOTEIO }, { "EILSEQ", EILSEQ },
};

const char *hr_fault_errno_name(int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return NULL;
}

/* ---- parser --------------------------------------------------------------- */

struct cursor {
	const char *s;		/* what is left of the clause */
	const char *why;	/* the first problem found */
};

static bool eat(struct cursor *c, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(c->s, lit, n))
		return false;
	c->s += n;
	return true;
}

static bool fail(struct cursor *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return false;
}

static bool parse_u64(struct cursor *c, uint64_t *v, const char *what)
{
	char *end;

	if (*c->s < '0' || *c->s > '9')
		return fail(c, what);
	errno = 0;
	*v = strtoull(c->s, &end, 10);
	if (errno)
		return fail(c, "number out of range");
	c->s = end;
	return true;
}

/* An event index: a number from 1. */
static bool parse_index(struct cursor *c, long *at)
{
	uint64_t v;

	if (!parse_u64(c, &v, "expected an event number (counted from 1)"))
		return false;
	if (!v || v > LONG_MAX)
		return fail(c, "event numbers count from 1");
	*at = v;
	return true;
}

/* Bytes, in the size grammar of every heapread option (hr_parse_size_prefix()). */
static bool parse_size(struct cursor *c, long *bytes)
{
	const char *end;
	uint64_t v;
	int err = hr_parse_size_prefix(c->s, &v, &end);

	if (err == -EINVAL)
		return fail(c, "expected a size in bytes (K, M, G suffixes)");
	if (err || v > LONG_MAX)
		return fail(c, "size out of range");
	c->s = end;
	*bytes = v;
	return true;
}

/* A duration: ns, us, ms or s; a bare number is nanoseconds. */
static bool parse_duration(struct cursor *c, long *ns)
{
	uint64_t v, scale = 1;

	if (!parse_u64(c, &v, "expected a duration (ns, us, ms, s)"))
		return false;
	if (eat(c, "ns"))
		scale = 1;
	else if (eat(c, "us"))
		scale = 1000;
	else if (eat(c, "ms"))
		scale = 1000000;
	else if (eat(c, "s"))
		scale = 1000000000;
	if (v > (uint64_t)LONG_MAX / scale)
		return fail(c, "duration out of range");
	*ns = v * scale;
	return true;
}

static bool parse_prob(struct cursor *c, double *p)
{
	char *end;

	errno = 0;
	*p = strtod(c->s, &end);
	if (end == c->s || errno || !(*p >= 0.0 && *p <= 1.0))
		return fail(c, "expected a probability between 0 and 1");
	c->s = end;
	return true;
}

/* ":ERRNO" (a name or a positive number), or nothing for EIO. */
static bool parse_errno(struct cursor *c, long *err)
{
	uint64_t v;

	*err = EIO;
	if (!eat(c, ":"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(errno_names); i++) {
		size_t n = strlen(errno_names[i].name);

		if (!strncmp(c->s, errno_names[i].name, n) && !c->s[n]) {
			c->s += n;
			*err = errno_names[i].err;
			return true;
		}
	}
	if (!parse_u64(c, &v, "expected an errno name (EIO, ENOSPC, EINTR, ...) or number"))
		return false;
	if (!v || v > 4095)
		return fail(c, "errno numbers go from 1 to 4095");
	*err = v;
	return true;
}

static bool parse_alloc(struct cursor *c, struct hr_fault_clause *cl)
{
	if (eat(c, "@")) {
		cl->kind = HR_FAULT_ALLOC_AT;
		return parse_index(c, &cl->at);
	}
	if (eat(c, ":order>=")) {
		uint64_t v;

		cl->kind = HR_FAULT_ALLOC_ORDER;
		if (!parse_u64(c, &v, "expected an order") || v > 20)
			return fail(c, "orders go from 0 to 20");
		cl->value = v;
		return true;
	}
	if (eat(c, ":p=")) {
		cl->kind = HR_FAULT_ALLOC_PROB;
		return parse_prob(c, &cl->p);
	}
	if (eat(c, ":after=")) {
		uint64_t v;

		cl->kind = HR_FAULT_ALLOC_AFTER;
		if (!parse_u64(c, &v, "expected a number of pages") || v > LONG_MAX)
			return fail(c, "expected a number of pages");
		cl->value = v;
		return true;
	}
	return fail(c, "expected alloc@N, alloc:order>=K, alloc:p=P or alloc:after=PAGES");
}

static bool parse_kmalloc(struct cursor *c, struct hr_fault_clause *cl)
{
	if (eat(c, "@")) {
		cl->kind = HR_FAULT_KMALLOC_AT;
		return parse_index(c, &cl->at);
	}
	if (eat(c, ":p=")) {
		cl->kind = HR_FAULT_KMALLOC_PROB;
		return parse_prob(c, &cl->p);
	}
	return fail(c, "expected kmalloc@N or kmalloc:p=P");
}

static bool parse_read(struct cursor *c, struct hr_fault_clause *cl)
{
	if (eat(c, "@")) {
		cl->kind = HR_FAULT_READ_AT;
		return parse_index(c, &cl->at) && parse_errno(c, &cl->value);
	}
	if (eat(c, ":p=")) {
		cl->kind = HR_FAULT_READ_PROB;
		return parse_prob(c, &cl->p) && parse_errno(c, &cl->value);
	}
	if (eat(c, ":short=")) {
		cl->kind = HR_FAULT_READ_SHORT;
		if (eat(c, "random"))
			return true;
		if (!parse_size(c, &cl->value))
			return false;
		return cl->value ? true : fail(c, "a short read returns at least 1 byte");
	}
	if (eat(c, ":zero@")) {
		cl->kind = HR_FAULT_READ_ZERO;
		return parse_index(c, &cl->at);
	}
	if (eat(c, ":long@")) {
		cl->kind = HR_FAULT_READ_LONG;
		return parse_index(c, &cl->at);
	}
	if (eat(c, ":stall@")) {
		cl->kind = HR_FAULT_READ_STALL;
		return parse_index(c, &cl->at);
	}
	if (eat(c, ":late")) {
		cl->kind = HR_FAULT_READ_LATE;
		cl->value = LATE_DEFAULT_NS;
		return eat(c, "=") ? parse_duration(c, &cl->value) : true;
	}
	return fail(c, "expected read@N[:ERRNO], read:p=P[:ERRNO], read:short=random|BYTES, read:zero@N, read:long@N, read:stall@N or read:late[=DURATION]");
}

static bool parse_signal(struct cursor *c, struct hr_fault_clause *cl)
{
	if (eat(c, "@alloc=")) {
		cl->kind = HR_FAULT_SIGNAL_ALLOC;
		return parse_index(c, &cl->at);
	}
	if (eat(c, "@read=")) {
		cl->kind = HR_FAULT_SIGNAL_READ;
		return parse_index(c, &cl->at);
	}
	if (eat(c, "@wait")) {
		cl->kind = HR_FAULT_SIGNAL_WAIT;
		cl->at = 1;
		return eat(c, "=") ? parse_index(c, &cl->at) : true;
	}
	if (eat(c, "@t=")) {
		cl->kind = HR_FAULT_SIGNAL_TIME;
		return parse_duration(c, &cl->value);
	}
	return fail(c, "expected signal@alloc=N, signal@read=N, signal@wait[=N] or signal@t=DURATION");
}

static bool parse_clause(struct cursor *c, struct hr_fault_plan *plan)
{
	struct hr_fault_clause cl = { 0 };
	bool ok;

	if (eat(c, "seed=")) {
		uint64_t v;

		if (!parse_u64(c, &v, "expected a seed"))
			return false;
		plan->seed = v;
		return true;
	}
	if (eat(c, "none"))
		return true;
	if (plan->nr_clauses == HR_FAULT_MAX_CLAUSES)
		return fail(c, "too many clauses");
	if (eat(c, "alloc")) {
		ok = parse_alloc(c, &cl);
	} else if (eat(c, "kmalloc")) {
		ok = parse_kmalloc(c, &cl);
	} else if (eat(c, "read")) {
		ok = parse_read(c, &cl);
	} else if (eat(c, "signal")) {
		ok = parse_signal(c, &cl);
	} else if (eat(c, "truncate@read=")) {
		cl.kind = HR_FAULT_TRUNCATE;
		ok = parse_index(c, &cl.at) &&
		     (eat(c, ":") ? parse_size(c, &cl.value) : fail(c, "expected :SIZE"));
	} else if (eat(c, "grow@read=")) {
		cl.kind = HR_FAULT_GROW;
		cl.value = GROW_DEFAULT_BYTES;
		ok = parse_index(c, &cl.at) && (!eat(c, ":") || parse_size(c, &cl.value));
		if (ok && !cl.value)
			ok = fail(c, "a file grows by at least 1 byte");
	} else {
		return fail(c, "unknown fault (alloc, kmalloc, read, signal, truncate, grow, seed, none)");
	}
	if (!ok)
		return false;
	plan->clause[plan->nr_clauses++] = cl;
	return true;
}

/**
 * hr_fault_plan_init() - an empty plan: no fault, seed 1, emulated file changes
 * @plan: the plan
 */
void hr_fault_plan_init(struct hr_fault_plan *plan)
{
	*plan = (struct hr_fault_plan) { .seed = 1, .write_fd = -1, .eof = -1 };
}

/**
 * hr_fault_parse() - parse a fault spec into @plan
 * @spec: comma-separated clauses (docs/faults.md); "" and "none" are empty
 * @plan: filled from scratch (hr_fault_plan_init() first)
 * @err: on error, one line (no newline) saying which clause and why
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL with @err set.
 */
int hr_fault_parse(const char *spec, struct hr_fault_plan *plan, char *err, size_t errlen)
{
	const char *s = spec;
	int n = 0;

	hr_fault_plan_init(plan);
	while (*s) {
		size_t len = strcspn(s, ",");
		char text[128];
		struct cursor c = { .s = text };

		n++;
		while (len && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		snprintf(text, sizeof(text), "%.*s", (int)len, s);
		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			text[--len] = '\0';
		if (len >= sizeof(text))
			c.why = "clause too long";
		else if (!len)
			c.why = "empty clause";
		else if (parse_clause(&c, plan) && *c.s)
			c.why = "unexpected text after the clause";
		if (c.why) {
			snprintf(err, errlen, "fault spec, clause %d '%s': %s", n, text, c.why);
			return -EINVAL;
		}
		s += strcspn(s, ",");
		if (*s == ',' && !*++s) {
			snprintf(err, errlen, "fault spec: trailing ','");
			return -EINVAL;
		}
	}
	return 0;
}
