#!/usr/bin/python3
"""simpy_fleet.py — a SimPy model of the fleet workload, the peer tools/bench compares with.

    tools/simpy_fleet.py SCENARIO.yaml [--replications N] [--horizon-years Y] [--seed S]

Reads a fleet scenario (bench/fleet.yaml or one written by tools/make-fleet) and simulates the
same system with SimPy 2 (Debian 12's python3-simpy, `from SimPy.Simulation import ...`):

- every zone, region and instance is an alternating renewal process (time to failure, time to
  repair, from the scenario's `failures` section), started in steady state as outagesim does
  (down at 0 with probability E[TTR] / (E[TTF] + E[TTR]), first period a residual draw);
- a zone is up when neither it nor its region is in an outage; instances in a down zone are
  lost; each zone loss that costs a compute instances starts a replacement request
  (detection + provisioning delay) that tops up replacements round-robin over the up zones;
  a zone's return starts a rebalance (rebalance delay) that removes surplus replacements;
- each connection is measured as outagesim measures it (SPEC §1.5): the served fraction
  min(1, live / required) while its compute region is up, some zone holds a live instance and
  the target is reachable, integrated over time; SLA windows of `sla.window`; each connection
  outage's duration; the control-plane availability;
- the connection service's disaster recovery (SPEC §1.6): a health check every interval,
  failover after `failures_to_trigger` failed checks during an incident, DNS remap drawn from
  the scenario, failback after `after` of primary health, restore points every backup
  interval, RTO and RPO per incident.

It is an independent model of the same workload, not a copy of outagesim's code: its random
streams differ, so its figures agree with outagesim's only statistically. It prints one JSON
object: events (process resumptions), wall seconds, replications, years and the mean
availability over connections and replications (a sanity check that it did the same work).
"""
import argparse
import json
import math
import random
import re
import sys
import time

import yaml
from SimPy.Simulation import Process, Simulation, hold

UNITS = {"ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0,
         "mo": 2592000.0, "y": 31536000.0}


def seconds(v):
    """A duration such as 10m, 1y, 30d or a bare number of seconds."""
    if isinstance(v, (int, float)):
        return float(v)
    m = re.fullmatch(r"\s*([0-9.]+)\s*([a-z]+)\s*", str(v))
    if not m or m.group(2) not in UNITS:
        raise SystemExit("simpy_fleet: cannot read duration %r" % v)
    return float(m.group(1)) * UNITS[m.group(2)]


class Dist:
    """A duration distribution of the scenario (the kinds the fleet benchmarks use)."""

    def __init__(self, d):
        if not isinstance(d, dict):
            d = {"dist": "fixed", "value": d}
        self.kind = d["dist"]
        if self.kind == "fixed":
            self.v = seconds(d["value"])
            self.mean = self.v
        elif self.kind == "exponential":
            self.m = seconds(d["mean"])
            self.mean = self.m
        elif self.kind == "lognormal":
            self.mu, self.sigma = math.log(seconds(d["median"])), float(d["sigma"])
            self.mean = math.exp(self.mu + self.sigma ** 2 / 2)
        elif self.kind == "weibull":
            self.scale, self.shape = seconds(d["scale"]), float(d["shape"])
            self.mean = self.scale * math.gamma(1 + 1 / self.shape)
        elif self.kind == "normal":
            self.mu, self.sd = seconds(d["mean"]), seconds(d["sd"])
            self.mean = self.mu
        else:
            raise SystemExit("simpy_fleet: distribution %s is not modelled" % self.kind)

    def draw(self, rng):
        k = self.kind
        if k == "fixed":
            return self.v
        if k == "exponential":
            return rng.expovariate(1 / self.m)
        if k == "lognormal":
            return rng.lognormvariate(self.mu, self.sigma)
        if k == "weibull":
            return rng.weibullvariate(self.scale, self.shape)
        while True:
            x = rng.gauss(self.mu, self.sd)
            if x >= 0:
                return x

    def residual(self, rng):
        """U times a length-biased draw (SPEC §1.3)."""
        k = self.kind
        if k == "fixed":
            x = self.v
        elif k == "exponential":
            x = rng.gammavariate(2, self.m)
        elif k == "lognormal":
            x = rng.lognormvariate(self.mu + self.sigma ** 2, self.sigma)
        elif k == "weibull":
            x = self.scale * rng.gammavariate(1 + 1 / self.shape, 1) ** (1 / self.shape)
        else:
            x = self.draw(rng)
        return rng.random() * x


class Model:
    """The state of one replication and every state change it makes."""

    def __init__(self, sc, sim, rng, horizon):
        self.sim, self.rng, self.horizon = sim, rng, horizon
        self.events = 0
        regions = sc["regions"]
        self.rindex = {r["name"]: i for i, r in enumerate(regions)}
        self.nzones = [int(r.get("zones", 3)) for r in regions]
        self.pair = [self.rindex.get(r.get("pair"), -1) for r in regions]
        self.rdown = [0] * len(regions)
        self.zdown = [[0] * n for n in self.nzones]
        self.zup = [[True] * n for n in self.nzones]
        pf = sc.get("platform", {})
        self.detect = seconds(pf.get("detection_delay", "5m"))
        self.provision = seconds(pf.get("provisioning_delay", "10m"))
        self.rebalance = seconds(pf.get("rebalance_delay", 0))
        # computes: originals per zone, originals up per zone, replacement zones, live
        self.comps = []
        self.reg_comps = [[] for _ in regions]
        for c in sc["computes"]:
            r, n = self.rindex[c["region"]], int(c["instances"])
            nz = self.nzones[r]
            orig = [0] * nz
            for i in range(n):
                orig[i % nz if c.get("zone_redundant") else int(c.get("zone", 1)) - 1] += 1
            comp = {"region": r, "n": n, "req": int(c.get("required_instances", 0)),
                    "orig": orig, "orig_up": list(orig), "rep": [], "live": n, "conns": []}
            self.reg_comps[r].append(comp)
            self.comps.append(comp)
        cindex = {c["name"]: i for i, c in enumerate(sc["computes"])}
        self.targets = []
        self.reg_targets = [[] for _ in regions]
        for t in sc["targets"]:
            r = self.rindex[t["region"]]
            tg = {"region": r, "zr": bool(t.get("zone_redundant")),
                  "zone": int(t.get("zone", 1)) - 1, "reach": True, "conns": []}
            self.targets.append(tg)
            self.reg_targets[r].append(tg)
        tindex = {t["name"]: i for i, t in enumerate(sc["targets"])}
        self.conns = []
        for k in sc["connections"]:
            comp, tg = self.comps[cindex[k["compute"]]], self.targets[tindex[k["target"]]]
            cn = {"comp": comp, "tgt": tg, "units": 0.0, "up": True, "cp": True, "last": 0.0,
                  "total": 0.0, "win": 0.0, "cp_total": 0.0, "down_since": 0.0,
                  "outages": [], "windows": 0, "ok": 0}
            comp["conns"].append(cn)
            tg["conns"].append(cn)
            self.conns.append(cn)
        s = sc.get("sla", {})
        avail = s.get("availability", "99.9%")
        self.target = float(str(avail).rstrip("%")) / (100 if str(avail).endswith("%") else 1)
        self.window = seconds(s.get("window", "30d"))
        # disaster recovery of the connection service
        dr = sc.get("service_connector", {})
        self.primary = self.rindex[dr.get("primary", regions[0]["name"])]
        hc = dr.get("health_check", {})
        self.hc_interval = seconds(hc.get("interval", "10m"))
        self.hc_trigger = int(hc.get("failures_to_trigger", 3))
        fo = dr.get("failover", {})
        self.remap = Dist(fo.get("dns_remap", "1h"))
        self.backup = seconds(dr.get("backup", {}).get("interval", "24h"))
        self.failback_after = seconds(dr.get("failback", {}).get("after", "24h"))
        self.active, self.serving, self.in_incident = self.primary, True, False
        self.incident_start, self.hc_count, self.fo = 0.0, 0, None
        self.primary_healthy_since, self.failback_due = 0.0, None
        self.rto, self.rpo, self.incidents, self.failovers = [], [], 0, 0
        for cn in self.conns:
            self.conn_update(cn)

    # --- state ----------------------------------------------------------------------------
    def healthy(self, r):
        return self.rdown[r] == 0 and any(self.zup[r])

    def compute_live(self, comp):
        zup = self.zup[comp["region"]]
        return len(comp["rep"]) + sum(u for u, up in zip(comp["orig_up"], zup) if up)

    def conn_update(self, cn):
        now = self.sim.now()
        comp, tg = cn["comp"], cn["tgt"]
        up = comp["live"] > 0 and tg["reach"] and self.rdown[comp["region"]] == 0
        units = (min(1.0, comp["live"] / comp["req"]) if comp["req"] else 1.0) if up else 0.0
        cp = self.serving and self.rdown[comp["region"]] == 0 and tg["reach"]
        dt = now - cn["last"]
        cn["total"] += cn["units"] * dt
        cn["win"] += cn["units"] * dt
        if cn["cp"]:
            cn["cp_total"] += dt
        cn["last"] = now
        cn["units"] = units
        if up != cn["up"]:
            if up:
                cn["outages"].append(now - cn["down_since"])
            else:
                cn["down_since"] = now
            cn["up"] = up
        cn["cp"] = cp

    def zone_or_region_changed(self, r):
        """Re-judges region r's zones, targets, computes and the service after an outage."""
        now = self.sim.now()
        for z in range(self.nzones[r]):
            up = self.rdown[r] == 0 and self.zdown[r][z] == 0
            if up == self.zup[r][z]:
                continue
            self.zup[r][z] = up
            for comp in self.reg_comps[r]:
                if not up:
                    comp["rep"] = [q for q in comp["rep"] if q != z]
                    Delay(self, self.detect + self.provision, self.replace, comp)
                else:
                    Delay(self, self.rebalance, self.rebalance_now, comp)
        for tg in self.reg_targets[r]:
            reach = self.rdown[r] == 0 and (any(self.zup[r]) if tg["zr"] else self.zup[r][tg["zone"]])
            if reach != tg["reach"]:
                tg["reach"] = reach
                for cn in tg["conns"]:
                    self.conn_update(cn)
        for comp in self.reg_comps[r]:
            comp["live"] = self.compute_live(comp)
            for cn in comp["conns"]:
                self.conn_update(cn)
        if r == self.primary:
            self.primary_healthy_since = now if self.healthy(r) else None
        self.reconcile()

    def replace(self, comp):
        r = comp["region"]
        upz = [z for z in range(self.nzones[r]) if self.zup[r][z]]
        if not upz:
            return
        want = sum(o for o, up in zip(comp["orig"], self.zup[r]) if not up)
        for k in range(want - len(comp["rep"])):
            comp["rep"].append(upz[k % len(upz)])
        self.set_live(comp)

    def rebalance_now(self, comp):
        r = comp["region"]
        want = sum(o for o, up in zip(comp["orig"], self.zup[r]) if not up)
        if len(comp["rep"]) > want:
            del comp["rep"][want:]
            self.set_live(comp)

    def set_live(self, comp):
        live = self.compute_live(comp)
        if live != comp["live"]:
            comp["live"] = live
            for cn in comp["conns"]:
                self.conn_update(cn)

    # --- disaster recovery ----------------------------------------------------------------
    def set_serving(self, serving):
        if serving != self.serving:
            self.serving = serving
            for cn in self.conns:
                self.conn_update(cn)

    def reconcile(self):
        now = self.sim.now()
        healthy = self.healthy(self.active)
        if not self.in_incident and not healthy:
            self.in_incident, self.incident_start, self.incident_fo = True, now, False
            self.incidents += 1
        if self.fo == "deciding" and healthy:
            self.fo = None
        serving = healthy and self.fo != "running"
        self.set_serving(serving)
        if self.in_incident and serving:
            self.in_incident = False
            self.rto.append(now - self.incident_start)
            if not self.incident_fo:
                self.rpo.append(0.0)
        if (serving and self.active != self.primary and self.primary_healthy_since is not None
                and now >= self.primary_healthy_since + self.failback_after):
            self.active = self.primary
        elif serving and self.active != self.primary and self.primary_healthy_since is not None:
            due = self.primary_healthy_since + self.failback_after
            if due != self.failback_due:
                self.failback_due = due
                Delay(self, due - now, lambda _: self.reconcile(), None)

    def health_check(self):
        if self.fo is not None:
            return
        if self.serving:
            self.hc_count = 0
            return
        self.hc_count += 1
        if self.in_incident and self.hc_count >= self.hc_trigger:
            target = self.pair[self.active]
            if target >= 0 and self.healthy(target):
                self.fo = "running"
                Delay(self, self.remap.draw(self.rng), self.failover_done, target)

    def failover_done(self, target):
        self.fo = None
        self.active = target
        self.failovers += 1
        self.rpo.append(self.incident_start - self.incident_start // self.backup * self.backup)
        self.incident_fo = True
        self.reconcile()

    def close_window(self):
        now = self.sim.now()
        for cn in self.conns:
            self.conn_update(cn)
            cn["windows"] += 1
            if cn["win"] >= self.target * self.window:
                cn["ok"] += 1
            cn["win"] = 0.0


class Delay(Process):
    """A one-shot platform action: f(arg) after delay."""

    def __init__(self, model, delay, f, arg):
        Process.__init__(self, sim=model.sim)
        self.model = model
        model.sim.activate(self, self.run(delay, f, arg))

    def run(self, delay, f, arg):
        yield hold, self, delay
        self.model.events += 1
        f(arg)


class Renewal(Process):
    """An alternating renewal process: up for a TTF draw, down for a TTR draw, forever."""

    def __init__(self, model, ttf, ttr, down, up):
        Process.__init__(self, sim=model.sim)
        self.model, self.ttf, self.ttr, self.down, self.up = model, ttf, ttr, down, up

    def run(self):
        m, rng = self.model, self.model.rng
        if rng.random() < self.ttr.mean / (self.ttf.mean + self.ttr.mean):
            m.events += 1
            self.down()
            yield hold, self, max(self.ttr.residual(rng), 1e-3)
            m.events += 1
            self.up()
        else:
            yield hold, self, max(self.ttf.residual(rng), 1e-3)
        while True:
            m.events += 1
            self.down()
            yield hold, self, max(self.ttr.draw(rng), 1e-3)
            m.events += 1
            self.up()
            yield hold, self, max(self.ttf.draw(rng), 1e-3)


class Periodic(Process):
    def __init__(self, model, interval, first, f):
        Process.__init__(self, sim=model.sim)
        self.model, self.interval, self.first, self.f = model, interval, first, f

    def run(self):
        yield hold, self, self.first
        while True:
            self.model.events += 1
            self.f()
            yield hold, self, self.interval


def replication(sc, seed, rep, horizon):
    sim = Simulation()
    sim.initialize()
    rng = random.Random(seed * 1000003 + rep)
    m = Model(sc, sim, rng, horizon)
    fl = sc["failures"]
    zttf, zttr = Dist(fl["zone"]["time_to_failure"]), Dist(fl["zone"]["time_to_repair"])
    rttf, rttr = Dist(fl["region"]["time_to_failure"]), Dist(fl["region"]["time_to_repair"])
    ittf, ittr = Dist(fl["instance"]["time_to_failure"]), Dist(fl["instance"]["time_to_repair"])

    def zone_proc(r, z):
        def down():
            m.zdown[r][z] += 1
            m.zone_or_region_changed(r)

        def up():
            m.zdown[r][z] -= 1
            m.zone_or_region_changed(r)
        return down, up

    def region_proc(r):
        def down():
            m.rdown[r] += 1
            m.zone_or_region_changed(r)

        def up():
            m.rdown[r] -= 1
            m.zone_or_region_changed(r)
        return down, up

    def instance_proc(comp, z):
        def change(delta):
            comp["orig_up"][z] += delta
            if m.zup[comp["region"]][z]:
                m.set_live(comp)
        return (lambda: change(-1)), (lambda: change(+1))

    procs = []
    for r in range(len(m.nzones)):
        procs.append(Renewal(m, rttf, rttr, *region_proc(r)))
        for z in range(m.nzones[r]):
            procs.append(Renewal(m, zttf, zttr, *zone_proc(r, z)))
    for comp in m.comps:
        for i in range(comp["n"]):
            procs.append(Renewal(m, ittf, ittr, *instance_proc(comp, i % m.nzones[comp["region"]])))
    for p in procs:
        sim.activate(p, p.run())
    hc = Periodic(m, m.hc_interval, 0.0, m.health_check)
    sim.activate(hc, hc.run())
    win = Periodic(m, m.window, m.window, m.close_window)
    sim.activate(win, win.run())
    sim.simulate(until=horizon)
    for cn in m.conns:
        m.conn_update(cn)
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--replications", type=int, default=1)
    ap.add_argument("--horizon-years", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    with open(a.scenario) as f:
        sc = yaml.safe_load(f)
    horizon = a.horizon_years * UNITS["y"]
    events, avail = 0, 0.0
    t0 = time.perf_counter()
    for rep in range(a.replications):
        m = replication(sc, a.seed, rep, horizon)
        events += m.events
        avail += sum(cn["total"] / (horizon) for cn in m.conns) / len(m.conns)
    wall = time.perf_counter() - t0
    json.dump({"events": events, "wall_seconds": wall, "replications": a.replications,
               "years": a.horizon_years, "availability_mean": avail / a.replications,
               "ms_per_replication_year": 1e3 * wall / (a.replications * a.horizon_years)},
              sys.stdout)
    print()


if __name__ == "__main__":
    main()
