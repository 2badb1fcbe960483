// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: the common teardown (kshim/reset.h). */
#include <stdio.h>

#include <linux/cred.h>
#include <linux/sched.h>
#include <kshim/file.h>
#include <kshim/memcg.h>
#include <kshim/backend.h>
#include <kshim/fault.h>
#include <kshim/reset.h>
#include <kshim/task.h>

#include "accounting_internal.h"
#include "memcg_internal.h"

bool kshim_reset_all(const char *when)
{
	bool clean;

	kshim_stall_release();
	kshim_wait_work_idle();
	/* The test's credentials are its own, not a leak: drop them first. */
	kshim_task_set_cred(current, &init_cred);
	clean = kshim_accounting_report(when);
	if (kshim_memcg_usage()) {
		fprintf(stderr, "kshim: not clean %s: %zu bytes still charged to the memory cgroup\n",
			when, kshim_memcg_usage());
		clean = false;
	}
	kshim_fault_reset();
	kshim_set_page_backend(NULL);
	kshim_set_executor(NULL);
	kshim_set_clock(KSHIM_CLOCK_REAL);
	kshim_clear_sigkill(current);
	current->ioprio = 0;
	kshim_set_file_permission_hook(NULL, NULL);
	kshim_memcg_set_limit(0);
	kshim_set_totalram_pages(0);
	kshim_set_fragmentation(0);
	kshim_accounting_zero();
	kshim_memcg_zero();
	return clean;
}
