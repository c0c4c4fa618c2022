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
exit $failed
