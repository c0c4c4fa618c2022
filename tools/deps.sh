#!/usr/bin/env bash
# deps.sh — installs the Debian 12 packages outagesim needs to build, test and plot.
#
# Sourced by tools/setup.sh and tools/test.sh (which call os_deps_install), or run on its own:
#   tools/deps.sh
# Idempotent and non-interactive. When every package is already installed it does not touch apt
# at all (a dpkg-query per package, well under a second). Otherwise it runs apt-get update and
# apt-get install, as root or through sudo.

# Packages, one per concern. libclang-rt-14-dev carries clang's sanitizer and fuzzer runtimes
# (Debian 12's clang is clang-14); override OS_CLANG_RT_PKG on another release.
OS_DEPS_PACKAGES=(
    gcc libc6-dev               # compiler and C library headers (a subset of build-essential)
    meson ninja-build pkg-config
    libyaml-dev libgsl-dev      # scenario parser, statistics and random numbers
    check                       # unit tests
    gnuplot-nox                 # plots in results/
    valgrind                    # memory checks of the unit tests
    python3 python3-jsonschema  # tests/schema.py (JSON outputs against docs/schema/) and
                                # tests/check_html.py (the HTML report's pages)
    clang "${OS_CLANG_RT_PKG:-libclang-rt-14-dev}"
    git ca-certificates
)

# Prints the packages of OS_DEPS_PACKAGES that are not installed, one per line.
os_deps_missing()
{
    local p status
    for p in "${OS_DEPS_PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [ "$status" = "install ok installed" ] || echo "$p"
    done
}

# Installs whatever is missing; returns non-zero if it cannot.
os_deps_install()
{
    local missing sudo=()
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "deps: this is not a Debian system (no dpkg-query/apt-get); install by hand:" >&2
        echo "deps:   ${OS_DEPS_PACKAGES[*]}" >&2
        return 1
    fi

    missing=$(os_deps_missing)
    if [ -z "$missing" ]; then
        echo "deps: all ${#OS_DEPS_PACKAGES[@]} packages already installed"
        return 0
    fi
    # shellcheck disable=SC2086 # one package per word
    echo "deps: missing:" $missing

    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "deps: not root and no sudo: run this script as root, or install the packages" \
                 "above yourself" >&2
            return 1
        fi
    fi

    # DPkg::Lock::Timeout waits for a concurrent apt (e.g. unattended-upgrades on a new VM)
    # instead of failing at once.
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
               -o DPkg::Lock::Timeout=300)
    # Explicit checks: callers use `os_deps_install || ...`, where set -e does not apply.
    echo "deps: apt-get update"
    "${apt[@]}" update || { echo "deps: apt-get update failed" >&2; return 1; }
    echo "deps: apt-get install"
    # shellcheck disable=SC2086
    "${apt[@]}" install --no-install-recommends $missing ||
        { echo "deps: apt-get install failed" >&2; return 1; }

    missing=$(os_deps_missing)
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086
        echo "deps: still missing after apt-get install:" $missing >&2
        return 1
    fi
    echo "deps: done"
}

# Run directly (not sourced): install and report.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    os_deps_install
fi
