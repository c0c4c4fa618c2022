#!/usr/bin/env bash
# sla.sh — the project's own SLA regression suite (meson test --suite sla):
#   tests/sla.sh OUTAGESIM SRCDIR
# For every scenarios/NAME.yaml there must be a baseline results/baselines/NAME.json, and
#   1. `outagesim check` against it must exit 0, or 1 only for a target the baseline already
#      missed (some scenarios show a design that misses its SLA on purpose) and never for a
#      regression;
#   2. re-running with the baseline's seed and replication count must give the same JSON, byte
#      for byte, apart from the "outagesim" version and the "kernel" timing lines: any change to
#      the simulator that moves a published number, better or worse, fails here.
#   3. the scenario's sidecar scenarios/NAME.expect (required) holds figures derived by hand,
#      which tests/expect.py asserts on the result of step 2 (or of the run its `run` line
#      asks for): exact values for deterministic scenarios, closed forms within a few standard
#      errors for stochastic ones, or `none: REASON` where nothing can be derived by hand.
#      Baselines catch any change; sidecars catch answers that were wrong from the start.
# New scenarios are picked up automatically; one without a baseline fails with the command
# that creates it, one without a sidecar fails too. After a deliberate change, review and refresh with
#   outagesim check scenarios/NAME.yaml --baseline results/baselines/NAME.json --update
# A slow scenario can keep a smaller baseline (`outagesim run ... --replications 200`): check
# re-runs with the replication count the baseline records.
set -u

if [ $# -ne 2 ]; then
    echo "usage: tests/sla.sh OUTAGESIM SRCDIR" >&2
    exit 2
fi
exe=$1
src=$2
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-sla-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

failed=0
n=0
fail() {
    printf 'FAIL %s: %s\n' "$name" "$*"
    failed=$((failed + 1))
}

# Paths are relative to the source root, as users and the baselines' messages write them.
cd "$src" || exit 1
shopt -s nullglob
scenarios=(scenarios/*.yaml)
if [ ${#scenarios[@]} -eq 0 ]; then
    echo "FAIL: no scenarios in $src/scenarios"
    exit 1
fi

# The checker of step 3 must be able to fail: a wrong figure, a bound broken, a malformed line.
echo '{"connections": [{"name": "c", "availability": {"mean": 0.5, "sd": 0.1, "n": 100}}]}' \
    >"$tmp/selftest.json"
for bad in "connections.c.availability.mean = 0.25 + 0.25000001" \
    "connections.c.availability ~ 0.45 +- 4 se" "connections.c.availability <= 0.4 +- 1 se" \
    "connections.d.availability.mean = 0.5" "connections.c.availability.mean is 0.5"; do
    echo "$bad" >"$tmp/selftest.expect"
    if python3 "$src/tests/expect.py" "$tmp/selftest.expect" "$tmp/selftest.json" >/dev/null; then
        name=expect.py fail "accepts '$bad'"
    fi
done
printf 'connections.c.availability.mean = 1/2\nconnections.c.availability ~ 0.47 +- 4 se\n' \
    >"$tmp/selftest.expect"
python3 "$src/tests/expect.py" "$tmp/selftest.expect" "$tmp/selftest.json" >/dev/null ||
    name=expect.py fail "rejects figures that hold"

for scenario in "${scenarios[@]}"; do
    name=$(basename "$scenario" .yaml)
    baseline=results/baselines/$name.json
    n=$((n + 1))
    if [ ! -f "$baseline" ]; then
        fail "no baseline $baseline; create it (from the source root) with:" \
            "outagesim run $scenario --format json --quiet --output $baseline"
        continue
    fi
    start=$SECONDS

    # 1. the check itself, with a JUnit report that must be well-formed enough to count.
    "$exe" check "$scenario" --baseline "$baseline" --junit "$tmp/$name.xml" --quiet \
        >"$tmp/$name.out" 2>"$tmp/$name.err"
    rc=$?
    case $rc in
        0) ;;
        1)
            if grep -q 'regression' "$tmp/$name.out"; then
                fail "check found a regression:"
                grep '^FAIL' "$tmp/$name.out"
            elif ! grep -q '"fail"' "$baseline"; then
                fail "check missed a target the baseline met:"
                grep '^FAIL' "$tmp/$name.out"
            fi
            ;;
        *)
            fail "check exited $rc:"
            cat "$tmp/$name.err"
            continue
            ;;
    esac
    if [ ! -s "$tmp/$name.xml" ] || ! grep -q '^<testsuite ' "$tmp/$name.xml"; then
        fail "no JUnit report written"
    fi

    # 2. the exact numbers: same seed and replication count as the baseline.
    read -r seed reps < <(sed -n 's/^ *"seed": \([0-9]*\), "replications": \([0-9]*\),.*/\1 \2/p' \
        "$baseline")
    if [ -z "${seed:-}" ] || [ -z "${reps:-}" ]; then
        fail "cannot read seed and replications from $baseline"
        continue
    fi
    if ! "$exe" run "$scenario" --format json --quiet --seed "$seed" --replications "$reps" \
        --output "$tmp/$name.json" 2>"$tmp/$name.err"; then
        fail "run failed:"
        cat "$tmp/$name.err"
        continue
    fi
    strip() { grep -v -e '^  "outagesim": ' -e '^  "kernel": ' "$1"; }
    if ! diff -u <(strip "$baseline") <(strip "$tmp/$name.json") >"$tmp/$name.diff"; then
        fail "the result moved (review, then refresh with 'outagesim check $scenario" \
            "--baseline $baseline --update'):"
        head -40 "$tmp/$name.diff"
        continue
    fi

    # 3. the hand-derived figures of the sidecar.
    expect=scenarios/$name.expect
    if [ ! -f "$expect" ]; then
        fail "no sidecar $expect of hand-derived figures (or 'none: REASON'; see tests/expect.py)"
        continue
    fi
    result=$tmp/$name.json
    opts=$(sed -n 's/^run\( \(.*\)\)\{0,1\}$/\2/p' "$expect")
    if grep -q '^run\( \|$\)' "$expect"; then
        result=$tmp/$name.expect.json
        # shellcheck disable=SC2086  # the sidecar's options are a list of words
        if ! "$exe" run "$scenario" --format json --quiet $opts --output "$result" \
            2>"$tmp/$name.err"; then
            fail "the sidecar's run ($opts) failed:"
            cat "$tmp/$name.err"
            continue
        fi
    fi
    if ! python3 "$src/tests/expect.py" "$expect" "$result" >"$tmp/$name.expect.out" 2>&1; then
        fail "wrong against the hand-derived figures of $expect:"
        cat "$tmp/$name.expect.out"
        continue
    fi
    printf 'ok   %s (%ss; %s)\n' "$name" $((SECONDS - start)) "$(tail -1 "$tmp/$name.expect.out")"
done

printf '%d scenarios, %d failed\n' "$n" "$failed"
[ "$failed" -eq 0 ]
