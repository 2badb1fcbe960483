// SPDX-License-Identifier: GPL-2.0
/*
 * compat: HAVE_KMALLOC_OBJ compile
 * kmalloc_obj() and friends: typed allocators whose GFP flags are optional (7.x).
 */
#include <linux/module.h>
#include <linux/slab.h>

struct heapread_compat_obj {
	long a[3];
};

struct heapread_compat_obj *heapread_compat_kmalloc_obj(void);

struct heapread_compat_obj *heapread_compat_kmalloc_obj(void)
{
	struct heapread_compat_obj *p = kzalloc_obj(*p);
	struct heapread_compat_obj *q = kvmalloc_objs(*q, 2, GFP_KERNEL);

	kvfree(q);
	return p;
}

MODULE_LICENSE("GPL");
