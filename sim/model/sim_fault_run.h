/* SPDX-License-Identifier: GPL-2.0 */
/* heapread sim --fault SPEC: the engine schemes under a fault plan (docs/faults.md). */
#ifndef HEAPREAD_SIM_FAULT_RUN_H
#define HEAPREAD_SIM_FAULT_RUN_H

#include <stdio.h>

#include "model_profile.h"
#include "sim_report.h"

/*
 * Run every engine scheme of @rq (all of them when it names none) at each
 * of its sizes once under @spec, and print what each load returned, what
 * fired and whether everything was given back. Returns 0, -EINVAL for a bad
 * spec (@err holds one readable line), or -EUCLEAN when a load left
 * something behind (a bug in the engine).
 */
int sim_fault_report(const struct sim_profile *p, const struct sim_request *rq,
		     const char *spec, FILE *out, char *err, size_t errlen);

#endif /* HEAPREAD_SIM_FAULT_RUN_H */
