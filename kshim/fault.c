// SPDX-License-Identifier: GPL-2.0 OR MIT
/* kshim: fault policies for the allocators, and reads that stall (kshim/fault.h). */
#include <pthread.h>
#include <time.h>

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

/* ---- reads that block until released ---- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool armed;
	int sleepers;
} stall = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0 };

void kshim_stall_arm(void)
{
	pthread_mutex_lock(&stall.lock);
	stall.armed = true;
	pthread_mutex_unlock(&stall.lock);
}

void kshim_stall_point(void)
{
	pthread_mutex_lock(&stall.lock);
	stall.sleepers++;
	pthread_cond_broadcast(&stall.wake);
	while (stall.armed)
		pthread_cond_wait(&stall.wake, &stall.lock);
	stall.sleepers--;
	pthread_cond_broadcast(&stall.wake);
	pthread_mutex_unlock(&stall.lock);
}

void kshim_stall_release(void)
{
	pthread_mutex_lock(&stall.lock);
	stall.armed = false;
	pthread_cond_broadcast(&stall.wake);
	pthread_mutex_unlock(&stall.lock);
}

int kshim_stall_sleepers(void)
{
	int n;

	pthread_mutex_lock(&stall.lock);
	n = stall.sleepers;
	pthread_mutex_unlock(&stall.lock);
	return n;
}

bool kshim_stall_wait_sleepers(int n, int timeout_ms)
{
	struct timespec until;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&stall.lock);
	while (stall.sleepers < n &&
	       pthread_cond_timedwait(&stall.wake, &stall.lock, &until) == 0)
		;
	ok = stall.sleepers >= n;
	pthread_mutex_unlock(&stall.lock);
	return ok;
}
