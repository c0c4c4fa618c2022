/* mpi.c — MPI scale-out (meson -Dmpi=enabled): the rank and size of MPI_COMM_WORLD and the
 * collective operations that merge a batch of replications (mpi_internal.h). os_run splits
 * each batch across the ranks and merges it on every rank, so every rank holds the whole
 * result; the caller decides who writes it (the CLI: rank 0). Built without MPI, this is one
 * rank of one and every operation leaves its arguments as they are. */
#include <stdbool.h>
#include <stdlib.h>

#include "mpi_internal.h"
#include "outagesim/montecarlo.h"

#ifdef OS_HAVE_MPI
#include <mpi.h>

static bool mpi_on(void)
{
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    return init && !fin;
}

int os_mpi_rank(void)
{
    int r = 0;
    if (mpi_on())
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int os_mpi_size(void)
{
    int n = 1;
    if (mpi_on())
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

void os_mpi_init(int *argc, char ***argv)
{
    int provided;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
}

void os_mpi_finalize(void)
{
    if (mpi_on())
        MPI_Finalize();
}

int os_mpi_min_status(int status)
{
    int worst = status;
    if (os_mpi_size() > 1)
        MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return worst;
}

void os_mpi_sum_doubles(double *v, size_t n)
{
    if (os_mpi_size() > 1)
        MPI_Allreduce(MPI_IN_PLACE, v, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

uint64_t os_mpi_sum_u64(uint64_t v)
{
    uint64_t total = v;
    if (os_mpi_size() > 1)
        MPI_Allreduce(&v, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    return total;
}

int os_mpi_pool(os_vec *vec, size_t mark)
{
    int size = os_mpi_size();
    if (size == 1)
        return 0;
    int mine = (int)(vec->n - mark);
    int *counts = calloc((size_t)size, sizeof(int)), *displs = calloc((size_t)size, sizeof(int));
    int rc = -1;
    double *all = NULL;
    if (!counts || !displs)
        goto out;
    MPI_Allgather(&mine, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (int r = 0; r < size; r++) {
        displs[r] = total;
        total += counts[r];
    }
    all = malloc(((size_t)total + 1) * sizeof(double));
    if (!all)
        goto out;
    MPI_Allgatherv(vec->v + mark, mine, MPI_DOUBLE, all, counts, displs, MPI_DOUBLE,
                   MPI_COMM_WORLD);
    vec->n = mark;
    rc = 0;
    for (int i = 0; i < total && rc == 0; i++)
        rc = os_vec_push(vec, all[i]);
out:
    free(counts);
    free(displs);
    free(all);
    return rc;
}

int os_mpi_max_at(double *value, uint64_t *index)
{
    int size = os_mpi_size();
    if (size == 1)
        return 0;
    double mine[2] = {*value, (double)*index}, *all = malloc(2 * (size_t)size * sizeof(double));
    if (!all)
        return -1;
    MPI_Allgather(mine, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++) {
        double v = all[2 * r], at = all[2 * r + 1];
        if (v > *value || (v == *value && at < (double)*index)) {
            *value = v;
            *index = (uint64_t)at;
        }
    }
    free(all);
    return 0;
}
#else
int os_mpi_rank(void)
{
    return 0;
}

int os_mpi_size(void)
{
    return 1;
}

void os_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

void os_mpi_finalize(void)
{
}

int os_mpi_min_status(int status)
{
    return status;
}

void os_mpi_sum_doubles(double *v, size_t n)
{
    (void)v;
    (void)n;
}

uint64_t os_mpi_sum_u64(uint64_t v)
{
    return v;
}

int os_mpi_pool(os_vec *vec, size_t mark)
{
    (void)vec;
    (void)mark;
    return 0;
}

int os_mpi_max_at(double *value, uint64_t *index)
{
    (void)value;
    (void)index;
    return 0;
}
#endif
