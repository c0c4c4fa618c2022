#!/usr/bin/env bash
# mpi.sh — MPI scale-out gives byte-identical results (meson test --suite mpi, built with
# -Dmpi=enabled):   tests/mpi.sh OUTAGESIM SRCDIR
# For a fixed run, a precision-targeted run and a sweep, `mpirun -n 2` must print exactly what
# a single process prints with the same seed, apart from the "kernel" timing lines.
set -u
exe=$1
src=$2
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
cd "$src" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-mpi-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mpirun=(mpirun --oversubscribe -n 2)
[ "$(id -u)" = 0 ] && mpirun+=(--allow-run-as-root)
failed=0

same() { # NAME ARGS... : single process vs 2 ranks
    local name=$1
    shift
    "$exe" "$@" --output "$tmp/$name-1" || { echo "FAIL $name: single run failed"; failed=1; return; }
    "${mpirun[@]}" "$exe" "$@" --output "$tmp/$name-2" ||
        { echo "FAIL $name: mpirun failed"; failed=1; return; }
    if cmp -s <(grep -v '"kernel"' "$tmp/$name-1") <(grep -v '"kernel"' "$tmp/$name-2"); then
        echo "ok $name: identical with 2 ranks"
    else
        echo "FAIL $name: output differs with 2 ranks"
        diff <(grep -v '"kernel"' "$tmp/$name-1") <(grep -v '"kernel"' "$tmp/$name-2") | head -20
        failed=1
    fi
}

same fixed run scenarios/stochastic-zonal.yaml --replications 300 --threads 1 --format json --quiet
same precision run scenarios/stochastic-zonal.yaml --precision 25% --threads 2 --format json --quiet
same sweep sweep scenarios/capacity-zr-target.yaml --vary regions.westeurope.zones=1,2 \
    --replications 100 --threads 1 --format csv --quiet
same text run scenarios/seed-story.yaml --format text --quiet
# A rank that fails before the collectives (here: rank 1 is given a scenario file that does not
# exist, through a wrapper that picks the file by Open MPI's OMPI_COMM_WORLD_RANK) must not leave
# rank 0 waiting in os_run: every rank agrees on the load status first (cli_agree), and all exit
# 2 with rank 1's message. Before, rank 0 blocked in the first collective: under `timeout` that
# is exit 124, a failure.
# one_rank_fails NAME COMMAND-WORDS...: the scenario operand is the word SCENARIO, which the
# wrapper replaces by the real file on rank 0 and by $tmp/missing.yaml on rank 1.
cat >"$tmp/pick.sh" <<'PICK'
missing=$1 good=$2
shift 2
if [ "${OMPI_COMM_WORLD_RANK:-0}" = 1 ]; then s=$missing; else s=$good; fi
for a; do
    shift
    [ "$a" = SCENARIO ] && a=$s
    set -- "$@" "$a"
done
exec "$@"
PICK
one_rank_fails() {
    local name=$1
    shift
    timeout -k 5 60 "${mpirun[@]}" sh "$tmp/pick.sh" "$tmp/missing.yaml" \
        scenarios/stochastic-zonal.yaml "$exe" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    local rc=$?
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "FAIL $name: the ranks hung (timeout)"; failed=1
    elif [ "$rc" -ne 2 ]; then
        echo "FAIL $name: exit $rc, want 2"; head -5 "$tmp/$name.err"; failed=1
    elif ! grep -q "missing.yaml.*(MPI rank 1; nothing written)" "$tmp/$name.err"; then
        echo "FAIL $name: rank 1's error not reported"; head -5 "$tmp/$name.err"; failed=1
    elif [ -e "$tmp/$name.json" ]; then
        echo "FAIL $name: output written"; failed=1
    else
        echo "ok $name: rank 1 failed to load, both ranks exit 2"
    fi
}
one_rank_fails run-rank1 run SCENARIO --replications 300 --threads 1 --quiet \
    --format json --output "$tmp/run-rank1.json"
one_rank_fails sweep-rank1 sweep SCENARIO --vary regions.westeurope.zones=1,2 \
    --replications 100 --threads 1 --quiet --format csv --output "$tmp/sweep-rank1.json"
one_rank_fails check-rank1 check SCENARIO --baseline results/baselines/stochastic-zonal.json \
    --threads 1 --quiet --output "$tmp/check-rank1.json"
exit $failed
