#!/usr/bin/env bash
# test.sh — builds outagesim and runs the whole test suite, on its own (even on a new machine):
#   tools/test.sh [MESON TEST ARGS...]     e.g. tools/test.sh --suite unit
# Installs missing dependencies first (tools/deps.sh), configures build/ if needed, builds, and
# runs every suite with `meson test`.
#
# Environment: OS_WERROR=1 builds with -Dwerror=true (CI does), OS_WERROR=0 turns it back off;
# unset leaves build/'s setting as it is.
set -euo pipefail

BUILD_DIR=build

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=tools/deps.sh
. tools/deps.sh

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'test: %s\n' "$*" >&2; exit 1; }

opts=()
case "${OS_WERROR:-}" in
    1) opts+=(-Dwerror=true) ;;
    0) opts+=(-Dwerror=false) ;;
    '') ;;
    *) fail "OS_WERROR must be 0 or 1, not '$OS_WERROR'" ;;
esac

step "Dependencies"
os_deps_install || fail "could not install the dependencies (see above)"

if [ -f "$BUILD_DIR/meson-private/coredata.dat" ]; then
    if [ ${#opts[@]} -gt 0 ]; then
        step "Configuring $BUILD_DIR/ with ${opts[*]}"
        meson configure "$BUILD_DIR" "${opts[@]}" || fail "meson configure failed"
    fi
else
    step "Configuring $BUILD_DIR/ (meson)"
    meson setup "$BUILD_DIR" "${opts[@]}" || fail "meson setup $BUILD_DIR failed"
fi

step "Building (ninja)"
ninja -C "$BUILD_DIR" || fail "the build failed (see above)"

step "Testing (meson test)"
meson test -C "$BUILD_DIR" --print-errorlogs "$@" || fail "tests failed (logs above; full log: $BUILD_DIR/meson-logs/testlog.txt)"
echo "test: all tests passed"
