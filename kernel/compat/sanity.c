// SPDX-License-Identifier: GPL-2.0
/*
 * compat: SANITY link
 * an empty module builds and links: the build tree and compiler work.
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
