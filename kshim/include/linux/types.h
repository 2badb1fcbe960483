/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): the kernel's integer, size and flag types for userspace. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

/* System uapi headers reached through libc ones want the __u32 family too. */
#include <asm/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef unsigned int gfp_t;
typedef unsigned int fmode_t;
typedef unsigned short umode_t;

#endif /* _LINUX_TYPES_H */
