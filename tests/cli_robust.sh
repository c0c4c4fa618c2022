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

echo "$checks checks, $failed failed"
[ "$failed" -eq 0 ]
