#!/usr/bin/env bash
# setup.sh — from a fresh Debian 12 machine to a first simulation, in one command:
#   tools/setup.sh
# Installs the build dependencies (as root, or through sudo), configures and builds outagesim in
# build/, then runs the bundled scenario. Idempotent: run it again at any time; when everything
# is in place it only rebuilds what changed.
set -euo pipefail

SCENARIO="${SCENARIO:-scenarios/seed-story.yaml}" # the scenario run at the end
BUILD_DIR=build

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=tools/deps.sh
. tools/deps.sh

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

step "1/4 Installing dependencies"
os_deps_install || fail "could not install the dependencies (see above)"

step "2/4 Configuring $BUILD_DIR/ (meson)"
if [ -f "$BUILD_DIR/meson-private/coredata.dat" ]; then
    # A build/ from an older meson or a moved tree cannot always be reconfigured: start it afresh.
    meson setup --reconfigure "$BUILD_DIR" || meson setup --wipe "$BUILD_DIR" ||
        fail "meson setup $BUILD_DIR failed"
else
    meson setup "$BUILD_DIR" || fail "meson setup $BUILD_DIR failed"
fi

step "3/4 Building (ninja)"
ninja -C "$BUILD_DIR" || fail "the build failed (see above)"

step "4/4 Running $BUILD_DIR/outagesim run $SCENARIO"
[ -f "$SCENARIO" ] || fail "scenario $SCENARIO not found"
"$BUILD_DIR/outagesim" run "$SCENARIO" || fail "outagesim run $SCENARIO failed"

printf '\nsetup: done. Next: tools/test.sh runs the test suite; %s/outagesim --help lists the commands.\n' \
    "$BUILD_DIR"
