#!/usr/bin/env bash
# cli_bad.sh — bad input through the command line (meson test --suite cli):
#   tests/cli_bad.sh OUTAGESIM SRCDIR
# 1. Every tests/bad/NAME.yaml through `outagesim run NAME.yaml --output OUT` and
#    `outagesim validate NAME.yaml`: exit status 2; stderr names the file (NAME.yaml, or the
#    trace NAME.csv it uses) with a :LINE: and holds the sidecar NAME.err's message; no crash
#    (exit >= 128, or any sanitizer report); OUT not created, no OUT.tmp.* left behind; an
#    existing OUT left byte for byte as it was.
# 2. Inputs that cannot live in the tree: a directory, an unreadable file (skipped as root, who
#    reads a mode-000 file anyway), an empty file, a file that does not exist.
# 3. `outagesim check`: against its own baseline (exit 0, JUnit without failures), a regressed
#    variant (exit 1, JUnit with a failure), baselines that do not match or do not parse (exit 2,
#    JUnit file not written), --update.
# 4. Ctrl-C: SIGINT one second into a long run with --output: exit 130, no output file, no
#    temporary file, an existing output file untouched.
# The library-level twin of part 1 is tests/test_bad.c (exact messages from the loader).
set -u

if [ $# -ne 2 ]; then
    echo "usage: tests/cli_bad.sh OUTAGESIM SRCDIR" >&2
    exit 2
fi
exe=$1
src=$2
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-cli-XXXXXX") || exit 1
cleanup() {
    chmod -R u+rwx "$tmp" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

failed=0
checks=0
fail() {
    printf 'FAIL %s\n' "$*"
    failed=$((failed + 1))
}

KNOWN='known content: must survive a failed run'

# A sanitizer report or a crash is a failure whatever the exit status says.
crashed() { # crashed RC STDERR_FILE
    [ "$1" -ge 128 ] ||
        grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$2"
}

# expect_bad WHAT STEM RC STDERR: exit 2, no crash, STEM.* with :LINE: on stderr.
expect_bad() {
    local what=$1 stem=$2 rc=$3 err=$4
    checks=$((checks + 1))
    if crashed "$rc" "$err"; then
        fail "$what: crashed (exit $rc):"
        head -20 "$err"
        return 1
    fi
    if [ "$rc" -ne 2 ]; then
        fail "$what: exit $rc, want 2"
        head -5 "$err"
        return 1
    fi
    if ! grep -qE -- "$stem\\.[a-z]+:[0-9]+:" "$err"; then
        fail "$what: stderr does not name $stem.* with a :LINE::"
        head -5 "$err"
        return 1
    fi
    return 0
}

# expect_no_output WHAT OUT: OUT absent, and no OUT.tmp.*.
expect_no_output() {
    local leftovers
    if [ -e "$2" ]; then
        fail "$1: $2 was created"
        rm -f "$2"
    fi
    leftovers=$(compgen -G "$2.tmp.*")
    if [ -n "$leftovers" ]; then
        fail "$1: temporary files left behind: $leftovers"
        rm -f "$2".tmp.*
    fi
}

# expect_untouched WHAT FILE: FILE still holds exactly $KNOWN.
expect_untouched() {
    if ! printf '%s\n' "$KNOWN" | cmp -s - "$2"; then
        fail "$1: the existing output file $2 was changed"
    fi
}

# run_bad WHAT STEM FILE [CMP_ERR]: `run --output` (new and existing output), `validate`.
run_bad() {
    local what=$1 stem=$2 file=$3 want=${4:-} rc
    local out=$tmp/out.json existing=$tmp/existing.json
    "$exe" run "$file" --output "$out" --quiet >/dev/null 2>"$tmp/stderr"
    rc=$?
    if expect_bad "$what (run)" "$stem" "$rc" "$tmp/stderr" && [ -n "$want" ] &&
        ! grep -qxF -- "$want" "$tmp/stderr"; then
        fail "$what (run): stderr lacks the expected message"
        printf '  want: %s\n  got:  %s\n' "$want" "$(head -1 "$tmp/stderr")"
    fi
    expect_no_output "$what (run)" "$out"

    printf '%s\n' "$KNOWN" >"$existing"
    "$exe" run "$file" --output "$existing" --format json --quiet >/dev/null 2>"$tmp/stderr"
    expect_bad "$what (run, existing output)" "$stem" $? "$tmp/stderr"
    expect_untouched "$what (run, existing output)" "$existing"
    [ -z "$(compgen -G "$existing.tmp.*")" ] || fail "$what: temporary files left behind"

    "$exe" validate "$file" >/dev/null 2>"$tmp/stderr"
    rc=$?
    if expect_bad "$what (validate)" "$stem" "$rc" "$tmp/stderr" && [ -n "$want" ] &&
        ! grep -qxF -- "$want" "$tmp/stderr"; then
        fail "$what (validate): stderr lacks the expected message"
    fi
}

# --- 1. the corpus -----------------------------------------------------------------------------
cd "$src/tests/bad" || exit 1
n=0
for file in *.yaml; do
    stem=${file%.yaml}
    want=
    if [ -f "$stem.err" ]; then
        want=$(head -1 "$stem.err")
    else
        fail "$file: no sidecar $stem.err"
    fi
    run_bad "$file" "$stem" "$file" "$want"
    n=$((n + 1))
done
if [ "$n" -lt 40 ]; then
    fail "tests/bad holds $n scenarios; issue 7 asks for at least 40"
fi
echo "corpus: $n files through run and validate"

# --- 2. inputs that cannot be committed ----------------------------------------------------------
cd "$tmp" || exit 1
mkdir dir.yaml
run_bad "a directory" dir dir.yaml 'dir.yaml:1:1: cannot read: Is a directory'
: >empty.yaml
run_bad "an empty file" empty empty.yaml
run_bad "a missing file" missing missing.yaml \
    'missing.yaml:1:1: cannot read: No such file or directory'
printf 'regions: []\n' >unreadable.yaml
chmod 000 unreadable.yaml
if [ "$(id -u)" -eq 0 ]; then
    echo "skip: unreadable file (running as root, which can read a mode-000 file anyway)"
else
    run_bad "an unreadable file" unreadable unreadable.yaml \
        'unreadable.yaml:1:1: cannot read: Permission denied'
fi
chmod 600 unreadable.yaml

# --- 3. outagesim check -------------------------------------------------------------------------
# A small deterministic scenario whose numbers are exact, and a variant whose failover is slower
# (RTO regresses) and whose zone outage is longer (availability regresses).
scenario() { # scenario DNS_REMAP OUTAGE_HOURS CONNECTION_NAME
    cat <<EOF
name: check-demo
simulation: { horizon: 30d }
regions:
  - { name: westeurope, zones: 3 }
  - { name: northeurope, zones: 3 }
computes:
  - { name: web, kind: app-service, region: westeurope, zone: 1, instances: 2 }
targets:
  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }
connections:
  - { name: $3, compute: web, target: blob }
sla: { availability: 95% }
service_connector:
  primary: westeurope
  failover: { dns_remap: $1 }
events:
  - { zone_down: { region: westeurope, zone: 1 }, at: 2d, for: ${2}h }
  - { region_down: westeurope, at: 10d, for: 12h }
EOF
}
scenario 1h 6 web-blob >good.yaml
scenario 3h 30 web-blob >worse.yaml
scenario 3h 6 web-blob >slow.yaml
scenario 1h 6 web-files >renamed.yaml
sed 's/horizon: 30d/horizon: 60d/' good.yaml >longer.yaml
sed 's/name: check-demo/name: other-demo/' good.yaml >other.yaml

check() { # check WANT_RC WHAT ARGS...
    local want=$1 what=$2 rc
    shift 2
    checks=$((checks + 1))
    "$exe" check "$@" --quiet >check.out 2>check.err
    rc=$?
    if crashed "$rc" check.err; then
        fail "check $what: crashed (exit $rc)"
        head -20 check.err
    elif [ "$rc" -ne "$want" ]; then
        fail "check $what: exit $rc, want $want"
        cat check.out check.err | head -20
    fi
}

if ! "$exe" run good.yaml --format json --quiet --output base.json 2>run.err; then
    fail "run good.yaml:"
    cat run.err
fi
cp base.json base.orig

check 0 "against its own baseline" good.yaml --baseline base.json --junit j.xml
grep -q '<failure' j.xml && fail "check against its own baseline: JUnit has a failure"
grep -q '^<testsuite .*tests="5" failures="0"' j.xml ||
    fail "check against its own baseline: JUnit does not count 5 tests, 0 failures"
[ "$(grep -c '<testcase ' j.xml)" -eq 5 ] || fail "check: want 5 testcases in j.xml"
grep -q '^PASS ' check.out || fail "check: no PASS line in the summary"

check 1 "of a regressed variant" worse.yaml --baseline base.json --junit j.xml
grep -q '<failure ' j.xml || fail "check of a regressed variant: JUnit has no failure"
grep -q '^FAIL .*availability .*regression' check.out ||
    fail "check of a regressed variant: availability regression not reported"
grep -q '^FAIL .*RTO .*regression' check.out ||
    fail "check of a regressed variant: RTO regression not reported"

# slow.yaml only fails over 2 h later: RTO 1h 20m -> 3h 20m, nothing else moves.
check 1 "of a slower failover" slow.yaml --baseline base.json
grep -q '^FAIL .*RTO .*regression: max and p95' check.out ||
    fail "check of a slower failover: RTO regression not reported"
check 0 "with a tolerance that covers the RTO change" slow.yaml --baseline base.json \
    --tolerance 2h --junit j.xml
grep -q '<failure' j.xml && fail "check --tolerance 2h: JUnit still has a failure"
check 1 "with a tolerance just short of the change" slow.yaml --baseline base.json \
    --tolerance 1h59m59s
check 1 "the tolerance does not cover availability" worse.yaml --baseline base.json \
    --tolerance 2h
grep -q '^FAIL .*RTO' check.out && fail "check worse.yaml --tolerance 2h: RTO still fails"

# The slow result as a baseline: the good scenario improves on it.
"$exe" run slow.yaml --format json --quiet --output slow.json 2>/dev/null
check 0 "of an improvement" good.yaml --baseline slow.json
grep -q '^IMPROVED ' check.out || fail "check of an improvement: no IMPROVED line"

printf '%s\n' "$KNOWN" >junit.xml
check 2 "with a renamed connection" renamed.yaml --baseline base.json --junit junit.xml
grep -qE "base\.json:[0-9]+:[0-9]+: connections\[0\]: .*'web-blob'.*'web-files'" check.err ||
    fail "check with a renamed connection: message does not name both connections"
expect_untouched "check with a renamed connection" junit.xml
check 2 "with another horizon" longer.yaml --baseline base.json --junit junit.xml
grep -qE 'base\.json:[0-9]+:[0-9]+: horizon: .*30d.*60d' check.err ||
    fail "check with another horizon: message does not name both horizons"
check 2 "with another scenario name" other.yaml --baseline base.json --junit junit.xml
grep -q "scenario 'check-demo', not 'other-demo'" check.err ||
    fail "check with another scenario name: message does not say which"
sed '/^  "service_connector": {/,/^  },$/d' base.json >noservice.json
check 2 "with no service_connector in the baseline" good.yaml --baseline noservice.json
grep -q 'service_connector: missing from the baseline' check.err ||
    fail "check without service_connector: message does not say so"
broken='{"scenario": "check-demo", "seed": 1, "horizon": 2592000, "connections": [],\n'
broken+='  "replications": [1]}\n'
# shellcheck disable=SC2059  # the format is the file's text
printf "$broken" >broken.json
check 2 "with a malformed baseline" good.yaml --baseline broken.json --junit junit.xml
grep -qE '^broken\.json:2:19: replications: ' check.err ||
    fail "check with a malformed baseline: no file:line:column"
printf '{"scenario": "check-demo", "seed": 1,,}\n' >syntax.json
check 2 "with a baseline that is not JSON" good.yaml --baseline syntax.json
grep -qE '^syntax\.json:1:[0-9]+: JSON syntax error' check.err ||
    fail "check with a syntax error: no position"
check 2 "with a missing baseline" good.yaml --baseline nothing.json
check 2 "without --baseline" good.yaml
check 2 "with a bad tolerance" good.yaml --baseline base.json --tolerance soon
check 2 "with a bad scenario" "$src/tests/bad/unknown_section.yaml" --baseline base.json
expect_untouched "check exit 2" junit.xml

check 0 "--update" slow.yaml --baseline base.json --update
cmp -s base.json base.orig && fail "check --update did not rewrite the baseline"
check 0 "against the updated baseline" slow.yaml --baseline base.json
check 0 "--update when the baseline no longer matches" renamed.yaml --baseline base.json --update
check 0 "against the re-created baseline" renamed.yaml --baseline base.json
check 0 "--update creating a baseline" good.yaml --baseline new.json --update
[ -s new.json ] || fail "check --update did not create new.json"
check 2 "--update with a malformed baseline" good.yaml --baseline broken.json --update
# shellcheck disable=SC2059
cmp -s broken.json <(printf "$broken") ||
    fail "check --update rewrote a malformed baseline"
[ -z "$(compgen -G '*.tmp.*')" ] || fail "check: temporary files left behind"

# --- 4. Ctrl-C ----------------------------------------------------------------------------------
# A run of many minutes (10^6 replications of a century; memory for per-replication results is
# allocated up front, so not more replications than that).
cat >long.yaml <<'EOF'
name: long
simulation: { horizon: 100y, replications: 1000000, seed: 7 }
regions:
  - { name: westeurope, zones: 3 }
computes:
  - { name: web, kind: app-service, region: westeurope, zone_redundant: true, instances: 3 }
targets:
  - { name: blob, kind: storage-blob, region: westeurope, zone_redundant: true }
connections:
  - { name: web-blob, compute: web, target: blob }
failures:
  zone:
    time_to_failure: { dist: exponential, mean: 30d }
    time_to_repair: { dist: exponential, mean: 4h }
EOF
interrupt() { # interrupt WHAT OUTPUT
    local pid rc i
    checks=$((checks + 1))
    "$exe" run long.yaml --quiet --threads 2 --output "$2" 2>sig.err &
    pid=$!
    sleep 1
    kill -INT "$pid" 2>/dev/null
    for ((i = 0; i < 200; i++)); do # 20 s at most
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        fail "$1: still running 20 s after SIGINT"
        kill -KILL "$pid"
    fi
    wait "$pid"
    rc=$?
    if [ "$rc" -ne 130 ]; then
        fail "$1: exit $rc after SIGINT, want 130"
        head -5 sig.err
    fi
    if grep -qE 'Sanitizer|runtime error:' sig.err; then
        fail "$1: sanitizer report"
        head -20 sig.err
    fi
    [ -z "$(compgen -G "$2.tmp.*")" ] || fail "$1: temporary files left behind"
}
interrupt "SIGINT" sig.json
expect_no_output "SIGINT" sig.json
printf '%s\n' "$KNOWN" >sig-existing.json
interrupt "SIGINT, existing output" sig-existing.json
expect_untouched "SIGINT, existing output" sig-existing.json

echo "$checks checks, $failed failed"
[ "$failed" -eq 0 ]
