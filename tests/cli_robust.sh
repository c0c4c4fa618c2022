#!/usr/bin/env bash
# cli_robust.sh — the robustness findings of issue 18 through the command line (suite cli):
#   tests/cli_robust.sh OUTAGESIM SRCDIR
# Each block is a regression test of one finding: hostile but valid-looking inputs must end
# with a clean error (exit 2, file:line:column) or a result, never an abort, a hang or a file
# left behind; interruptions exit as interruptions; plausibility warnings go to stderr and never
# change a result.
set -u
exe=$1
src=$2
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
cd "$src" || exit 1
src=$PWD
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-robust-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0
checks=0
ok() { checks=$((checks + 1)); echo "ok $*"; }
bad() { checks=$((checks + 1)); failed=$((failed + 1)); echo "FAIL $*"; }
# expect_rc DESCRIPTION WANT GOT [STDERR FILE]
expect_rc() {
    if [ "$3" -eq "$2" ]; then ok "$1 (exit $3)"; else
        bad "$1: exit $3, want $2"
        [ -n "${4:-}" ] && head -5 "$4"
    fi
}
# expect_in DESCRIPTION FILE FIXED-STRING
expect_in() {
    if grep -qF -- "$3" "$2"; then ok "$1"; else
        bad "$1: '$3' not in $2"
        head -10 "$2"
    fi
}
no_sanitizer() { # DESCRIPTION STDERR-FILE
    if grep -qE 'Sanitizer|runtime error:' "$2"; then bad "$1: sanitizer report"; head -20 "$2"; fi
}

# A minimal valid scenario; tests append to it or --set into it.
base() { # [HORIZON]
    cat <<EOF
name: robust
simulation: { horizon: ${1:-30d}, replications: 2, seed: 3 }
regions:
  - { name: westeurope, zones: 3 }
  - { name: northeurope, zones: 3 }
computes:
  - { name: web, kind: app-service, region: westeurope, zone_redundant: true, instances: 3 }
targets:
  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }
connections:
  - { name: web-blob, compute: web, target: blob }
EOF
}

# --- GSL abort: bootstrap blocks much shorter than a long trace's span -----------------------
# The illustrative trace spans three years (about 9.4e10 ms); in 10 ms blocks that is more than
# 2^32 source blocks, past the 32-bit generator's range: gsl_rng_uniform_int called GSL's
# error handler, which aborted (exit 134). A 1 min horizon keeps the run small (6000 blocks).
{
    base 1m
    echo "failures:"
    echo "  trace: { file: $src/scenarios/traces/westeurope-illustrative.csv, mode: bootstrap, block: 10ms }"
} >"$tmp/short-blocks.yaml"
"$exe" run "$tmp/short-blocks.yaml" --quiet --format json --output "$tmp/short-blocks.json" \
    2>"$tmp/err"
expect_rc "bootstrap: 10 ms blocks of a 3-year trace run" 0 $? "$tmp/err"
expect_in "bootstrap: a result" "$tmp/short-blocks.json" '"availability": {"mean": '
no_sanitizer "bootstrap" "$tmp/err"

# --- quadratic time on nested YAML ------------------------------------------------------------
# A 200 KB line of '[' (then as many ']'): rejected at nesting level 65 while libyaml scans,
# with the position of the first node too deep (line 2, column 8 + 64 = 72). Before the fix
# the limit was applied after libyaml had built the whole document: 40+ s; under `timeout 10`
# that is a failure (exit 124).
python3 -c "print('name: x\nevents: ' + '[' * 200000 + ']' * 200000)" >"$tmp/deep.yaml"
timeout -k 2 10 "$exe" validate "$tmp/deep.yaml" 2>"$tmp/err"
expect_rc "200 KB of nested brackets rejected" 2 $? "$tmp/err"
expect_in "nested brackets: position and limit" "$tmp/err" \
    "deep.yaml:2:72: nesting deeper than 64 levels"
python3 -c "print('name: x\nevents: ' + '{a: ' * 100000 + '}' * 100000)" >"$tmp/deep2.yaml"
timeout -k 2 10 "$exe" run "$tmp/deep2.yaml" --output "$tmp/deep2.json" 2>"$tmp/err"
expect_rc "nested flow mappings rejected" 2 $? "$tmp/err"
expect_in "nested mappings: the limit" "$tmp/err" "nesting deeper than 64 levels"
[ -e "$tmp/deep2.json" ] && bad "nested mappings: output written" || ok "nested mappings: nothing written"

# --- "nothing written": --trace beside a result that cannot be written ------------------------
# The result goes to a path in a directory that does not exist: exit 2, and the --trace file
# (whose directory exists) must not be left behind; an existing trace is left as it was.
base >"$tmp/s.yaml"
"$exe" run "$tmp/s.yaml" --quiet --trace "$tmp/t.jsonl" --output "$tmp/no/such/dir/r.json" \
    2>"$tmp/err"
expect_rc "result unwritable" 2 $? "$tmp/err"
[ -e "$tmp/t.jsonl" ] && bad "result unwritable: the trace was left behind" ||
    ok "result unwritable: no trace written"
echo "old trace" >"$tmp/t.jsonl"
"$exe" run "$tmp/s.yaml" --quiet --trace "$tmp/t.jsonl" --output "$tmp/no/such/dir/r.json" \
    2>/dev/null
[ "$(cat "$tmp/t.jsonl")" = "old trace" ] && ok "result unwritable: old trace untouched" ||
    bad "result unwritable: old trace replaced"
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary file left" || ok "no temporary file left"

# --trace X --output X (also spelled differently): exit 2 before anything runs, nothing written.
for other in "$tmp/same.json" "$tmp/./same.json" "$tmp/../$(basename "$tmp")/same.json"; do
    "$exe" run "$tmp/s.yaml" --quiet --trace "$tmp/same.json" --output "$other" 2>"$tmp/err"
    expect_rc "--trace X --output $other" 2 $? "$tmp/err"
    expect_in "same file: message" "$tmp/err" "--trace and --output name the same file"
    [ -e "$tmp/same.json" ] && bad "same file: something written" || ok "same file: nothing written"
done
echo "keep" >"$tmp/exists.json"
ln -s "$tmp/exists.json" "$tmp/link.json"
"$exe" run "$tmp/s.yaml" --quiet --trace "$tmp/link.json" --output "$tmp/exists.json" 2>"$tmp/err"
expect_rc "same file through a symbolic link" 2 $? "$tmp/err"
[ "$(cat "$tmp/exists.json")" = keep ] && ok "symbolic link: file untouched" ||
    bad "symbolic link: file changed"
"$exe" run "$tmp/s.yaml" --quiet --trace - 2>"$tmp/err" >/dev/null
expect_rc "--trace - with the result on stdout" 2 $? "$tmp/err"

# --- --trace-replications naming replications that do not exist -------------------------------
for list in 5-2 0,,1 ,1 1, 1-2-3 x 3-; do
    rm -f "$tmp/tr.json" "$tmp/tr.jsonl"
    "$exe" run "$tmp/s.yaml" --quiet --replications 3 --trace "$tmp/tr.jsonl" \
        --trace-replications "$list" --output "$tmp/tr.json" 2>"$tmp/err"
    expect_rc "--trace-replications '$list'" 2 $? "$tmp/err"
    expect_in "--trace-replications '$list': message" "$tmp/err" "--trace-replications: "
    if [ -e "$tmp/tr.json" ] || [ -e "$tmp/tr.jsonl" ]; then bad "'$list': something written"; fi
done
"$exe" run "$tmp/s.yaml" --quiet --trace "$tmp/tr.jsonl" --trace-replications 5-2 \
    --output "$tmp/tr.json" 2>"$tmp/err"
expect_in "backwards range named" "$tmp/err" "a range runs backwards"
"$exe" run "$tmp/s.yaml" --quiet --trace "$tmp/tr.jsonl" --trace-replications 0,,1 \
    --output "$tmp/tr.json" 2>"$tmp/err"
expect_in "empty item named" "$tmp/err" "an empty item in the list"
"$exe" run "$tmp/s.yaml" --quiet --replications 1 --trace "$tmp/tr.jsonl" \
    --trace-replications 7 --output "$tmp/tr.json" 2>"$tmp/err"
expect_rc "--trace-replications 7 with one replication" 2 $? "$tmp/err"
expect_in "replication 7: message" "$tmp/err" \
    "--trace-replications: replication 7 does not exist (the run has 1, numbered from 0)"
if [ -e "$tmp/tr.json" ] || [ -e "$tmp/tr.jsonl" ]; then bad "replication 7: something written"; else
    ok "replication 7: nothing written"; fi
"$exe" run "$tmp/s.yaml" --quiet --replications 3 --trace "$tmp/tr.jsonl" \
    --trace-replications 0,2 --output "$tmp/tr.json" 2>"$tmp/err"
expect_rc "--trace-replications 0,2 of 3" 0 $? "$tmp/err"

# --- SIGTERM while reading a FIFO: an interruption (130), not a bad input ----------------------
mkfifo "$tmp/fifo.yaml"
"$exe" run "$tmp/fifo.yaml" --output "$tmp/fifo.json" 2>"$tmp/err" &
pid=$!
sleep 0.5
kill -TERM "$pid"
wait "$pid"
expect_rc "SIGTERM while opening a FIFO" 130 $? "$tmp/err"
expect_in "FIFO: says interrupted" "$tmp/err" "interrupted"
# ... and while reading it: a writer holds the FIFO open without finishing
"$exe" validate "$tmp/fifo.yaml" 2>"$tmp/err" &
pid=$!
exec 7>"$tmp/fifo.yaml"
printf 'name: x\n' >&7
sleep 0.5
kill -TERM "$pid"
wait "$pid"
rc=$?
exec 7>&-
expect_rc "SIGTERM while reading a FIFO" 130 $rc "$tmp/err"
[ -e "$tmp/fifo.json" ] && bad "FIFO: output written" || ok "FIFO: nothing written"

# --- an interrupted threaded run (the ThreadSanitizer step of .ci/run runs this too) -----------
{
    base 3650d
    printf 'failures:\n  zone:\n'
    printf '    time_to_failure: { dist: exponential, mean: 3d }\n'
    printf '    time_to_repair: { dist: exponential, mean: 4h }\n'
} >"$tmp/long.yaml"
"$exe" run "$tmp/long.yaml" --quiet --threads 2 --replications 100000 \
    --trace "$tmp/long.jsonl" --output "$tmp/long.json" 2>"$tmp/err" &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
expect_rc "SIGTERM during a threaded run" 130 $? "$tmp/err"
no_sanitizer "threaded SIGTERM" "$tmp/err"
if [ -e "$tmp/long.json" ] || [ -e "$tmp/long.jsonl" ]; then bad "threaded SIGTERM: something written"
else ok "threaded SIGTERM: nothing written"; fi

# --- plausibility warnings: stderr only, exit 0, the result as without them ------------------
# Each case: the exact warning line on stderr ("outagesim: warning: FILE:LINE:COLUMN: PATH:
# MESSAGE", with -q, which silences progress only), exit 0, nothing of it in the result. Before
# the warnings existed none of these lines was printed.
# warn_case NAME SCENARIO-FILE EXPECTED-LINE [RUN OPTIONS...]
warn_case() {
    local name=$1 file=$2 want=$3
    shift 3
    "$exe" run "$file" --quiet --format json "$@" >"$tmp/$name.json" 2>"$tmp/$name.err"
    expect_rc "warning, $name: the run succeeds" 0 $? "$tmp/$name.err"
    if grep -qxF -- "$want" "$tmp/$name.err"; then ok "warning, $name: printed"; else
        bad "warning, $name: want '$want', stderr:"
        cat "$tmp/$name.err"
    fi
    grep -q 'warning' "$tmp/$name.json" && bad "warning, $name: in the result" ||
        ok "warning, $name: not in the result"
}
warned() { # NAME FILE: the scenario's stderr is exactly the warnings, nothing else
    if grep -v '^outagesim: warning: ' "$tmp/$1.err" | grep -q .; then
        bad "warning, $1: other text on stderr"
        cat "$tmp/$1.err"
    fi
}
# Down more than half of the time: mean TTF 2d, mean TTR 3d; 3 / (2 + 3) = 60.0 %. The process
# mapping starts at its first key: line 14 (the 11 lines of base, "failures:", "  zone:"),
# column 5.
{
    base
    printf 'failures:\n  zone:\n'
    printf '    time_to_failure: { dist: exponential, mean: 2d }\n'
    printf '    time_to_repair: { dist: exponential, mean: 3d }\n'
} >"$tmp/half.yaml"
warn_case half "$tmp/half.yaml" "outagesim: warning: $tmp/half.yaml:14:5: failures.zone: down \
60.0% of the time in the long run: the mean time to repair (3d) is longer than the mean time to \
failure (2d); are they swapped?"
warned half
# The boundary: TTR = TTF is down exactly half of the time, not more: no warning.
sed 's/mean: 3d/mean: 2d/' "$tmp/half.yaml" >"$tmp/even.yaml"
"$exe" validate "$tmp/even.yaml" >/dev/null 2>"$tmp/err"
grep -q warning "$tmp/err" && bad "down exactly half of the time: warned" ||
    ok "down exactly half of the time: no warning"

# A median below the 1 ms clock (mean above it, so not an error): Weibull scale 1 ms, shape 0.3
# has median (ln 2)^(1/0.3) = 0.295 ms and P(X < 1 ms) = 1 - e^-1 = 63 %; its mean
# Γ(1 + 1/0.3) = 9.26 ms is well above 1 ms. On the time_to_repair value, line 15, column 21.
{
    base
    printf 'failures:\n  region:\n'
    printf '    time_to_failure: { dist: exponential, mean: 10d }\n'
    printf '    time_to_repair: { dist: weibull, scale: 1ms, shape: 0.3 }\n'
} >"$tmp/median.yaml"
warn_case median "$tmp/median.yaml" "outagesim: warning: $tmp/median.yaml:15:21: \
failures.region.time_to_repair: the median is below the simulator's 1 ms clock: 63% of the \
draws are shorter than 1 ms and become 1 ms, so the simulated process is not the one written"
warned median
# ... while a mean below 1 ms stays an error (docs/robustness.md, limits).
sed 's/{ dist: weibull, scale: 1ms, shape: 0.3 }/{ dist: uniform, min: 0ms, max: 1ms }/' \
    "$tmp/median.yaml" >"$tmp/mean.yaml"
"$exe" validate "$tmp/mean.yaml" >/dev/null 2>"$tmp/err"
expect_rc "a mean below 1 ms is an error" 2 $? "$tmp/err"
expect_in "mean below 1 ms: message" "$tmp/err" "is below the simulator's 1 ms clock"

# A repair that never ends within the horizon: fixed 40d repairs in a 30d run (TTF 100d, so
# down 40 / 140 = 29 %, not more than half). At the time_to_repair value, line 15, column 21.
{
    base
    printf 'failures:\n  zone:\n'
    printf '    time_to_failure: { dist: exponential, mean: 100d }\n'
    printf '    time_to_repair: { dist: fixed, value: 40d }\n'
} >"$tmp/never.yaml"
warn_case never "$tmp/never.yaml" "outagesim: warning: $tmp/never.yaml:15:21: \
failures.zone.time_to_repair: every repair takes at least 40d, not less than the 30d horizon: \
an outage of this process never recovers within the run"
warned never
# ... a uniform repair from 29d does end within 30d sometimes: no warning.
sed 's/{ dist: fixed, value: 40d }/{ dist: uniform, min: 29d, max: 40d }/' "$tmp/never.yaml" \
    >"$tmp/sometimes.yaml"
"$exe" validate "$tmp/sometimes.yaml" >/dev/null 2>"$tmp/err"
grep -q warning "$tmp/err" && bad "a repair that can end in time: warned" ||
    ok "a repair that can end in time: no warning"

# An injected outage that ends at the horizon: 29d + 1d = 30d, the horizon; the event's `for`
# value is on line 13 ("events:" is line 12), column 65.
{
    base
    printf 'events:\n'
    printf '  - { zone_down: { region: westeurope, zone: 1 }, at: 29d, for: 1d }\n'
} >"$tmp/inj.yaml"
warn_case injected "$tmp/inj.yaml" "outagesim: warning: $tmp/inj.yaml:13:65: events[0].for: \
an outage of 1d from 29d lasts to the 30d horizon or past it: it never recovers within the run"
warned injected
sed 's/for: 1d/for: 23h 59m 59s 999ms/' "$tmp/inj.yaml" >"$tmp/inj2.yaml"
"$exe" validate "$tmp/inj2.yaml" >/dev/null 2>"$tmp/err"
grep -q warning "$tmp/err" && bad "an outage ending 1 ms before the horizon: warned" ||
    ok "an outage ending 1 ms before the horizon: no warning"

# An event after the horizon never happens: the warning says it is ignored, and the result is
# byte for byte the one without the event (no failure process: the run is deterministic; the
# exact answer, left out when injected outages happen, is there in both).
{
    base
    printf 'events:\n'
    printf '  - { zone_down: { region: westeurope, zone: 1 }, at: 40d, for: 1h }\n'
} >"$tmp/late.yaml"
# (the `at` value: line 13, column 55)
warn_case late "$tmp/late.yaml" "outagesim: warning: $tmp/late.yaml:13:55: events[0].at: 40d \
is not before the 30d horizon: the event never happens (ignored)"
warned late
base >"$tmp/nolate.yaml"
"$exe" run "$tmp/nolate.yaml" --quiet --format json >"$tmp/nolate.json" 2>"$tmp/err"
if diff <(grep -v '"kernel"' "$tmp/late.json") <(grep -v '"kernel"' "$tmp/nolate.json") \
    >/dev/null; then ok "event after the horizon: result as without it"; else
    bad "event after the horizon: the result differs from the run without the event"; fi

# --precision above 1 without '%': an absolute half-width that any run meets; the stochastic
# scenario above stops at its first check all the same (the warning changes nothing).
warn_case precision "$tmp/half.yaml" "outagesim: warning: --precision: an absolute half-width \
of 5 is wider than any availability interval (availability is a fraction from 0 to 1), so the \
run stops at its first check; did you mean '5%'?" --precision 5 --max-replications 300
for p in 5% 1 0.01; do
    "$exe" run "$tmp/half.yaml" --quiet --precision "$p" --max-replications 200 \
        --output "$tmp/p.json" 2>"$tmp/err"
    grep -q 'precision' "$tmp/err" && bad "--precision $p: warned" || ok "--precision $p: no warning"
done

# fit from fewer than 10 outages: 4 outages of one zone, 3 times between them. stdout is the
# report alone (byte-identical with stderr discarded).
{
    echo "start,duration,region,zone"
    echo "2024-01-01T00:00:00Z,2h,westeurope,1"
    echo "2024-02-11T00:00:00Z,3h,westeurope,1"
    echo "2024-04-02T00:00:00Z,1h,westeurope,1"
    echo "2024-06-20T00:00:00Z,5h,westeurope,1"
} >"$tmp/few.csv"
"$exe" fit "$tmp/few.csv" >"$tmp/few.out" 2>"$tmp/few.err"
expect_rc "fit from 4 outages" 0 $? "$tmp/few.err"
expect_in "fit: the repair warning" "$tmp/few.err" "outagesim: warning: $tmp/few.csv: \
time_to_repair: fitted from only 4 outages (fewer than 10): the parameters and the best family \
are rough guesses"
expect_in "fit: the between-outages warning" "$tmp/few.err" "outagesim: warning: $tmp/few.csv: \
time_to_failure: fitted from only 3 times between outages (fewer than 10)"
"$exe" fit "$tmp/few.csv" 2>/dev/null | cmp -s - "$tmp/few.out" && ok "fit: stdout is the report" ||
    bad "fit: stdout differs"
"$exe" fit scenarios/traces/westeurope-illustrative.csv >/dev/null 2>"$tmp/err"
grep -q warning "$tmp/err" && bad "fit of the illustrative trace: warned" ||
    ok "fit of the illustrative trace (enough outages): no warning"

# No warning for any bundled scenario (run through validate: the loader finds them all).
for f in scenarios/*.yaml; do
    "$exe" validate "$f" >/dev/null 2>"$tmp/err"
    grep -q warning "$tmp/err" && bad "$f: warned: $(head -1 "$tmp/err")"
done
ok "no warning for the bundled scenarios"

echo "$checks checks, $failed failed"
[ "$failed" -eq 0 ]
