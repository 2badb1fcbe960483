// SPDX-License-Identifier: GPL-2.0
/*
 * Fault plans (fault.h, docs/faults.md): the printer, the spec back from a
 * plan (what the parser reads, so a plan round-trips).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <linux/kernel.h>

#include "fault.h"

static void put_duration(char *buf, size_t len, long ns)
{
	if (ns && !(ns % 1000000000L))
		snprintf(buf, len, "%lds", ns / 1000000000L);
	else if (ns && !(ns % 1000000L))
		snprintf(buf, len, "%ldms", ns / 1000000L);
	else if (ns && !(ns % 1000L))
		snprintf(buf, len, "%ldus", ns / 1000L);
	else
		snprintf(buf, len, "%ldns", ns);
}

static void put_errno(char *buf, size_t len, long err)
{
	const char *name = hr_fault_errno_name(err);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%ld", err);
}

static void format_clause(const struct hr_fault_clause *c, char *buf, size_t len)
{
	char v[32];

	switch (c->kind) {
	case HR_FAULT_ALLOC_AT:
		snprintf(buf, len, "alloc@%ld", c->at);
		break;
	case HR_FAULT_ALLOC_ORDER:
		snprintf(buf, len, "alloc:order>=%ld", c->value);
		break;
	case HR_FAULT_ALLOC_PROB:
		snprintf(buf, len, "alloc:p=%.17g", c->p);
		break;
	case HR_FAULT_ALLOC_AFTER:
		snprintf(buf, len, "alloc:after=%ld", c->value);
		break;
	case HR_FAULT_KMALLOC_AT:
		snprintf(buf, len, "kmalloc@%ld", c->at);
		break;
	case HR_FAULT_KMALLOC_PROB:
		snprintf(buf, len, "kmalloc:p=%.17g", c->p);
		break;
	case HR_FAULT_READ_AT:
		put_errno(v, sizeof(v), c->value);
		snprintf(buf, len, "read@%ld:%s", c->at, v);
		break;
	case HR_FAULT_READ_PROB:
		put_errno(v, sizeof(v), c->value);
		snprintf(buf, len, "read:p=%.17g:%s", c->p, v);
		break;
	case HR_FAULT_READ_SHORT:
		if (c->value)
			snprintf(buf, len, "read:short=%ld", c->value);
		else
			snprintf(buf, len, "read:short=random");
		break;
	case HR_FAULT_READ_STALL:
		snprintf(buf, len, "read:stall@%ld", c->at);
		break;
	case HR_FAULT_READ_ZERO:
		snprintf(buf, len, "read:zero@%ld", c->at);
		break;
	case HR_FAULT_READ_LONG:
		snprintf(buf, len, "read:long@%ld", c->at);
		break;
	case HR_FAULT_READ_LATE:
		put_duration(v, sizeof(v), c->value);
		snprintf(buf, len, "read:late=%s", v);
		break;
	case HR_FAULT_SIGNAL_ALLOC:
		snprintf(buf, len, "signal@alloc=%ld", c->at);
		break;
	case HR_FAULT_SIGNAL_READ:
		snprintf(buf, len, "signal@read=%ld", c->at);
		break;
	case HR_FAULT_SIGNAL_WAIT:
		snprintf(buf, len, "signal@wait=%ld", c->at);
		break;
	case HR_FAULT_SIGNAL_TIME:
		put_duration(v, sizeof(v), c->value);
		snprintf(buf, len, "signal@t=%s", v);
		break;
	case HR_FAULT_TRUNCATE:
		snprintf(buf, len, "truncate@read=%ld:%ld", c->at, c->value);
		break;
	case HR_FAULT_GROW:
		snprintf(buf, len, "grow@read=%ld:%ld", c->at, c->value);
		break;
	default:
		snprintf(buf, len, "?");
		break;
	}
}

/**
 * hr_fault_format() - the canonical spec of @plan, which parses back to it
 * @plan: the plan
 * @buf: where to write; always terminated
 * @len: size of @buf
 *
 * Return: the length of the whole spec (as snprintf: >= @len if cut).
 */
int hr_fault_format(const struct hr_fault_plan *plan, char *buf, size_t len)
{
	size_t used;
	char one[96];

	used = snprintf(buf, len, "seed=%" PRIu64, plan->seed);
	for (int i = 0; i < plan->nr_clauses; i++) {
		format_clause(&plan->clause[i], one, sizeof(one));
		used += snprintf(buf + min(used, len), len - min(used, len), ",%s", one);
	}
	return used;
}
