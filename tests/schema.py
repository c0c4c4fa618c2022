#!/usr/bin/env python3
"""schema.py — real JSON outputs validated against docs/schema/*.schema.json (suite cli):
    tests/schema.py OUTAGESIM SRCDIR

run: every scenarios/*.yaml (DR, workload, exact, common cause, traces), a precision-targeted
run and every committed baseline; sweep: simulated (with a skipped point) and --exact; exact:
all in the class and partly outside it; check: a comparison and an --update that creates a
baseline. Each schema must itself be valid (Draft 2020-12), and must reject broken documents
(a required field removed, a bad verdict), so the test can fail. Needs python3-jsonschema;
exits 77 (skipped) without it."""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("skip: python3-jsonschema is not installed (tools/deps.sh installs it)")
    sys.exit(77)

exe, src = os.path.abspath(sys.argv[1]), sys.argv[2]
os.chdir(src)
failed = 0
checked = 0


def load_schema(name):
    with open(f"docs/schema/{name}.schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


validators = {n: load_schema(n) for n in ("run", "sweep", "exact", "check")}


def outagesim(*args, ok=(0,)):
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    if p.returncode not in ok:
        raise SystemExit(f"FAIL outagesim {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p.stdout


def validate(kind, what, doc):
    global failed, checked
    errors = sorted(validators[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))
    checked += 1
    if errors:
        failed = 1
        print(f"FAIL {kind} schema: {what}")
        for e in errors[:5]:
            print("   ", "/".join(map(str, e.absolute_path)) or "(top)", ":", e.message[:300])
    else:
        print(f"ok {kind} schema: {what}")


def rejects(kind, what, doc):
    global failed
    if validators[kind].is_valid(doc):
        failed = 1
        print(f"FAIL {kind} schema accepts {what}")
    else:
        print(f"ok {kind} schema rejects {what}")


# --- run ------------------------------------------------------------------------------------
runs = {}
for path in sorted(glob.glob("scenarios/*.yaml")):
    # 20 replications keep the stochastic ones quick; deterministic ones have 1 anyway.
    out = outagesim("run", path, "-r", "20", "-q", "--format", "json")
    runs[path] = json.loads(out)
    validate("run", path, runs[path])
out = outagesim("run", "scenarios/stochastic-zonal.yaml", "--precision", "50%",
                "--max-replications", "200", "-q", "--format", "json")
validate("run", "stochastic-zonal --precision 50%", json.loads(out))
for path in sorted(glob.glob("results/baselines/*.json")):
    with open(path, encoding="utf-8") as f:
        validate("run", path, json.load(f))

# The run documents above must have exercised the optional parts.
seen = {k for doc in runs.values() for k in doc}
for key in ("service_connector", "cost"):
    if key not in seen:
        failed = 1
        print(f"FAIL no scenario produced {key}")
conn_keys = {k for doc in runs.values() for c in doc["connections"] for k in c}
for key in ("exact", "operations_success"):
    if key not in conn_keys:
        failed = 1
        print(f"FAIL no scenario produced connections[].{key}")

# Costs (SPEC §6.4): the object is closed, and "total" is required.
costed = runs["scenarios/cost-one-region.yaml"]
bad = copy.deepcopy(costed)
del bad["cost"]["total"]
rejects("run", "a cost without total", bad)
bad = copy.deepcopy(costed)
bad["cost"]["hourly"] = 1
rejects("run", "a cost with an unknown field", bad)

# Broken documents are rejected.
good = runs["scenarios/seed-story.yaml"]
bad = copy.deepcopy(good)
del bad["connections"][0]["availability"]
rejects("run", "a connection without availability", bad)
bad = copy.deepcopy(good)
bad["connections"][0]["verdict"]["availability"] = "maybe"
rejects("run", "a verdict 'maybe'", bad)
bad = copy.deepcopy(good)
bad["service_connector"]["rto"]["ci95"] = [1]
rejects("run", "a one-element ci95", bad)
bad = copy.deepcopy(good)
bad["connections"][0]["availability"]["median"] = 0.5
rejects("run", "an unknown key in a figure", bad)
bad = copy.deepcopy(good)
del bad["kernel"]
rejects("run", "a result without kernel", bad)

# --- sweep ----------------------------------------------------------------------------------
doc = json.loads(outagesim("sweep", "scenarios/capacity-zr-target.yaml", "--vary",
                           "computes.web.instances=2..4", "-r", "5", "-q", "--format", "json"))
validate("sweep", "capacity-zr-target instances 2..4 (one skipped)", doc)
if not any("skipped" in p for p in doc["points"]):
    failed = 1
    print("FAIL the sweep has no skipped point (the test meant to cover one)")
doc = json.loads(outagesim("sweep", "scenarios/seed-story.yaml", "--vary",
                           "service_connector.failover.dns_remap=30m,2h", "--vary",
                           "service_connector.backup.interval=0,12h", "-q", "--format", "json"))
validate("sweep", "seed-story dns_remap x backup (DR)", doc)
doc = json.loads(outagesim("sweep", "scenarios/capacity-zones-exact.yaml", "--vary",
                           "regions.westeurope.zones=1,2,3", "--exact", "--format", "json"))
validate("sweep", "capacity-zones-exact --exact", doc)
doc = json.loads(outagesim("sweep", "scenarios/capacity-zones-exact.yaml", "--vary",
                           "regions.westeurope.zones=1,2,3", "--exact", "--set",
                           "costs.downtime=1000/h", "--format", "json"))
validate("sweep", "capacity-zones-exact --exact with costs", doc)
if any("cost" not in p for p in doc["points"]):
    failed = 1
    print("FAIL sweep --exact with costs: a point without cost")
bad = copy.deepcopy(doc)
del bad["points"][0]["set"]
rejects("sweep", "a point without set", bad)

# --- exact ----------------------------------------------------------------------------------
for path in ("scenarios/stochastic-zonal.yaml", "scenarios/capacity-zones-exact.yaml",
             "scenarios/common-cause.yaml", "scenarios/active-active-shared-zone.yaml"):
    validate("exact", path, json.loads(outagesim("exact", path, "--format", "json")))
doc = json.loads(outagesim("exact", "scenarios/stochastic-zonal.yaml", "--set",
                           "costs.downtime=1000/h", "--format", "json"))
validate("exact", "stochastic-zonal with costs", doc)
if "cost" not in doc:
    failed = 1
    print("FAIL exact with costs: no cost object")
# Partly outside the class: one connection gets exact null and a reason.
# Partly outside the class (required_instances lets replacement change api's served fraction):
# web-blob gets figures, api-blob exact null and a reason.
MIXED = """
name: mixed-exact
regions: [ { name: westeurope }, { name: northeurope } ]
computes:
  - { name: web, kind: app-service, region: westeurope, zone_redundant: true, instances: 3 }
  - { name: api, kind: app-service, region: westeurope, zone_redundant: true, instances: 6,
      required_instances: 4 }
targets: [ { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true } ]
connections:
  - { name: web-blob, compute: web, target: blob }
  - { name: api-blob, compute: api, target: blob }
failures:
  zone: { time_to_failure: { dist: exponential, mean: 1y }, time_to_repair: 6h }
"""
with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
    f.write(MIXED)
    f.flush()
    doc = json.loads(outagesim("exact", f.name, "--format", "json"))
validate("exact", "mixed-exact (one connection outside the class)", doc)
if [c["exact"] is None for c in doc["connections"]] != [False, True]:
    failed = 1
    print("FAIL mixed-exact: expected web-blob in the class and api-blob outside")
bad = copy.deepcopy(doc)
for c in bad["connections"]:
    c.pop("outside", None)
rejects("exact", "exact null without a reason", bad)

# --- check ----------------------------------------------------------------------------------
with tempfile.TemporaryDirectory() as tmp:
    base = os.path.join(tmp, "base.json")
    for path in ("scenarios/seed-story.yaml", "scenarios/stochastic-zonal.yaml"):
        outagesim("run", path, "-r", "20", "-q", "--format", "json", "-o", base)
        doc = json.loads(outagesim("check", path, "--baseline", base, "-q", "--format", "json",
                                   ok=(0, 1)))
        validate("check", f"{path} against its own result", doc)
    new = os.path.join(tmp, "new.json")
    doc = json.loads(outagesim("check", "scenarios/dr-chain.yaml", "--baseline", new, "--update",
                               "-q", "--format", "json"))
    validate("check", "--update creating a baseline", doc)
    with open(new, encoding="utf-8") as f:
        validate("run", "the baseline check --update wrote", json.load(f))
    bad = copy.deepcopy(doc)
    bad["summary"]["failed"] = -1
    rejects("check", "a negative count", bad)

print(f"{checked} documents validated")
sys.exit(failed)
