#!/usr/bin/env bash
# setup.sh - installs what jitsim needs on Debian (only what is missing),
# then configures and builds it.
#
# usage: scripts/setup.sh [--build-dir DIR] [--debug] [--sanitize] [--werror]
#                         [--with-browser] [--with-fuzz] [--with-classroom]
#                         [-- extra cmake arguments]
#
# --with-browser also installs Chromium, which only the report test that
# screenshots report.html in a real browser needs (CI passes it).
# --with-fuzz also installs clang and libFuzzer, which only the fuzz
# targets need (tests/fuzz/run.sh; CI passes it).
# --with-classroom also installs what the classroom page needs (clang, lld,
# wasi-libc for jitsim.wasm; dpkg-dev to unpack GSL's and libfyaml's
# Debian sources; Node and Chromium, and playwright-core from
# tests/classroom/package-lock.json with npm ci, for its tests) and
# configures with -DJITSIM_CLASSROOM=ON (docs/classroom.md; CI passes it).
#
# Uses apt-get directly when run as root, through sudo otherwise, and does
# not touch apt at all when every package is already installed.
set -euo pipefail

cd "$(dirname "$0")/.."

build_dir=build
build_type=Release
cmake_args=()
with_browser=0
with_fuzz=0
with_classroom=0
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build_dir=$2; shift 2 ;;
        --debug) build_type=Debug; shift ;;
        --sanitize) build_type=Debug; cmake_args+=(-DJITSIM_SANITIZE=ON); shift ;;
        --werror) cmake_args+=(-DJITSIM_WERROR=ON); shift ;;
        --with-browser) with_browser=1; shift ;;
        --with-fuzz) with_fuzz=1; shift ;;
        --) shift; cmake_args+=("$@"); break ;;
        --with-classroom) with_classroom=1; cmake_args+=(-DJITSIM_CLASSROOM=ON); shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

packages=(
    build-essential cmake ninja-build pkg-config
    libgsl-dev libcsv-dev libcriterion-dev libfyaml-dev
    gnuplot-nox libopenmpi-dev openmpi-bin
    strace
    valgrind  # callgrind counts instructions for bench/gate.sh (CI)
)
if [ "$with_browser" -eq 1 ]; then
    packages+=(chromium)
fi
if [ "$with_fuzz" -eq 1 ]; then
    packages+=(clang libclang-rt-14-dev llvm)
fi
if [ "$with_classroom" -eq 1 ]; then
    packages+=(clang lld llvm wasi-libc libclang-rt-14-dev-wasm32 dpkg-dev
               chromium nodejs)
    command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "setup.sh: these Debian packages are missing and neither root nor sudo is available: ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core, exactly as locked, for the classroom page's browser test.
if [ "$with_classroom" -eq 1 ] && [ ! -d tests/classroom/node_modules/playwright-core ]; then
    (cd tests/classroom && npm ci --no-audit --no-fund --loglevel=error)
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
    "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
