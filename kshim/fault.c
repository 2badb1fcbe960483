// SPDX-License-Identifier: GPL-2.0
/* kshim: fault policies for the allocators (kshim/fault.h). */
#include <kshim/fault.h>

bool kshim_fault_enabled;
static struct kshim_fault_policy policy;
static long nth_page_alloc;
static long nth_kmalloc;

void kshim_fault_set(const struct kshim_fault_policy *p)
{
	policy = *p;
	nth_page_alloc = 0;
	nth_kmalloc = 0;
	__atomic_store_n(&kshim_fault_enabled, true, __ATOMIC_SEQ_CST);
}

void kshim_fault_reset(void)
{
	__atomic_store_n(&kshim_fault_enabled, false, __ATOMIC_SEQ_CST);
	policy = (struct kshim_fault_policy){ 0 };
}

bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	long nth;

	if (!__atomic_load_n(&kshim_fault_enabled, __ATOMIC_RELAXED) || !policy.fail_alloc_page)
		return false;
	nth = __atomic_fetch_add(&nth_page_alloc, 1, __ATOMIC_SEQ_CST);
	return policy.fail_alloc_page(policy.ctx, nth, gfp, order);
}

bool kshim_should_fail_kmalloc(size_t size)
{
	long nth;

	if (!__atomic_load_n(&kshim_fault_enabled, __ATOMIC_RELAXED) || !policy.fail_kmalloc)
		return false;
	nth = __atomic_fetch_add(&nth_kmalloc, 1, __ATOMIC_SEQ_CST);
	return policy.fail_kmalloc(policy.ctx, nth, size);
}
