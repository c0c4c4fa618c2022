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

echo "$checks checks, $failed failed"
[ "$failed" -eq 0 ]
