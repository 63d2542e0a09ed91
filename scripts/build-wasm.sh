#!/usr/bin/env bash
# build-wasm.sh - builds jitsim.wasm, the engine the classroom page runs
# (docs/classroom.md): the same C sources as the command line, compiled
# for wasm32-wasi with Debian's clang, lld and wasi-libc, with GSL,
# libfyaml and libcsv compiled for wasm from their Debian source packages.
#
# usage: scripts/build-wasm.sh [BUILD_DIR]      (default: build)
#
# Writes BUILD_DIR/jitsim.wasm. Everything else lives in BUILD_DIR/wasm/:
# the source packages (fetched once with a private apt sources list, the
# machine's apt setup untouched), their unpacked trees, the libraries'
# archives (each built once: delete BUILD_DIR/wasm/lib/LIB.a to rebuild
# one) and jitsim's own objects (rebuilt every time; a few seconds).
#
# Needs: clang lld wasi-libc libclang-rt-14-dev-wasm32 dpkg-dev
# (scripts/setup.sh --with-classroom installs them). CMake runs it as the
# target `wasm` when configured with -DJITSIM_CLASSROOM=ON.
#
# Not here: the page (app/cmd_classroom.c), the core the page calls
# (analysis/classroom.c, exported by app/wasm/main.c).
set -euo pipefail

src_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-build}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)
work=$build_dir/wasm
mkdir -p "$work/cache/src" "$work/cache/apt/lists/partial" \
    "$work/cache/apt/parts" "$work/lib" "$work/obj"

CC=${WASM_CC:-clang}
for tool in "$CC" wasm-ld dpkg-source; do
    command -v "$tool" >/dev/null || {
        echo "build-wasm.sh: $tool is missing; expected the classroom toolchain (scripts/setup.sh --with-classroom)" >&2
        exit 1
    }
done
sysroot_include=/usr/include/wasm32-wasi
sysroot_lib=/usr/lib/wasm32-wasi
[ -f "$sysroot_include/stdio.h" ] || {
    echo "build-wasm.sh: $sysroot_include/stdio.h is missing; expected wasi-libc (scripts/setup.sh --with-classroom)" >&2
    exit 1
}

# The wasm32-wasi compiler: only wasi-libc's headers (clang 14 also
# searches /usr/include, whose glibc headers must not leak in), our
# stand-ins for the two headers libfyaml includes that WASI lacks, and
# the emulations wasi-libc offers for mmap and signals.
wasm_cc=("$CC" --target=wasm32-wasi -nostdlibinc
         -isystem "$src_root/app/wasm/include" -isystem "$sysroot_include"
         -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_SIGNAL
         -D_WASI_EMULATED_PROCESS_CLOCKS)
jobs=2

# ---- the Debian source packages ------------------------------------------
apt_opts=(-o Dir::Etc::SourceList=/dev/null
          -o "Dir::Etc::SourceParts=$work/cache/apt/parts"
          -o "Dir::State::Lists=$work/cache/apt/lists"
          -o "Dir::Cache=$work/cache/apt"
          -o Debug::NoLocking=1)
fetch() { # PACKAGE: its source package, unpacked into $work/PACKAGE
    local pkg=$1
    [ -d "$work/$pkg" ] && return 0
    if ! ls "$work/cache/src/${pkg}_"*.dsc >/dev/null 2>&1; then
        if [ ! -f "$work/cache/apt/parts/debian-src.list" ]; then
            # The machine's own release (bookworm here), source entries only.
            . /etc/os-release
            echo "deb-src http://deb.debian.org/debian ${VERSION_CODENAME:-bookworm} main" \
                >"$work/cache/apt/parts/debian-src.list"
            echo "build-wasm.sh: fetching the Debian source index (once)" >&2
            apt-get "${apt_opts[@]}" update -qq
        fi
        echo "build-wasm.sh: fetching the source package $pkg" >&2
        (cd "$work/cache/src" && apt-get "${apt_opts[@]}" source --download-only -qq "$pkg" 2>&1 |
            grep -v 'unsandboxed' >&2 || true)
    fi
    local dsc
    dsc=$(ls "$work/cache/src/${pkg}_"*.dsc | head -1)
    rm -rf "$work/$pkg.tmp"
    dpkg-source --no-check -x "$dsc" "$work/$pkg.tmp" >/dev/null
    mv "$work/$pkg.tmp" "$work/$pkg"
}

# Compiles the listed .c files of DIR into the archive LIB (once).
compile_lib() { # LIB DIR CFLAGS... -- FILES...
    local lib=$1 dir=$2
    shift 2
    local flags=()
    while [ "$1" != "--" ]; do flags+=("$1"); shift; done
    shift
    [ -f "$work/lib/$lib.a" ] && return 0
    echo "build-wasm.sh: compiling $lib for wasm32-wasi (${#} files)" >&2
    local objdir=$work/obj/$lib
    rm -rf "$objdir"
    mkdir -p "$objdir"
    printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c '
        f=$1; shift; o=$(echo "$f" | tr / _); o=${o%.c}.o
        "$@" -c "$f" -o "'"$objdir"'/$o"' _ {} "${wasm_cc[@]}" -Os -w "${flags[@]}" \
        || { echo "build-wasm.sh: compiling $lib failed" >&2; exit 1; }
    (cd "$objdir" && llvm-ar-14 rcs "$work/lib/$lib.a.tmp" ./*.o 2>/dev/null ||
        ar rcs "$work/lib/$lib.a.tmp" ./*.o)
    mv "$work/lib/$lib.a.tmp" "$work/lib/$lib.a"
}

# Sources listed in an automake variable (NAME = a.c b.c \ ...).
am_sources() { # MAKEFILE.AM VARIABLE
    awk -v var="$2" '
        $1 == var && $2 == "=" { on = 1; $1 = ""; $2 = "" }
        on { line = $0; cont = sub(/\\[ \t]*$/, "", line); print line; if (!cont) exit }
    ' "$1" | tr ' \t' '\n\n' | grep '\.c$'
}

# ---- GSL: the parts jitsim calls (random numbers, distributions, their
# CDFs and the special functions behind them, statistics) -----------------
fetch gsl
gsl=$work/gsl
if [ ! -f "$work/lib/libgsl.a" ]; then
    mkdir -p "$gsl/wasm-include/gsl"
    cp "$gsl"/gsl_*.h "$gsl"/*/gsl_*.h "$gsl/wasm-include/gsl/"
    # config.h as GSL's configure writes it for an IEEE-754 machine whose
    # libm has the C99 functions (as on x86-64 Debian): the same code paths
    # as the native library.
    sed -E \
        -e 's/^#undef (HAVE_C99_INLINE|HAVE_DECL_(ACOSH|ASINH|ATANH|EXPM1|FINITE|FREXP|HYPOT|ISFINITE|ISINF|ISNAN|LDEXP|LOG1P)|HAVE_EXIT_SUCCESS_AND_FAILURE|HAVE_IEEE_COMPARISONS|HAVE_IEEE_DENORMALS|HAVE_INTTYPES_H|HAVE_LIBM|HAVE_MEMCPY|HAVE_MEMMOVE|HAVE_STDINT_H|HAVE_STDIO_H|HAVE_STDLIB_H|HAVE_STRDUP|HAVE_STRINGS_H|HAVE_STRING_H|HAVE_STRTOL|HAVE_STRTOUL|HAVE_SYS_STAT_H|HAVE_SYS_TYPES_H|HAVE_UNISTD_H|HAVE_VPRINTF|STDC_HEADERS)$/#define \1 1/' \
        -e 's/^#undef (PACKAGE|PACKAGE_NAME|PACKAGE_TARNAME)$/#define \1 "gsl"/' \
        -e 's/^#undef (PACKAGE_VERSION|VERSION|PACKAGE_STRING)$/#define \1 "2.7.1"/' \
        "$gsl/config.h.in" >"$gsl/wasm-include/config.h"
    files=(version.c)
    for d in sys err rng randist cdf specfunc statistics complex poly sort ieee-utils; do
        var=libgsl$(echo "$d" | tr -d -)_la_SOURCES
        while read -r f; do files+=("$d/$f"); done < <(am_sources "$gsl/$d/Makefile.am" "$var")
    done
    (cd "$gsl" && compile_lib libgsl "$gsl" -DHAVE_CONFIG_H -I"$gsl/wasm-include" \
        -I"$gsl/wasm-include/gsl" -I"$gsl" -- "${files[@]}")
fi

# ---- libfyaml: its library (not the tool) --------------------------------
fetch libfyaml
fy=$work/libfyaml
if [ ! -f "$work/lib/libfyaml.a" ]; then
    mkdir -p "$fy/wasm-include"
    cat >"$fy/wasm-include/config.h" <<'EOF'
#define HAVE_INTTYPES_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_STRINGS_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_UNISTD_H 1
#define HAVE_SSIZE_T 1
#define STDC_HEADERS 1
#define NDEBUG 1
#define PACKAGE "libfyaml"
#define PACKAGE_NAME "libfyaml"
#define PACKAGE_VERSION "0.7.12"
#define PACKAGE_STRING "libfyaml 0.7.12"
#define VERSION "0.7.12"
#define _GNU_SOURCE 1
EOF
    files=()
    while read -r f; do files+=("src/$f"); done < <(am_sources "$fy/src/Makefile.am" libfyaml_la_SOURCES)
    (cd "$fy" && compile_lib libfyaml "$fy" -DHAVE_CONFIG_H -I"$fy/wasm-include" \
        -I"$fy/include" -I"$fy/src/lib" -I"$fy/src/xxhash" -- "${files[@]}")
fi

# ---- libcsv (models/demand.c reads a demand trace with it) ---------------
fetch libcsv
csvd=$work/libcsv
(cd "$csvd" && compile_lib libcsv "$csvd" -I"$csvd" -- libcsv.c)

# ---- jitsim: the library's sources that the core needs, and the exports --
# Left out: what writes or reads a run's files and directories (the
# report, sweeps, merges, the optimizer); the core takes the scenario as
# text and returns its results as text. The output files' code that
# output.c calls (atomic.c, meta_json.c, effective.c) is compiled but
# never reached: the POSIX calls WASI lacks there (mkstemp, kill,
# realpath, ...) are not declared, hence the three -Wno- below, and the
# linker drops them (tests/classroom/parity.sh checks that the module
# imports nothing but WASI).
cd "$src_root"
mapfile -t sources < <(
    { ls sim/*.c; find models -name '*.c'; ls analysis/scenario/*.c;
      echo analysis/run.c analysis/estimate.c analysis/table.c \
           analysis/policy_words.c analysis/output.c analysis/effective.c \
           analysis/meta_json.c analysis/atomic.c analysis/classroom.c \
           analysis/play.c \
           app/wasm/main.c app/wasm/shim.c | tr ' ' '\n'; } | sort)
objdir=$work/obj/jitsim
rm -rf "$objdir"
mkdir -p "$objdir"
echo "build-wasm.sh: compiling jitsim for wasm32-wasi (${#sources[@]} files)" >&2
printf '%s\n' "${sources[@]}" | xargs -P "$jobs" -I{} sh -c '
    f=$1; shift; o=$(echo "$f" | tr / _); o=${o%.c}.o
    "$@" -c "$f" -o "'"$objdir"'/$o"' _ {} "${wasm_cc[@]}" -O2 -std=gnu11 \
    -Wall -Wextra -Wshadow -Wno-unknown-pragmas -Wno-implicit-function-declaration \
    -Wno-deprecated-declarations -Wno-unused-but-set-variable -DHAVE_INLINE -I"$src_root" \
    -I"$gsl/wasm-include" -I"$fy/include" -I"$csvd" \
    || { echo "build-wasm.sh: compiling jitsim failed" >&2; exit 1; }

"$CC" --target=wasm32-wasi -mexec-model=reactor -O2 \
    -Wl,--strip-all -Wl,-z,stack-size=1048576 -Wl,--stack-first \
    -Wl,--gc-sections -o "$build_dir/jitsim.wasm.tmp" "$objdir"/*.o \
    "$work/lib/libfyaml.a" "$work/lib/libgsl.a" "$work/lib/libcsv.a" \
    -L"$sysroot_lib" -lwasi-emulated-mman -lwasi-emulated-signal \
    -lwasi-emulated-process-clocks -lm
mv "$build_dir/jitsim.wasm.tmp" "$build_dir/jitsim.wasm"
echo "build-wasm.sh: wrote $build_dir/jitsim.wasm ($(stat -c %s "$build_dir/jitsim.wasm") bytes)" >&2
