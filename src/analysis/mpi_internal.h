/* mpi_internal.h — the collective operations montecarlo.c needs to merge a batch of
 * replications across the ranks of MPI_COMM_WORLD (meson -Dmpi=enabled). Every rank calls
 * each of them, in the same order. Without MPI, or with one rank, they leave their arguments
 * as they are. (os_mpi_init, os_mpi_finalize, os_mpi_rank and os_mpi_size are public, in
 * montecarlo.h.) */
#ifndef OUTAGESIM_MPI_INTERNAL_H
#define OUTAGESIM_MPI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "outagesim/stats.h"

/* The lowest (worst) status of all ranks. */
int os_mpi_min_status(int status);

/* v[0..n) becomes the element-wise sum over the ranks. */
void os_mpi_sum_doubles(double *v, size_t n);

/* The sum of v over the ranks. */
uint64_t os_mpi_sum_u64(uint64_t v);

/* Replaces vec->v[mark..] (this rank's new values) by every rank's new values, rank by rank.
 * 0, or -1 when out of memory. */
int os_mpi_pool(os_vec *vec, size_t mark);

/* The largest *value over the ranks, the lowest *index on ties. 0, or -1 when out of
 * memory. */
int os_mpi_max_at(double *value, uint64_t *index);

#endif
