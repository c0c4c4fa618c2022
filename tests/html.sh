#!/usr/bin/env bash
# html.sh — the HTML report (issue 16) end to end: for run on several scenarios, sweep and
# check, the page is well-formed and self-contained and carries every availability figure of the
# text output and every entity and verdict of the JSON (tests/check_html.py); --format html
# writes atomically (a bad scenario leaves no file and an existing one untouched).
#   html.sh OUTAGESIM SOURCE_ROOT
set -euo pipefail
exe=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check="python3 $root/tests/check_html.py"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# run: each scenario as text, JSON and HTML with the same seed and replications
for s in seed-story stochastic-zonal zone-redundant dr-chain capacity-zones-exact \
         common-cause trace-replay-3zones html-geo html-cost; do
    f=$root/scenarios/$s.yaml
    [ -f "$f" ] || f=$root/tests/scenarios/$s.yaml
    args=(--quiet --replications 40 --seed 3)
    "$exe" run "$f" "${args[@]}" --output "$work/$s.txt"
    "$exe" run "$f" "${args[@]}" --format json --output "$work/$s.json"
    "$exe" run "$f" "${args[@]}" --format html --output "$work/$s.html"
    if $check "$work/$s.html" --text "$work/$s.txt" --json "$work/$s.json"; then ok; else
        bad "run $s"; fi
    # deterministic: the same page twice, byte for byte
    "$exe" run "$f" "${args[@]}" --format html --threads 1 --output "$work/$s.2.html"
    if cmp -s "$work/$s.html" "$work/$s.2.html"; then ok; else bad "run $s: not deterministic"; fi
done

# sweep: simulated (two keys: one series per value of the second) and exact
for mode in run exact; do
    s=$root/scenarios/capacity-zr-target.yaml
    args=(--quiet --replications 30 --vary regions.westeurope.zones=1,2,3
          --vary computes.web.instances=3,6)
    if [ $mode = exact ]; then
        s=$root/scenarios/capacity-zones-exact.yaml
        args=(--quiet --exact --vary regions.westeurope.zones=1,2,3)
    fi
    "$exe" sweep "$s" "${args[@]}" --output "$work/sweep.txt"
    "$exe" sweep "$s" "${args[@]}" --format json --output "$work/sweep.json"
    "$exe" sweep "$s" "${args[@]}" --format html --output "$work/sweep.html"
    if $check "$work/sweep.html" --text "$work/sweep.txt" --json "$work/sweep.json"; then ok
    else bad "sweep ($mode)"; fi
    # the cheapest passing point is circled exactly when the text names one
    if grep -q '^\* cheapest' "$work/sweep.txt"; then want=1; else want=0; fi
    got=$(grep -c 'class="best"' "$work/sweep.html" || true)
    if [ "$got" -ge "$want" ] && { [ "$want" = 1 ] || [ "$got" = 0 ]; }; then ok
    else bad "sweep ($mode): cheapest marks $got, expected $want"; fi
done

# an exact sweep of a scenario with flows and a router: every connection and the flow get a
# chart (check_html.py --json), the router is named as outside the exact class
s=$root/scenarios/second-region.yaml
args=(--quiet --exact --vary regions.westeurope.zones=1,2,3)
"$exe" sweep "$s" "${args[@]}" --output "$work/xflow.txt"
"$exe" sweep "$s" "${args[@]}" --format json --output "$work/xflow.json"
"$exe" sweep "$s" "${args[@]}" --format html --output "$work/xflow.html"
if $check "$work/xflow.html" --text "$work/xflow.txt" --json "$work/xflow.json"; then ok
else bad "sweep (exact, flows)"; fi
if grep -q '<caption>either-region (flow)</caption>' "$work/xflow.html" &&
   grep -q 'Routers are outside the exact class' "$work/xflow.html"; then ok
else bad "sweep (exact, flows): no flow table or router sentence"; fi

# a simulated sweep with costs: routers and flows charted too, the total cost against the first
# key with one line per value of the second, the cheapest point (by cost) circled in it
s=$root/tests/scenarios/html-cost.yaml
args=(--quiet --replications 20 --vary computes.web-we.instances=2,4
      --vary regions.westeurope.zones=2,3)
"$exe" sweep "$s" "${args[@]}" --output "$work/csweep.txt"
"$exe" sweep "$s" "${args[@]}" --format json --output "$work/csweep.json"
"$exe" sweep "$s" "${args[@]}" --format html --output "$work/csweep.html"
if $check "$work/csweep.html" --text "$work/csweep.txt" --json "$work/csweep.json"; then ok
else bad "sweep (costs)"; fi
cost_svg=$(sed -n '/<section id="cost">/,/<\/svg>/p' "$work/csweep.html")
if grep -q 'aria-label="Total cost per year against computes.web-we.instances"' <<<"$cost_svg" &&
   grep -q 'total cost per year (thousands of EUR)' <<<"$cost_svg" &&
   grep -q 'class="best"' <<<"$cost_svg" && grep -q '^\* cheapest' "$work/csweep.txt"; then ok
else bad "sweep (costs): no total-cost chart with the cheapest point"; fi
if grep -q '<caption>checkout (flow)</caption>' "$work/csweep.html" &&
   grep -q '<caption>front (router)</caption>' "$work/csweep.html"; then ok
else bad "sweep (costs): no router or flow table"; fi

# a sweep with skipped combinations (required_instances 8 > 6 instances): their reasons shown
s=$root/scenarios/capacity-zr-target.yaml
args=(--quiet --replications 10 --vary computes.web.required_instances=2..8:3)
"$exe" sweep "$s" "${args[@]}" --output "$work/skip.txt" 2>/dev/null
"$exe" sweep "$s" "${args[@]}" --format html --output "$work/skip.html" 2>/dev/null
if $check "$work/skip.html" --text "$work/skip.txt"; then ok; else bad "sweep (skipped)"; fi
if grep -q '<td colspan="4">skipped: ' "$work/skip.html"; then ok; else bad "sweep: no skipped row"; fi

# check: against a baseline of the same scenario (all pass), then against a scenario whose zone
# repairs take 4x longer (availability regresses: highlighted, exit 1)
s=$root/scenarios/stochastic-zonal.yaml
"$exe" run "$s" --quiet --replications 200 --format json --output "$work/base.json"
"$exe" check "$s" --baseline "$work/base.json" --quiet --output "$work/check.txt"
"$exe" check "$s" --baseline "$work/base.json" --quiet --format html --output "$work/check.html"
if $check "$work/check.html" --text "$work/check.txt"; then ok; else bad "check (pass)"; fi
if grep -q 'class="bad"' "$work/check.html"; then bad "check (pass): a row flagged"; else ok; fi
sed 's/median: 4h, sigma/median: 16h, sigma/' "$s" >"$work/worse.yaml"
status=0
"$exe" check "$work/worse.yaml" --baseline "$work/base.json" --quiet --format html \
    --output "$work/check2.html" || status=$?
"$exe" check "$work/worse.yaml" --baseline "$work/base.json" --quiet --output "$work/check2.txt" \
    || true
if [ $status -eq 1 ]; then ok; else bad "check (regression): exit $status, expected 1"; fi
if $check "$work/check2.html" --text "$work/check2.txt"; then ok; else bad "check (regression)"; fi
if grep -q '<tr class="bad"><td><span class="tag-bad">FAIL (regression)' "$work/check2.html"
then ok; else bad "check (regression): not highlighted"; fi

# the geo-replicated target: its RTO and RPO charts, and its copies' outages as timeline bars
if grep -q 'Geo-replicated target orders' "$work/html-geo.html" &&
   grep -q 'id="geo0-rpo-d"' "$work/html-geo.html" &&
   grep -q '<td>geo_copy orders</td><td>unreachable</td>' "$work/html-geo.html"; then ok
else bad "run html-geo: no geo charts or timeline rows"; fi

# RTO and RPO are histograms with a table of their bins: the seed story has one injected region
# outage, so one incident in each of the 40 replications, each counted in one RTO bin: the
# bins add up to 40, the n of the summary table
page=$work/seed-story.html
if grep -q 'id="rto-d"' "$page" && grep -q 'id="rpo-d"' "$page" &&
   grep -q '<th>from (hours)</th><th>to (hours)</th><th>incidents</th>' "$page"; then ok
else bad "run seed-story: no RTO/RPO histograms with bin tables"; fi
n_rto=$(sed -n '/<caption>RTO distribution against its target<\/caption>/,/<\/table>/p' "$page" |
    grep -o '<td class="num">[0-9]*</td><td>' | grep -o '[0-9][0-9]*' | awk '{s += $1} END {print s}')
if [ "$n_rto" = 40 ]; then ok; else bad "run seed-story: RTO bins count $n_rto, expected 40"; fi
if grep -q '<tr><td>RTO</td><td class="num">40</td>' "$page"; then ok
else bad "run seed-story: RTO summary n is not 40"; fi

# costs: the breakdown chart (checked figure by figure against the JSON by check_html.py) and
# the histograms of the geo target
page=$work/html-cost.html
if grep -q '<section id="cost">' "$page" && grep -q 'aria-label="Cost per year (EUR)"' "$page" &&
   grep -q 'cost per year (thousands of EUR)' "$page" && grep -q 'id="geo0-rto-d"' "$page"
then ok; else bad "run html-cost: no cost chart or geo histograms"; fi
if grep -q '<section id="cost">' "$work/seed-story.html"; then
    bad "run seed-story: a cost section without costs"; else ok; fi

# a bad scenario: exit 2, no page written, an existing page untouched
echo "old" >"$work/keep.html"
if "$exe" run "$root/tests/bad/$(ls "$root/tests/bad" | grep '\.yaml$' | head -1)" --quiet \
    --format html --output "$work/keep.html" 2>/dev/null; then bad "bad scenario accepted"
elif [ "$(cat "$work/keep.html")" = old ]; then ok; else bad "bad scenario: page overwritten"; fi

# an unknown format names html among the choices
msg=$("$exe" run "$root/scenarios/seed-story.yaml" --format htm 2>&1 || true)
case $msg in *"text, json, csv or html"*) ok ;; *) bad "--format message: $msg" ;; esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
