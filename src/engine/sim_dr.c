/* sim_dr.c — the simulator's side of the disaster-recovery seam (dr.h): the dr_host through
 * which dr.c reads the clock and region health, schedules and cancels its events, emits
 * records and marks the control planes for judging. DR's events are the kernel's
 * EV_TRIGGER..EV_FAILBACK_DONE, in the order of enum dr_event. */
#include "dr.h"
#include "sim_internal.h"

_Static_assert(EV_FAILOVER_DECIDED - EV_TRIGGER == DR_EV_FAILOVER_DECIDED &&
                   EV_FAILOVER_DONE - EV_TRIGGER == DR_EV_FAILOVER_DONE &&
                   EV_FAILBACK_DUE - EV_TRIGGER == DR_EV_FAILBACK_DUE &&
                   EV_FAILBACK_DONE - EV_TRIGGER == DR_EV_FAILBACK_DONE,
               "enum dr_event maps onto enum ev_kind from EV_TRIGGER on");

static os_ms host_now(void *ctx)
{
    return ((const os_sim *)ctx)->now;
}

static bool host_healthy(void *ctx, int region)
{
    return ((const os_sim *)ctx)->healthy[region];
}

static int host_schedule(void *ctx, os_ms t, enum os_class cls, enum dr_event ev, int32_t a,
                         int32_t b, os_khandle *h)
{
    return sim_schedule_h(ctx, t, cls, (enum ev_kind)(EV_TRIGGER + (int)ev), a, b, h);
}

static void host_cancel(void *ctx, os_khandle h)
{
    os_kernel_cancel(((os_sim *)ctx)->k, h);
}

static void host_emit(void *ctx, const char *kind, const char *entity, const char *state,
                      const char *detail, int64_t value)
{
    sim_emit(ctx, kind, entity, state, detail, value);
}

static void host_serving_changed(void *ctx)
{
    sim_mark_all_cp_dirty(ctx);
}

static void host_nomem(void *ctx)
{
    sim_nomem(ctx);
}

const dr_host sim_dr_host = {
    .now = host_now,
    .healthy = host_healthy,
    .schedule = host_schedule,
    .cancel = host_cancel,
    .emit = host_emit,
    .serving_changed = host_serving_changed,
    .nomem = host_nomem,
};

void sim_dr_dispatch(os_sim *s, const os_kevent *ev)
{
    if (ev->kind == EV_HEALTH_CHECK)
        dr_health_check(&s->dr);
    else if (ev->kind >= EV_TRIGGER && ev->kind <= EV_FAILBACK_DONE)
        dr_handle(&s->dr, (enum dr_event)(ev->kind - EV_TRIGGER), ev->a, ev->b);
}
