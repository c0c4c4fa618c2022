#!/usr/bin/env bash
# install.sh — the installed library as a program outside this repository sees it
# (meson test --suite install):   tests/install.sh MESON BUILDDIR SRCDIR OUTAGESIM
# `meson install --destdir` into a temporary staging root must give the executable, the shared
# (with its SONAME) and static libraries, the headers, outagesim.pc and the man page; the
# programs in examples/ must compile with the staged pkg-config file alone (PKG_CONFIG_SYSROOT_DIR
# points pkg-config at the staging root) and print exactly the CLI's numbers; the shared library
# must export only os_* symbols and never reach for stdout, stderr or a printing function.
set -u
meson=$1
build=$2
src=$3
exe=$4
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-install-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
failed=0
ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; failed=1; }

"$meson" install -C "$build" --destdir "$stage" --no-rebuild --quiet >"$tmp/install.log" 2>&1 ||
    { bad "meson install"; cat "$tmp/install.log"; exit 1; }

found() { # DESCRIPTION FIND-ARGS...: exactly one match under the staging root, printed
    local hits
    hits=$(find "$stage" "${@:2}" | sort)
    if [ -n "$hits" ] && [ "$(printf '%s\n' "$hits" | wc -l)" -eq 1 ]; then
        ok "installed: $1"
        printf '%s\n' "$hits" >"$tmp/hit"
    else
        bad "installed: $1 (found: ${hits:-nothing})"
        : >"$tmp/hit"
    fi
}
found "executable" -path '*/bin/outagesim' -type f
found "umbrella header" -path '*/include/outagesim/outagesim.h'
found "export header" -path '*/include/outagesim/export.h'
found "static library" -name liboutagesim.a
found "shared library" -name 'liboutagesim.so.*.*.*' -type f
so=$(cat "$tmp/hit")
found "SONAME link" -name liboutagesim.so.0 -type l
found "development link" -name liboutagesim.so -type l
found "pkg-config file" -name outagesim.pc
pc=$(cat "$tmp/hit")
found "man page" -path '*/man1/outagesim.1'
[ -n "$so" ] && [ -n "$pc" ] || exit 1

# Every public header compiles on its own (no internal header, nothing missing).
inc=$(dirname "$(find "$stage" -path '*/include/outagesim/outagesim.h')")
headers_ok=1
for h in "$inc"/*.h; do
    printf '#include <outagesim/%s>\nint os_header_check;\n' "$(basename "$h")" >"$tmp/h.c"
    cc -std=c11 -Wall -Wextra -Wpedantic -Werror -c -o "$tmp/h.o" -I"$(dirname "$inc")" \
        $(pkg-config --cflags gsl) "$tmp/h.c" 2>"$tmp/h.err" ||
        { bad "header $(basename "$h") is not self-contained"; cat "$tmp/h.err"; headers_ok=0; }
done
[ $headers_ok = 1 ] && ok "public headers compile on their own"

soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = liboutagesim.so.0 ] && ok "SONAME $soname" || bad "SONAME is '$soname'"

# Exported symbols: os_* only.
others=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^os_')
[ -z "$others" ] && ok "exports only os_* ($(nm -D --defined-only "$so" | wc -l) symbols)" ||
    bad "exports other symbols: $others"
# Never prints: no stdout/stderr, no printing or exiting function (snprintf is formatting).
printing=$(nm -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' |
    grep -Ex '(_IO_)?(stdout|stderr)|(__)?(v?f?printf|v?dprintf)(_chk)?|puts|fputs|putchar|fputc|putc|_IO_putc|perror|fwrite|exit|_exit|abort')
[ -z "$printing" ] && ok "references neither stdout nor stderr, nor a printing function" ||
    bad "the library reaches for: $printing"

# The examples, built with the staged pkg-config file alone.
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$stage
libdir=$(dirname "$so")
flags=$(pkg-config --cflags --libs outagesim) || bad "pkg-config outagesim"
for ex in run_scenario sweep_exact; do
    if cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$tmp/$ex" "$src/examples/$ex.c" $flags \
        2>"$tmp/$ex.err"; then
        ok "examples/$ex.c builds against the installed library"
    else
        bad "examples/$ex.c does not build"
        cat "$tmp/$ex.err"
    fi
done
readelf -d "$tmp/run_scenario" 2>/dev/null | grep -q 'NEEDED.*\[liboutagesim.so.0\]' &&
    ok "run_scenario needs liboutagesim.so.0" || bad "run_scenario is not linked to liboutagesim.so.0"
# The static library links too (its dependencies from pkg-config --static).
cc -std=c11 -o "$tmp/run_static" "$src/examples/run_scenario.c" $(pkg-config --cflags outagesim) \
    "$libdir/liboutagesim.a" $(pkg-config --static --libs-only-L --libs-only-other outagesim) \
    $(pkg-config --static --libs-only-l outagesim | sed 's/-loutagesim//') 2>"$tmp/static.err" &&
    ok "run_scenario links against liboutagesim.a" || { bad "static link"; cat "$tmp/static.err"; }
export LD_LIBRARY_PATH=$libdir

cd "$src" || exit 1
scen=scenarios/capacity-zones-exact.yaml
# run_scenario vs `outagesim run --format json`: the same seed and replications give the same
# mean and 95 % interval, bit for bit (results never depend on the thread count).
"$exe" run "$scen" --replications 40 --seed 7 --format json --output "$tmp/cli.json" ||
    bad "outagesim run"
for prog in run_scenario run_static; do
    if "$tmp/$prog" "$scen" 40 7 >"$tmp/$prog.out" 2>"$tmp/$prog.err"; then
        python3 - "$tmp/cli.json" "$tmp/$prog.out" <<'PY' && ok "$prog prints the CLI's availabilities" || bad "$prog differs from the CLI"
import json, sys
cli = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n")
assert lines[0] == "40 replications, seed 7", lines[0]
want = [(c["name"], c["availability"]["mean"], *c["availability"]["ci95"]) for c in cli["connections"]]
got = []
for l in lines[1:]:
    if l:
        name, mean, lo, hi = l.replace("[", "").replace("]", "").replace(",", "").split()
        got.append((name, float(mean), float(lo), float(hi)))
assert len(want) == 2 and got == want, (got, want)
PY
    else
        bad "$prog failed"
        cat "$tmp/$prog.err"
    fi
done

# sweep_exact vs `outagesim exact --set` at each point.
if "$tmp/sweep_exact" "$scen" regions.westeurope.zones=1,2,3 >"$tmp/sweep.out" 2>"$tmp/sweep.err"; then
    for z in 1 2 3; do
        "$exe" exact "$scen" --set regions.westeurope.zones=$z --format json \
            --output "$tmp/exact$z.json" || bad "outagesim exact zones=$z"
    done
    python3 - "$tmp" <<'PY' && ok "sweep_exact prints the CLI's exact availabilities" || bad "sweep_exact differs from the CLI"
import json, sys
tmp = sys.argv[1]
want = []
for z in (1, 2, 3):
    for c in json.load(open(f"{tmp}/exact{z}.json"))["connections"]:
        want.append((f"regions.westeurope.zones={z}", c["name"], c["exact"]["availability"]))
got = []
for l in open(f"{tmp}/sweep.out").read().splitlines():
    point, name, a = l.split()
    got.append((point, name, float(a)))
assert len(want) == 6 and got == want, (got, want)
PY
else
    bad "sweep_exact failed"
    cat "$tmp/sweep.err"
fi

exit $failed
