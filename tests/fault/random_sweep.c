// SPDX-License-Identifier: GPL-2.0
/*
 * heapread_fault_random: K seeded random fault schedules. Each seed picks a
 * file (1 byte to 41 pages, read through O_DIRECT one time in eight where
 * the file system allows it), a mode (sync, async inline, async on real
 * threads for about one run in seven), a queue depth of 1..8, an order mask
 * and a gather of 1..4 or 16 pages, and up to four faults of every kind the
 * spec knows. Every run must be clean (no page, object, work item or read
 * left; the caller's file position kept), fail only with an errno that a
 * fault which fired can explain, fail whenever a fault the engine cannot
 * recover from fired, and otherwise hold the file's bytes exactly.
 *
 *	random_sweep [-n K] [-b FIRST_SEED] [-s SEED]
 *
 * -s (or HR_FAULT_SEED) replays one seed and prints its schedule; a failing
 * seed is printed with the command that replays it. K defaults to 10000
 * (HR_FAULT_K), and to 3000 under valgrind, which the output says.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "fault_test.h"
#include "pattern.h"
#include "testutil.h"

#define DEFAULT_K		10000
#define VALGRIND_K		3000
#define MAX_REPORTED		5
#define THREADS_ONE_IN		7

static const uint64_t file_sizes[] = {
	1, 4095, 4096, 4097, 3 * 4096 + 5, 8 * 4096, 13 * 4096 + 777, 40 * 4096 + 1,
};
static struct ft_file files[ARRAY_SIZE(file_sizes)];
static int direct_fds[ARRAY_SIZE(file_sizes)];	/* the same files opened O_DIRECT, or -1 */

static const unsigned long order_masks[] = {
	BIT(0), BIT(1) | BIT(0), BIT(2) | BIT(0), BIT(4) | BIT(2) | BIT(0),
	HEAPREAD_DEFAULT_ORDERS, BIT(3) | BIT(1) | BIT(0), BIT(11) - 1,
};

static const int read_errs[] = { EIO, ENOSPC, EINTR, EAGAIN, ENOMEM, EOVERFLOW, 1234 };

static uint64_t nr_schedules = DEFAULT_K;
static uint64_t first_seed = 1;
static bool replay;
static uint64_t replay_seed;

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	return hr_splitmix64(&r->s);
}

static long below(struct rng *r, long n)
{
	return n > 0 ? (long)(next(r) % (uint64_t)n) : 0;
}

struct schedule {
	unsigned int file;
	bool direct;			/* read through the O_DIRECT descriptor */
	struct ft_config config;
	char spec[512];
};

/* Append one random fault clause for a load of @pages pages and about @reads reads. */
static void add_fault(struct rng *r, char *spec, size_t len, long pages, long reads,
		      const struct schedule *s)
{
	size_t used = strlen(spec);
	char *p = spec + used;
	size_t left = len - used;
	int err = read_errs[below(r, ARRAY_SIZE(read_errs))];
	const char *name = hr_fault_errno_name(err);
	char errtext[16];
	static const double probs[] = { 0.01, 0.05, 0.2, 0.5 };
	double prob = probs[below(r, ARRAY_SIZE(probs))];

	if (name)
		snprintf(errtext, sizeof(errtext), "%s", name);
	else
		snprintf(errtext, sizeof(errtext), "%d", err);
	switch (below(r, 19)) {
	case 0:
		snprintf(p, left, ",alloc@%ld", 1 + below(r, pages + 2));
		break;
	case 1:
		snprintf(p, left, ",alloc:order>=%ld", below(r, 5));
		break;
	case 2:
		snprintf(p, left, ",alloc:p=%g", prob / 4);
		break;
	case 3:
		snprintf(p, left, ",alloc:after=%ld", below(r, pages + 2));
		break;
	case 4:
		snprintf(p, left, ",kmalloc@%ld", 1 + below(r, 5));
		break;
	case 5:
		snprintf(p, left, ",kmalloc:p=%g", prob / 2);
		break;
	case 6:
	case 7:
		snprintf(p, left, ",read@%ld:%s", 1 + below(r, reads + 1), errtext);
		break;
	case 8:
		snprintf(p, left, ",read:p=%g:%s", prob / 2, errtext);
		break;
	case 9:
		snprintf(p, left, ",read:short=random");
		break;
	case 10:
		snprintf(p, left, ",read:short=%ld", 1 + below(r, 3 * 4096));
		break;
	case 11:
		snprintf(p, left, ",read:zero@%ld", 1 + below(r, reads + 1));
		break;
	case 12:
		/* Rare: an overlong read makes the engine WARN. */
		if (below(r, 8))
			snprintf(p, left, ",read:late=%ldus",
				 s->config.mode == FT_THREADS ? below(r, 200) : below(r, 2000));
		else
			snprintf(p, left, ",read:long@%ld", 1 + below(r, reads));
		break;
	case 13:
		snprintf(p, left, ",signal@alloc=%ld", 1 + below(r, pages + 1));
		break;
	case 14:
		snprintf(p, left, ",signal@read=%ld", 1 + below(r, reads + 1));
		break;
	case 15:
		snprintf(p, left, ",signal@wait=%ld", 1 + below(r, reads));
		break;
	case 16:
		snprintf(p, left, ",signal@t=%ldus,read:late=500us", below(r, 3000));
		break;
	case 17:
		snprintf(p, left, ",truncate@read=%ld:%ld", 1 + below(r, reads + 1),
			 below(r, pages * 4096));
		break;
	default:
		snprintf(p, left, ",grow@read=%ld:%ld", 1 + below(r, reads + 1), 1 + below(r, 9000));
		break;
	}
}

static void make_schedule(uint64_t seed, struct schedule *s)
{
	struct rng r = { seed };
	long pages, gather_pages, reads;
	int nr_faults;

	s->file = below(&r, ARRAY_SIZE(files));
	s->direct = !below(&r, 8);
	if (!below(&r, THREADS_ONE_IN))
		s->config.mode = FT_THREADS;
	else
		s->config.mode = below(&r, 2) ? FT_SYNC : FT_INLINE;
	s->config.qd = 1 + below(&r, 8);
	s->config.orders = order_masks[below(&r, ARRAY_SIZE(order_masks))];
	gather_pages = below(&r, 5) ? 1 + below(&r, 4) : 16;
	s->config.gather = gather_pages * PAGE_SIZE;
	pages = PAGE_ALIGN(file_sizes[s->file]) >> PAGE_SHIFT;
	reads = DIV_ROUND_UP(pages, gather_pages);
	snprintf(s->spec, sizeof(s->spec), "seed=%llu", (unsigned long long)seed);
	nr_faults = below(&r, 5);
	for (int i = 0; i < nr_faults; i++)
		add_fault(&r, s->spec, sizeof(s->spec), pages, reads, s);
}

static bool fired_kind(const struct hr_fault_plan *plan, enum hr_fault_kind kind)
{
	return hr_fault_fired(plan, kind) > 0;
}

/* Could the faults that fired explain this errno? */
static bool explained(const struct hr_fault_plan *plan, long err)
{
	for (int i = 0; i < plan->nr_clauses; i++) {
		const struct hr_fault_clause *c = &plan->clause[i];

		if ((c->kind == HR_FAULT_READ_AT || c->kind == HR_FAULT_READ_PROB) &&
		    c->fired && err == -c->value)
			return true;
	}
	switch (-err) {
	case ENOMEM:
		return fired_kind(plan, HR_FAULT_KMALLOC_AT) ||
		       fired_kind(plan, HR_FAULT_KMALLOC_PROB) || hr_fault_fired_fatal(plan);
	case ENODATA:
		return fired_kind(plan, HR_FAULT_READ_ZERO) || fired_kind(plan, HR_FAULT_TRUNCATE);
	case EIO:
		return fired_kind(plan, HR_FAULT_READ_LONG);
	case EINTR:
		return plan->signalled;
	default:
		return false;
	}
}

static bool run_schedule(uint64_t seed, bool verbose)
{
	struct hr_fault_plan plan;
	struct schedule s;
	struct ft_result r;
	struct ft_file f;
	char cfg[112], why[160] = "";
	bool ok;

	make_schedule(seed, &s);
	f = files[s.file];
	if (s.direct && direct_fds[s.file] >= 0)
		f.fd = direct_fds[s.file];
	else
		s.direct = false;
	ft_config_describe(&s.config, cfg, sizeof(cfg));
	if (s.direct)
		strcat(cfg, " O_DIRECT");
	if (verbose)
		printf("seed %llu: file %llu bytes, %s, faults '%s'\n", (unsigned long long)seed,
		       (unsigned long long)files[s.file].size, cfg, s.spec);
	ft_plan(&plan, s.spec);
	ok = ft_run(&f, &s.config, &plan, &r);
	if (ok && r.err && !explained(&plan, r.err))
		snprintf(why, sizeof(why), "errno %ld explained by no fault that fired", r.err);
	else if (ok && !r.err && hr_fault_fired_fatal(&plan))
		snprintf(why, sizeof(why), "succeeded although %ld unrecoverable faults fired",
			 hr_fault_fired_fatal(&plan));
	else if (ok && r.warnings > hr_fault_fired(&plan, HR_FAULT_READ_LONG))
		snprintf(why, sizeof(why), "%ld unexpected warnings", r.warnings);
	else if (ok && plan.wait_timed_out)
		snprintf(why, sizeof(why), "signal@wait never saw the loader wait");
	if (*why)
		ok = false;
	if (verbose || !ok)
		printf("seed %llu: %s (err %ld, %u reads, %u short)%s%s\n", (unsigned long long)seed,
		       ok ? "ok" : "FAILED", r.err, r.st.nr_reads, r.st.nr_short_reads,
		       *why ? ": " : "", why);
	if (!ok)
		printf("  file %llu bytes, %s, faults '%s'\n  replay: tests/fault/random_sweep -s %llu\n",
		       (unsigned long long)files[s.file].size, cfg, s.spec,
		       (unsigned long long)seed);
	return ok;
}

static void random_schedules(void)
{
	uint64_t failures = 0, done = 0;
	double t0 = ft_now();

	if (replay) {
		CU_ASSERT(run_schedule(replay_seed, true));
		return;
	}
	for (uint64_t i = 0; i < nr_schedules && failures < MAX_REPORTED; i++, done++)
		if (!run_schedule(first_seed + i, false))
			failures++;
	printf("\n  %llu schedules (seeds %llu..%llu) in %.2f s, %llu failed\n",
	       (unsigned long long)done, (unsigned long long)first_seed,
	       (unsigned long long)(first_seed + done - 1), ft_now() - t0,
	       (unsigned long long)failures);
	CU_ASSERT_EQUAL(failures, 0);
}

static uint64_t number(const char *s, const char *what)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "random_sweep: bad %s '%s'\n", what, s);
		exit(TEST_EXIT_ERROR);
	}
	return v;
}

static void parse_args(int argc, char **argv)
{
	const char *env;
	int opt;

	if ((env = getenv("HR_FAULT_K")))
		nr_schedules = number(env, "HR_FAULT_K");
	else if (ft_under_valgrind())
		nr_schedules = VALGRIND_K;
	if ((env = getenv("HR_FAULT_SEED"))) {
		replay = true;
		replay_seed = number(env, "HR_FAULT_SEED");
	}
	while ((opt = getopt(argc, argv, "n:b:s:")) != -1) {
		switch (opt) {
		case 'n':
			nr_schedules = number(optarg, "-n");
			break;
		case 'b':
			first_seed = number(optarg, "-b");
			break;
		case 's':
			replay = true;
			replay_seed = number(optarg, "-s");
			break;
		default:
			fprintf(stderr, "usage: random_sweep [-n K] [-b FIRST_SEED] [-s SEED]\n");
			exit(TEST_EXIT_ERROR);
		}
	}
}

int main(int argc, char **argv)
{
	const char *why;
	bool direct;
	CU_pSuite s;
	int ret;

	parse_args(argc, argv);
	if (ft_under_valgrind() && !getenv("HR_FAULT_K"))
		printf("random sweep under valgrind: K = %d schedules\n", VALGRIND_K);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char name[32];

		snprintf(name, sizeof(name), "random-%zu", i);
		if (!ft_file_create(&files[i], name, file_sizes[i])) {
			fprintf(stderr, "cannot create test files in %s\n", test_dir());
			return TEST_EXIT_ERROR;
		}
	}
	direct = test_dir_supports_direct(&why);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		direct_fds[i] = direct ? open(files[i].path, O_RDONLY | O_DIRECT) : -1;
	if (!direct)
		printf("random sweep: O_DIRECT schedules read buffered: %s\n", why);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return TEST_EXIT_ERROR;
	s = test_add_suite("fault_random_sweep");
	test_add_case(s, random_schedules, NULL);
	ret = test_run_cunit();
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		if (direct_fds[i] >= 0)
			close(direct_fds[i]);
		ft_file_destroy(&files[i]);
	}
	return ret;
}
