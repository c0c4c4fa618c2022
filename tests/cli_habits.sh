#!/usr/bin/env bash
# cli_habits.sh — the command line's everyday habits (meson test --suite cli):
#   tests/cli_habits.sh OUTAGESIM SRCDIR
# --help and -h for every command (usage on stdout, exit 0, nothing on stderr), -V/--version,
# short options giving the same bytes as the long ones, '-' as SCENARIO (standard input) giving
# the same result as the file and naming <stdin>:LINE:COLUMN in errors, the manual page
# rendering without warnings, and the bash completion script.
set -u
exe=$1
src=$2
case $exe in /*) ;; *) exe=$PWD/$exe ;; esac
cd "$src" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outagesim-habits-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok $*"; }
bad() { echo "FAIL $*"; failed=1; }

# --- help and version ------------------------------------------------------------------------
commands="run sweep check validate exact fit"
for cmd in $commands; do
    for flag in --help -h; do
        "$exe" "$cmd" "$flag" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        if [ $rc -ne 0 ]; then
            bad "$cmd $flag: exit $rc"
        elif [ -s "$tmp/err" ]; then
            bad "$cmd $flag: wrote to stderr: $(head -1 "$tmp/err")"
        elif ! grep -q "^  outagesim $cmd " "$tmp/out" || ! grep -q -- "-h, --help" "$tmp/out"; then
            bad "$cmd $flag: no usage line 'outagesim $cmd' and -h, --help on stdout"
        else
            ok "$cmd $flag"
        fi
    done
    # --help wins over a missing operand and over options given before it.
    case $cmd in
    run | sweep | exact | fit)
        "$exe" "$cmd" --format json --help >/dev/null 2>&1 && ok "$cmd --format json --help" ||
            bad "$cmd --format json --help" ;;
    esac
    # The same text from 'outagesim help CMD'.
    "$exe" "$cmd" --help >"$tmp/a"
    "$exe" help "$cmd" >"$tmp/b"
    cmp -s "$tmp/a" "$tmp/b" && ok "help $cmd = $cmd --help" || bad "help $cmd differs"
done
for flag in -h --help help; do
    "$exe" $flag >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && grep -q "^  outagesim run SCENARIO" "$tmp/out"; then
        ok "global $flag"
    else
        bad "global $flag (exit $rc)"
    fi
    # Every command is listed in the global help.
    for cmd in $commands; do
        grep -q "^  $cmd " "$tmp/out" || bad "global $flag does not list $cmd"
    done
    # The help points at the repository's own docs, never at a file outside it.
    if grep -qE 'SPEC|\.\./shared' "$tmp/out"; then bad "global $flag mentions SPEC"; fi
done
for cmd in $commands; do
    "$exe" "$cmd" --help | grep -qE 'SPEC|\.\./shared' && bad "$cmd --help mentions SPEC"
done
for flag in -V --version; do
    out=$("$exe" $flag 2>&1)
    [ $? -eq 0 ] && [ "$out" = "outagesim 0.1.0" ] && ok "$flag" || bad "$flag: '$out'"
done
"$exe" run -x scenarios/seed-story.yaml >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "unknown or incomplete option '-x'" "$tmp/err" && ok "unknown short option" ||
    bad "unknown short option"
"$exe" help frobnicate >/dev/null 2>&1
[ $? -eq 2 ] && ok "help of an unknown command exits 2" || bad "help frobnicate"

# --- short options equal long ones (same output bytes) ---------------------------------------
# CSV carries no timing, so two runs with the same seed are byte-identical.
s=scenarios/stochastic-zonal.yaml
"$exe" run $s -r 40 -s 7 -j 2 -q --format csv -o "$tmp/short.csv" &&
    "$exe" run $s --replications 40 --seed 7 --threads 2 --quiet --format csv \
        --output "$tmp/long.csv" && cmp -s "$tmp/short.csv" "$tmp/long.csv" &&
    ok "run: -r -s -j -q -o = long forms" || bad "run: short and long options differ"
# ... and they really apply: a different seed gives different figures.
"$exe" run $s -r 40 -s 8 -j 2 -q --format csv -o "$tmp/seed8.csv"
cmp -s "$tmp/short.csv" "$tmp/seed8.csv" && bad "run -s has no effect" || ok "run -s applies"
[ "$(grep -c . "$tmp/short.csv")" -eq 3 ] && ok "run -o wrote the CSV" || bad "run -o"
"$exe" sweep $s --vary computes.web.instances=3,6 -r 20 -s 7 -j 1 -q --format csv \
    -o "$tmp/sw-short.csv" &&
    "$exe" sweep $s --vary computes.web.instances=3,6 --replications 20 --seed 7 --threads 1 \
        --quiet --format csv --output "$tmp/sw-long.csv" &&
    cmp -s "$tmp/sw-short.csv" "$tmp/sw-long.csv" && ok "sweep: short options = long forms" ||
    bad "sweep: short and long options differ"
"$exe" exact $s -o "$tmp/ex-short.txt" && "$exe" exact $s --output "$tmp/ex-long.txt" &&
    cmp -s "$tmp/ex-short.txt" "$tmp/ex-long.txt" && ok "exact: -o = --output" || bad "exact -o"
"$exe" fit scenarios/traces/westeurope-illustrative.csv -o "$tmp/fit-short.txt" 2>/dev/null &&
    "$exe" fit scenarios/traces/westeurope-illustrative.csv --output "$tmp/fit-long.txt" 2>/dev/null &&
    cmp -s "$tmp/fit-short.txt" "$tmp/fit-long.txt" && ok "fit: -o = --output" || bad "fit -o"
# zone-redundant.yaml meets its targets, so check exits 0 against its own result.
"$exe" run scenarios/zone-redundant.yaml --format json -o "$tmp/base.json" -q
"$exe" check scenarios/zone-redundant.yaml --baseline "$tmp/base.json" -j 2 -q >"$tmp/ck-short" &&
    "$exe" check scenarios/zone-redundant.yaml --baseline "$tmp/base.json" --threads 2 --quiet \
        >"$tmp/ck-long" && cmp -s "$tmp/ck-short" "$tmp/ck-long" &&
    ok "check: -j -q = --threads --quiet" || bad "check: short and long options differ"

# --- '-' reads the scenario from standard input ----------------------------------------------
for f in scenarios/seed-story.yaml scenarios/dr-chain.yaml; do
    "$exe" run "$f" >"$tmp/file.txt" 2>&1
    "$exe" run - <"$f" >"$tmp/stdin.txt" 2>&1
    cat "$f" | "$exe" run - >"$tmp/pipe.txt" 2>&1
    cmp -s "$tmp/file.txt" "$tmp/stdin.txt" && cmp -s "$tmp/file.txt" "$tmp/pipe.txt" &&
        ok "run - = run $f" || bad "run - differs from run $f"
done
"$exe" run - --format csv -r 30 -q <$s >"$tmp/stdin.csv" &&
    "$exe" run $s --format csv -r 30 -q >"$tmp/file.csv" && cmp -s "$tmp/stdin.csv" "$tmp/file.csv" &&
    ok "run - (stochastic, csv)" || bad "run - (stochastic, csv) differs"
"$exe" sweep - --vary computes.web.instances=3,6 -r 10 -q --format csv <$s >"$tmp/a" &&
    "$exe" sweep $s --vary computes.web.instances=3,6 -r 10 -q --format csv >"$tmp/b" &&
    cmp -s "$tmp/a" "$tmp/b" && ok "sweep -" || bad "sweep - differs"
"$exe" exact - <$s >"$tmp/a" && "$exe" exact $s >"$tmp/b" && cmp -s "$tmp/a" "$tmp/b" &&
    ok "exact -" || bad "exact - differs"
"$exe" check - --baseline "$tmp/base.json" -q <scenarios/zone-redundant.yaml >"$tmp/a" &&
    cmp -s "$tmp/a" "$tmp/ck-short" && ok "check -" || bad "check - differs"
out=$("$exe" validate - <scenarios/seed-story.yaml)
[ $? -eq 0 ] && [ "${out%% *}" = "<stdin>:" ] && ok "validate -: $out" || bad "validate -: '$out'"
# A bad scenario on standard input: the sidecar's message with <stdin> for the file name.
for stem in duplicate_key unknown_key dist_typo; do
    [ -f "tests/bad/$stem.yaml" ] || continue
    want=$(sed "s|^$stem\\.yaml:|<stdin>:|" "tests/bad/$stem.err")
    "$exe" run - -o "$tmp/never" <"tests/bad/$stem.yaml" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ $rc -eq 2 ] && grep -qxF -- "$want" "$tmp/err" && [ ! -e "$tmp/never" ]; then
        ok "bad $stem on stdin: $want"
    else
        bad "bad $stem on stdin (exit $rc): want '$want', got '$(head -1 "$tmp/err")'"
    fi
done
printf 'regions:\n  - name: westeurope\n    zones: [\n' | "$exe" validate - 2>"$tmp/err" >/dev/null
rc=$?
[ $rc -eq 2 ] && grep -qE '^<stdin>:[0-9]+:[0-9]+: ' "$tmp/err" && ok "YAML error on stdin" ||
    bad "YAML error on stdin (exit $rc): $(head -1 "$tmp/err")"
"$exe" run - </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '^<stdin>' "$tmp/err" && ok "empty stdin" || bad "empty stdin"

# --- the manual page -------------------------------------------------------------------------
page=docs/outagesim.1
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" FILES EXAMPLES \
    "SEE ALSO"; do
    grep -q "^\\.SH \"\\?$section\"\\?\$" "$page" || bad "man page lacks $section"
done
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$tmp/man.txt" 2>"$tmp/man.err"
    rc=$?
    if [ $rc -eq 0 ] && [ ! -s "$tmp/man.err" ] && grep -q "EXIT STATUS" "$tmp/man.txt"; then
        ok "man -l $page renders without warnings"
    else
        bad "man -l $page (exit $rc): $(head -3 "$tmp/man.err")"
    fi
elif command -v mandoc >/dev/null 2>&1; then
    mandoc -T lint -W warning "$page" >"$tmp/man.err" 2>&1 && ok "mandoc -T lint $page" ||
        bad "mandoc -T lint: $(head -3 "$tmp/man.err")"
else
    echo "skip: neither man+groff nor mandoc installed; the man page was not rendered"
fi
# Every command and every long option of every --help is in the man page.
for cmd in $commands; do
    grep -q "^\\.B $cmd\$" "$page" || bad "man page lacks command $cmd"
    for opt in $("$exe" "$cmd" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        grep -qF -- "${opt//-/\\-}" "$page" || bad "man page lacks $opt ($cmd)"
    done
done

# --- bash completion -------------------------------------------------------------------------
comp=completions/outagesim
bash -n "$comp" && ok "bash -n $comp" || bad "bash -n $comp"
# complete WORD...: the words the completion offers for the command line (last word current).
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
             _outagesim; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
has() { # DESCRIPTION WORD COMMAND-LINE...
    local what=$1 word=$2
    shift 2
    if complete_words "$@" | grep -qxF -- "$word"; then ok "completion: $what"; else
        bad "completion: $what: '$word' not offered"
        complete_words "$@" | head -5
    fi
}
has "commands" sweep outagesim sw
has "run options" --replications outagesim run --rep
has "short options" -q outagesim run -
has "check options" --baseline outagesim check --ba
has "--format values" csv outagesim run x.yaml --format c
has "--by values" region outagesim fit t.csv --by r
has "static keys" simulation.horizon= outagesim run $s --set simulation.h
has "keys from the scenario" computes.web.instances= outagesim sweep $s --vary computes.w
has "region keys by short name" regions.westeurope.zones= outagesim run $s --set regions.w
has "--set=KEY form" sla.rto= outagesim run $s --set=sla.r
has "scenario files" scenarios/seed-story.yaml outagesim run scenarios/seed-s
complete_words outagesim run $s --set computes.w | grep -q '^computes\.sql\.' &&
    bad "completion offers a target's name as a compute" || ok "completion: keys by section"

# --- README and docs link only inside the repository ------------------------------------------
# Every relative Markdown link resolves to a file or folder of the repository (anchors into
# Markdown files must name a heading), no link leaves it, and nothing points at the product
# contract outside the repository (../shared, SPEC.md).
if grep -nE '\.\./shared|SPEC\.md' README.md docs/*.md docs/outagesim.1; then
    bad "README/docs mention ../shared or the SPEC"
else
    ok "README/docs do not mention ../shared or the SPEC"
fi
if python3 - README.md docs/*.md <<'PY'
import os, re, sys
root = os.path.realpath(".")
bad = 0
def anchors(path):
    out = set()
    for line in open(path, encoding="utf-8"):
        m = re.match(r"#+ (.*)", line)
        if m:
            a = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            out.add(a)
    return out
for md in sys.argv[1:]:
    text = open(md, encoding="utf-8").read()
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            print(f"{md}: link outside the repository: {target}"); bad = 1; continue
        path, _, frag = target.partition("#")
        full = os.path.realpath(os.path.join(os.path.dirname(md), path)) if path else os.path.realpath(md)
        if not (full + os.sep).startswith(root + os.sep) and full != root:
            print(f"{md}: link leaves the repository: {target}"); bad = 1
        elif not os.path.exists(full):
            print(f"{md}: broken link: {target}"); bad = 1
        elif frag and full.endswith(".md") and frag not in anchors(full):
            print(f"{md}: no heading for #{frag} in {path or md}"); bad = 1
sys.exit(bad)
PY
then ok "README/docs links resolve inside the repository"; else bad "README/docs links"; fi

exit $failed
