#!/usr/bin/env bash
# fit_cli.sh — `outagesim fit` through the command line (meson test --suite cli):
#   tests/fit_cli.sh OUTAGESIM SRCDIR
# 1. Every tests/bad_traces/NAME.err: `outagesim fit NAME.csv` (or, for a scenario pair,
#    `outagesim validate NAME.yaml` and `run`) exits 2 without crashing, prints exactly the
#    sidecar's message on stderr, nothing on stdout; messages with a line number carry
#    NAME.csv:LINE:; --output is not created.
# 2. The illustrative trace: text and JSON (parsed when python3 is there), --by region,
#    --output written atomically, and the printed failures: block pasted into a scenario
#    validates.
# 3. Bad usage: unknown option, --by/--format values, no file, two files, a missing file.
set -u

if [ $# -ne 2 ]; then
    echo "usage: tests/fit_cli.sh OUTAGESIM SRCDIR" >&2
    exit 2
fi
exe=$1
src=$2
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-fit-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

failed=0
checks=0
fail() {
    printf 'FAIL %s\n' "$*"
    failed=$((failed + 1))
}

crashed() { # crashed RC STDERR_FILE
    [ "$1" -ge 128 ] ||
        grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$2"
}

# --- 1. malformed traces ------------------------------------------------------------------------
cd "$src/tests/bad_traces" || exit 1
for e in *.err; do
    stem=${e%.err}
    want=$(head -n 1 "$e")
    if [ -f "$stem.yaml" ]; then
        cmds=("validate $stem.yaml" "run $stem.yaml --output $tmp/out")
    else
        cmds=("fit $stem.csv --output $tmp/out" "fit $stem.csv --format json")
    fi
    for c in "${cmds[@]}"; do
        checks=$((checks + 1))
        # shellcheck disable=SC2086
        "$exe" $c >"$tmp/stdout" 2>"$tmp/stderr"
        rc=$?
        if crashed "$rc" "$tmp/stderr"; then
            fail "$c: crashed (exit $rc)"
            head -20 "$tmp/stderr"
            continue
        fi
        [ "$rc" -eq 2 ] || fail "$c: exit $rc, want 2"
        grep -qxF -- "$want" "$tmp/stderr" || {
            fail "$c: stderr does not hold the expected message"
            printf '  want: %s\n  got:  %s\n' "$want" "$(head -3 "$tmp/stderr")"
        }
        case $want in
        *.csv:[0-9]*:*) ;;
        *"not enough outages"*) ;;
        *) fail "$c: message without file:line: $want" ;;
        esac
        case $c in fit*)
            [ -s "$tmp/stdout" ] && fail "$c: wrote to stdout" ;;
        esac
        [ -e "$tmp/out" ] && fail "$c: --output file created" && rm -f "$tmp/out"
    done
done
cd "$src" || exit 1

# --- 2. the illustrative trace ------------------------------------------------------------------
trace=scenarios/traces/westeurope-illustrative.csv
checks=$((checks + 1))
if "$exe" fit "$trace" >"$tmp/text" 2>"$tmp/stderr"; then
    for s in 'time to failure: 11 observations \+ 2 right-censored' \
        'time to repair: 14 observations' '^failures:$' '^  zone:$' \
        '^    time_to_failure: { dist: ' '^    time_to_repair: { dist: '; do
        grep -qE -- "$s" "$tmp/text" || fail "fit text: no line matching '$s'"
    done
    [ -s "$tmp/stderr" ] && fail "fit text: unexpected stderr: $(head -1 "$tmp/stderr")"
    # Paste the block after a topology: the scenario validates.
    {
        printf 'regions:\n  - { name: westeurope, zones: 3 }\n'
        printf 'computes:\n  - { name: web, kind: app-service, region: westeurope, '
        printf 'zone_redundant: true, instances: 3 }\n'
        printf 'targets:\n  - { name: blob, kind: storage-blob, region: westeurope, '
        printf 'zone_redundant: true }\n'
        printf 'connections:\n  - { name: web-blob, compute: web, target: blob }\n'
        sed -n '/^failures:$/,$p' "$tmp/text"
    } >"$tmp/pasted.yaml"
    "$exe" validate "$tmp/pasted.yaml" >/dev/null 2>"$tmp/stderr" ||
        fail "pasted block does not validate: $(cat "$tmp/stderr")"
else
    fail "fit $trace: exit $?: $(head -3 "$tmp/stderr")"
fi

# --by region fits whole-region rows only (SPEC 5.4): a zone outage is not a region failure.
# Three region outages (2h at 0, 4h at 30d, 6h at 70d) and one zone outage (left out): repair
# times 2h, 4h, 6h (n 3); times between failures 30d - 2h and 40d - 4h (n 2); the trace ends
# with the last outage, so nothing is censored.
cat >"$tmp/regions.csv" <<'CSV'
start,duration,region,zone
0d,2h,westeurope,
10d,5h,westeurope,1
30d,4h,westeurope,
70d,6h,westeurope,
CSV
checks=$((checks + 1))
if "$exe" fit "$tmp/regions.csv" --by region >"$tmp/stdout" 2>"$tmp/stderr"; then
    grep -q "1 zone outage left out of the region fits" "$tmp/stdout" ||
        fail "fit --by region: the zone row left out is not reported"
else
    fail "fit --by region (text): exit $?: $(head -3 "$tmp/stderr")"
fi
# Only zone rows: exit 2, saying no region outage was observed (before: a region: block
# claiming region outages from zone outages).
checks=$((checks + 1))
"$exe" fit "$trace" --by region >"$tmp/stdout" 2>"$tmp/stderr"
[ $? -eq 2 ] && [ ! -s "$tmp/stdout" ] || fail "fit --by region of the illustrative trace: exit 2 wanted"
grep -q "zone rows left out by region: a zone outage is not a region failure" "$tmp/stderr" ||
    fail "fit --by region: message: $(cat "$tmp/stderr")"
printf 'start,duration,region,zone\n0d,2h,westeurope,1\n40d,3h,westeurope,2\n' >"$tmp/zones.csv"
checks=$((checks + 1))
"$exe" fit "$tmp/zones.csv" --by region >"$tmp/stdout" 2>"$tmp/stderr"
[ $? -eq 2 ] && grep -q "no region outage in the trace" "$tmp/stderr" ||
    fail "fit --by region of zone rows only: $(cat "$tmp/stderr")"

checks=$((checks + 1))
if "$exe" fit "$tmp/regions.csv" --by region --format json --output "$tmp/fit.json" >"$tmp/stdout" \
    2>"$tmp/stderr"; then
    [ -s "$tmp/stdout" ] && fail "fit --output: wrote to stdout"
    ls "$tmp"/fit.json.tmp.* >/dev/null 2>&1 && fail "fit --output: temporary file left"
    grep -q '"by": "region"' "$tmp/fit.json" || fail "fit json: no \"by\": \"region\""
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$tmp/fit.json" <<'EOF' || fail "fit json: bad structure"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["by"] == "region" and d["outages"] == 4
for q in ("time_to_failure", "time_to_repair"):
    x = d[q]
    assert x["n"] >= 2 and x["best"] in [f["dist"] for f in x["fits"]]
    assert [f["dist"] for f in x["fits"]] == ["exponential", "lognormal", "weibull", "gamma"]
    for f in x["fits"]:
        if f["params"] is not None:
            k = 1 if f["dist"] == "exponential" else 2
            assert abs(f["aic"] - (2 * k - 2 * f["log_likelihood"])) <= 1e-9 * abs(f["aic"])
assert d["time_to_failure"]["n"] == 2 and d["time_to_repair"]["n"] == 3
assert d["yaml"].startswith("failures:\n  region:\n")
EOF
    fi
else
    fail "fit --by region --format json: exit $?: $(head -3 "$tmp/stderr")"
fi

# --- 3. bad usage -------------------------------------------------------------------------------
for args in "fit" "fit --by rack $trace" "fit --format csv $trace" "fit --bogus $trace" \
    "fit $trace $trace" "fit $tmp/no-such.csv" "fit $tmp"; do
    checks=$((checks + 1))
    # shellcheck disable=SC2086
    "$exe" $args >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    if crashed "$rc" "$tmp/stderr"; then
        fail "$args: crashed (exit $rc)"
    elif [ "$rc" -ne 2 ]; then
        fail "$args: exit $rc, want 2"
    elif [ ! -s "$tmp/stderr" ] || [ -s "$tmp/stdout" ]; then
        fail "$args: want a message on stderr and nothing on stdout"
    fi
done

echo "fit_cli: $checks checks, $failed failed"
[ "$failed" -eq 0 ]
