#!/usr/bin/env python3
"""expect.py — asserts a scenario's hand-derived expected figures (scenarios/NAME.expect)
against a result of `outagesim run --format json` (tests/sla.sh calls it for every scenario):

    tests/expect.py NAME.expect RESULT.json

The sidecar is a list of lines; `#` starts a comment (the derivation goes there):

    run --replications 1           options of the run the figures are about (sla.sh reads
                                   this line; without it the run is the scenario's own)
    PATH = EXPR                    exact: |got - want| <= 1e-12 x max(1, |want|)
    PATH ~ EXPR +- TOL             within an absolute tolerance
    PATH ~ EXPR +- K se            a figure's mean within K standard errors (sd / sqrt(n)) of
                                   the closed form; PATH names the figure (its "mean" is read)
    PATH <= EXPR +- K se           a bound derived by hand (also >=): a figure's mean may pass
                                   it by K standard errors at most (the sampling noise)
    PATH is WORD                   a string ("pass", "fail", "uncertain", ...)
    none: REASON                   no figure can be derived by hand; the reason is required

PATH walks the JSON with dots; in a list, an item is found by its "name"
(connections.web-blob.availability.mean). EXPR is arithmetic on numbers with exp, log, sqrt,
gamma, erf, pi and e. Every failure names the sidecar's line. Exit 0 when everything holds, 1
otherwise, 2 for a malformed sidecar (a sidecar with no assertion and no `none:` is malformed).
"""
import json
import math
import re
import sys

NAMES = {"exp": math.exp, "log": math.log, "sqrt": math.sqrt, "gamma": math.gamma,
         "erf": math.erf, "pi": math.pi, "e": math.e, "min": min, "max": max}


def evaluate(expr, where):
    if not re.fullmatch(r"[0-9a-z_+\-*/()., ]+", expr):
        raise SystemExit(f"{where}: not an arithmetic expression: {expr!r}")
    return float(eval(expr, {"__builtins__": {}}, NAMES))  # noqa: S307 (characters checked)


def walk(doc, path, where):
    node = doc
    for part in path.split("."):
        if isinstance(node, list):
            found = [x for x in node if isinstance(x, dict) and x.get("name") == part]
            if len(found) != 1:
                return None, f"{where}: no single item named {part!r} in {path}"
            node = found[0]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None, f"{where}: {path}: no {part!r}"
    return node, None


def main():
    if len(sys.argv) != 3:
        print("usage: tests/expect.py NAME.expect RESULT.json", file=sys.stderr)
        return 2
    sidecar, result = sys.argv[1], sys.argv[2]
    with open(result, encoding="utf-8") as f:
        doc = json.load(f)
    failed = checked = 0
    reason = None
    with open(sidecar, encoding="utf-8") as f:
        lines = f.readlines()
    for no, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        where = f"{sidecar}:{no}"
        if not line or line.startswith("run ") or line == "run":
            continue
        if line.startswith("none:"):
            reason = line[5:].strip()
            if not reason:
                print(f"{where}: 'none:' needs a reason", file=sys.stderr)
                return 2
            continue
        m = re.fullmatch(r"(\S+)\s+(=|~|<=|>=|is)\s+(.+)", line)
        if not m:
            print(f"{where}: cannot read {line!r}", file=sys.stderr)
            return 2
        path, op, rest = m.groups()
        checked += 1
        if op == "is":
            got, err = walk(doc, path, where)
            if err or got != rest:
                failed += 1
                print(f"FAIL {where}: {path} is {got!r}, expected {rest!r}" if not err else
                      f"FAIL {err}")
            continue
        tol = None
        se_k = None
        if op in ("~", "<=", ">="):
            t = re.fullmatch(r"(.+?)\s*\+-\s*(.+?)(\s+se)?", rest)
            if not t:
                print(f"{where}: '{op}' needs '+- TOL' or '+- K se'", file=sys.stderr)
                return 2
            rest = t.group(1)
            if t.group(3):
                se_k = evaluate(t.group(2), where)
            else:
                tol = evaluate(t.group(2), where)
        want = evaluate(rest, where)
        got, err = walk(doc, path, where)
        if err:
            failed += 1
            print(f"FAIL {err}")
            continue
        if se_k is not None:
            if not isinstance(got, dict) or not all(k in got for k in ("mean", "sd", "n")):
                failed += 1
                print(f"FAIL {where}: {path} is not a figure (mean, sd, n)")
                continue
            if not got["n"] or got["mean"] is None:
                failed += 1
                print(f"FAIL {where}: {path} has no values")
                continue
            tol = se_k * got["sd"] / math.sqrt(got["n"])
            got = got["mean"]
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            failed += 1
            print(f"FAIL {where}: {path} is {got!r}, not a number")
            continue
        if tol is None:
            tol = 1e-12 * max(1.0, abs(want))
        if op in ("<=", ">="):
            if (got > want + tol) if op == "<=" else (got < want - tol):
                failed += 1
                print(f"FAIL {where}: {path} = {got!r}, expected {op} {want!r} (+- {tol:.3g})")
        elif abs(got - want) > tol:
            failed += 1
            print(f"FAIL {where}: {path} = {got!r}, expected {want!r} (+- {tol:.3g})")
    if checked == 0 and reason is None:
        print(f"{sidecar}: no expected figure and no 'none:' reason", file=sys.stderr)
        return 2
    if checked and reason is not None:
        print(f"{sidecar}: both expected figures and 'none:'", file=sys.stderr)
        return 2
    if reason is not None:
        print(f"none: {reason[:60]}..." if len(reason) > 60 else f"none: {reason}")
    else:
        print(f"{checked} expected figures, {failed} wrong")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
