#!/usr/bin/env bash
# Pretext Workbench: the two commands of a fresh Debian 12 machine.
#   ./pretext.sh run  [ARGS...]   install what is missing, build, start the workbench
#   ./pretext.sh test             install what is missing, build, run the whole test suite (CTest)
#   ./pretext.sh bench [ARGS...]  build, then print our throughput beside the PyTorch reference's
#   ./pretext.sh build            install what is missing and build only
#   ./pretext.sh package          install what is missing, build a Release tree (build-package/), make its .deb with
#                                 CPack and check it with lintian (install it with: apt-get install ./FILE.deb)
#   ./pretext.sh fuzz [SECONDS] [TARGET...] [--corpus]
#                                 build the libFuzzer targets (clang; build-fuzz/) and run each for 1,000,000 inputs
#                                 (PRETEXT_FUZZ_RUNS) or SECONDS; crash inputs go to tests/data/fuzz-regressions/
# Environment: PRETEXT_PRESET (dev | ci | asan; default dev, ci when CI is set), PRETEXT_JOBS.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqcustomplot-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk
    libtorch-dev libopenblas0-pthread libopencv-dev nlohmann-json3-dev libcli11-dev
    dataset-fashion-mnist
    xvfb xauth imagemagick
    python3-torch python3-torchvision
    # tests/ui/tst_locale.cpp's C-library rows: as root, localedef -i de_DE -f UTF-8 de_DE.UTF-8 (and zh_CN)
    locales
    # man pages from --help; the desktop entry's and metainfo's validators (CTest); the .deb: dpkg-shlibdeps,
    # dpkg-buildflags and file (CPack's dependency scan), lintian
    help2man desktop-file-utils appstream dpkg-dev file lintian
)

# ./pretext.sh fuzz only: clang with its libFuzzer and sanitizer runtimes, and what the engine needs.
FUZZ_PACKAGES=(cmake ninja-build ccache libtorch-dev libopenblas0-pthread zlib1g-dev clang libclang-rt-14-dev)
FUZZ_TARGETS=(idx idx_gz cifar stl10 config golden checkpoint)

preset=${PRETEXT_PRESET:-$([ -n "${CI:-}" ] && echo ci || echo dev)}

log() { printf '\033[1m[pretext]\033[0m %s\n' "$*" >&2; }

install_deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${#missing[@]} Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            log "missing packages and no sudo: as root run  apt-get install ${missing[*]}"
            exit 1
        fi
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    # env inside sudo: sudo's env_reset would drop a DEBIAN_FRONTEND set outside it.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The German and Chinese locales, so that tst_locale also checks the C library's number formatting (a decimal
# comma) and not only Qt's. Best effort: without root or sudo those rows of the test skip themselves.
generate_locales() {
    local want=() l
    for l in de_DE zh_CN; do
        locale -a 2>/dev/null | grep -qix "$l.utf-\?8" || want+=("$l")
    done
    [ ${#want[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 0
        sudo=(sudo -n)
    fi
    for l in "${want[@]}"; do
        log "generating the locale $l.UTF-8 (for tst_locale)"
        "${sudo[@]}" localedef -i "$l" -f UTF-8 "$l.UTF-8" || log "could not generate $l.UTF-8; tst_locale skips its rows"
    done
}

build() {
    # Always configure (a no-op when nothing changed): dev and ci share build/ and differ in PRETEXT_WERROR.
    log "configuring ($preset)"
    cmake --preset "$preset" >/dev/null
    log "building ($preset)"
    cmake --build --preset "$preset" ${PRETEXT_JOBS:+-j "$PRETEXT_JOBS"}
}

# A Release tree with Debian's hardening flags, installed under /usr, packaged by CPack (packaging/CMakeLists.txt).
package() {
    local dir=build-package
    local -x DEB_BUILD_MAINT_OPTIONS=hardening=+all
    # Man page dates and the package's time stamps follow the changelog, so that a rebuild gives the same .deb.
    local -x SOURCE_DATE_EPOCH
    SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l packaging/debian/changelog -STimestamp)
    # dpkg-buildflags without -g: the packaged binaries are stripped, and debug info triples the build's disk use.
    local cxxflags ldflags
    cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS | sed -E 's/(^| )-g( |$)/ /')"
    ldflags="$(dpkg-buildflags --get LDFLAGS) -Wl,--as-needed"
    log "configuring $dir (Release, prefix /usr)"
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
        -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
        -DPRETEXT_SOURCE_DATA_FALLBACK=OFF -DPRETEXT_DEBIAN_DOCS=ON -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
    log "building $dir without the tests (the first build takes a while)"
    cmake --build "$dir" --target pretext_installables ${PRETEXT_JOBS:+-j "$PRETEXT_JOBS"}
    log "packaging (CPack; dependencies from dpkg-shlibdeps)"
    rm -f "$dir"/packages/*.deb
    (cd "$dir" && cpack -G DEB >/dev/null)
    local deb
    deb=$(ls "$dir"/packages/*.deb)
    log "lintian $deb"
    lintian --fail-on error --info "$deb"
    log "built $deb; install it with: apt-get install ./$deb"
}

build_dir() {
    case "$preset" in
        asan) echo build-asan ;;
        engine-only) echo build-engine ;;
        *) echo build ;;
    esac
}

# ---- ./pretext.sh fuzz: the libFuzzer targets of fuzz/ (fuzz/README.md) ----

fuzz_install_deps() {
    # install_deps on the fuzz list: PACKAGES is dynamically scoped, so install_deps sees this one.
    local PACKAGES=("${FUZZ_PACKAGES[@]}")
    install_deps
}

fuzz_build() {
    log "configuring and building the fuzz preset (clang, ASan + UBSan; build-fuzz/)"
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz ${PRETEXT_JOBS:+-j "$PRETEXT_JOBS"}
}

# Longest input per target (-max_len): enough for the seeds, small enough for fast executions.
fuzz_max_len() {
    case "$1" in
        idx | idx_gz | config) echo 4096 ;;
        cifar) echo 16384 ;;
        stl10) echo 1024 ;;
        golden) echo 24576 ;;
        checkpoint) echo 8192 ;;
        *) echo 4096 ;;
    esac
}

# Runs a fuzz binary with stack traces for UBSan and the LibTorch leak suppression (fuzz/lsan.supp).
fuzz_exec() {
    UBSAN_OPTIONS=print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS} \
        LSAN_OPTIONS=suppressions=fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS} "$@"
}

# One libFuzzer log's final statistics as "EXECUTIONS EXEC_PER_S COV_START COV_END NEW_UNITS".
fuzz_stats() {
    awk '
        /INITED cov: / && start == "" { for (i = 1; i <= NF; i++) if ($i == "cov:") start = $(i + 1) }
        /^#[0-9]+/ { for (i = 1; i <= NF; i++) if ($i == "cov:") end = $(i + 1) }
        /^stat::number_of_executed_units:/ { runs = $2 }
        /^stat::average_exec_per_sec:/ { speed = $2 }
        /^stat::new_units_added:/ { units = $2 }
        END { print (runs == "" ? 0 : runs), (speed == "" ? 0 : speed), (start == "" ? 0 : start),
                    (end == "" ? (start == "" ? 0 : start) : end), (units == "" ? 0 : units) }' "$1"
}

# Minimises a crash artifact and keeps it as tests/data/fuzz-regressions/TARGET-N.bin; prints that path.
fuzz_keep_crash() {
    local t=$1 artifact=$2 bin=build-fuzz/bin/fuzz_$1 dir=tests/data/fuzz-regressions n=1
    local min="$artifact.min"
    case "$(basename "$artifact")" in
        "$t"-crash-* | "$t"-leak-*)
            fuzz_exec "$bin" -minimize_crash=1 -runs=20000 -max_len="$(fuzz_max_len "$t")" -exact_artifact_path="$min" \
                "$artifact" >"$artifact.minimise.log" 2>&1 || true ;;
    esac
    [ -s "$min" ] || cp "$artifact" "$min"
    mkdir -p "$dir"
    while [ -e "$dir/$t-$n.bin" ]; do n=$((n + 1)); done
    cp "$min" "$dir/$t-$n.bin"
    echo "$dir/$t-$n.bin"
}

# Fuzzes one target until it has run RUNS inputs (or for SECONDS when given), going on after a crash (at most
# PRETEXT_FUZZ_MAX_CRASHES times); prints one summary line.
fuzz_target() {
    local t=$1 secs=$2 bin=build-fuzz/bin/fuzz_$1
    local want=${PRETEXT_FUZZ_RUNS:-1000000} max_crashes=${PRETEXT_FUZZ_MAX_CRASHES:-3}
    if [ ! -x "$bin" ]; then
        printf '%-11s not built (its engine header is missing)\n' "$t"
        return 0
    fi
    local work=build-fuzz/fuzz-corpus/$t findings=fuzz/findings
    mkdir -p "$work" "$findings" build-fuzz/fuzz-logs
    # Regressions first: a kept crash input that still crashes is reported, not fuzzed past.
    local reg still=0
    for reg in tests/data/fuzz-regressions/"$t"-*.bin; do
        [ -e "$reg" ] || continue
        fuzz_exec "$bin" -runs=1 "$reg" >/dev/null 2>&1 || { still=$((still + 1)); log "$t: $reg still crashes"; }
    done
    local runs=0 start_cov="" end_cov=0 units=0 crashes=0 elapsed=0 began=$SECONDS kept=()
    while :; do
        local log_file=build-fuzz/fuzz-logs/$t.log limit
        if [ -n "$secs" ]; then
            local left=$((secs - (SECONDS - began)))
            [ "$left" -gt 0 ] || break
            limit=(-max_total_time="$left")
        else
            [ "$runs" -lt "$want" ] || break
            limit=(-runs=$((want - runs)))
        fi
        local before
        before=$(ls "$findings" | grep -E "^$t-(crash|leak|timeout|oom)-[0-9a-f]+$" | sort || true)
        log "fuzzing $t (${limit[*]}; corpus $work + fuzz/corpus/$t)"
        local rc=0
        fuzz_exec "$bin" "${limit[@]}" -max_len="$(fuzz_max_len "$t")" -timeout=10 -print_final_stats=1 \
            -dict="fuzz/dict/$([ "$t" = idx_gz ] && echo idx || echo "$t").dict" \
            -artifact_prefix="$findings/$t-" "$work" "fuzz/corpus/$t" >"$log_file" 2>&1 || rc=$?
        local r s c0 c1 u
        read -r r s c0 c1 u < <(fuzz_stats "$log_file")
        runs=$((runs + r))
        units=$((units + u))
        [ -n "$start_cov" ] || start_cov=$c0
        end_cov=$c1
        if [ "$rc" -eq 0 ]; then
            [ "$r" -gt 0 ] || { log "$t: no statistics in $log_file"; break; }
            continue
        fi
        local new
        new=$(comm -13 <(echo "$before") <(ls "$findings" | grep -E "^$t-(crash|leak|timeout|oom)-[0-9a-f]+$" | sort))
        if [ -z "$new" ]; then
            log "$t: libFuzzer exited with $rc and no crash input; see $log_file"
            crashes=$((crashes + 1))
        fi
        local a
        for a in $new; do
            crashes=$((crashes + 1))
            cp "$log_file" "$findings/$a.log"
            kept+=("$(fuzz_keep_crash "$t" "$findings/$a")")
            log "$t: $a (stack: $findings/$a.log), kept as ${kept[-1]}"
        done
        [ "$crashes" -lt "$max_crashes" ] || { log "$t: $crashes crashes; fix them before fuzzing on"; break; }
    done
    elapsed=$((SECONDS - began))
    printf '%-11s %9s executions %7s exec/s  coverage %s -> %s (+%s), %s new inputs, %s crashes%s\n' \
        "$t" "$runs" "$((runs / (elapsed > 0 ? elapsed : 1)))" "$start_cov" "$end_cov" \
        "$((end_cov - start_cov))" "$units" "$crashes" \
        "$([ ${#kept[@]} -gt 0 ] && echo " (kept: ${kept[*]})")$([ "$still" -gt 0 ] && echo "; $still regression inputs still crash")"
}

fuzz() {
    local secs="" targets=() corpus=0 a
    for a in "$@"; do
        case "$a" in
            --corpus) corpus=1 ;;
            '' | *[!0-9]*) targets+=("$a") ;;
            *) secs=$a ;;
        esac
    done
    [ ${#targets[@]} -gt 0 ] || targets=("${FUZZ_TARGETS[@]}")
    fuzz_install_deps
    fuzz_build
    if [ "$corpus" -eq 1 ]; then
        log "writing the seed corpora (fuzz/corpus/) and dictionaries (fuzz/dict/)"
        build-fuzz/bin/fuzz_make_corpus "$PWD"
    fi
    local summary=() t
    for t in "${targets[@]}"; do
        case " ${FUZZ_TARGETS[*]} " in *" $t "*) ;; *) log "unknown fuzz target $t (${FUZZ_TARGETS[*]})"; exit 2 ;; esac
        summary+=("$(fuzz_target "$t" "$secs")")
        log "${summary[-1]}"
    done
    log "fuzzing done${secs:+ (${secs}s per target)}:"
    printf '%s\n' "${summary[@]}"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
    run)
        install_deps
        build
        bin=$(build_dir)/bin
        if [ -x "$bin/pretext" ]; then
            if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
                log "no display (DISPLAY is not set): the workbench needs a desktop session or X forwarding."
                log "headless training works anywhere: $bin/pretext-cli train --help"
                exit 2
            fi
            exec "$bin/pretext" "$@"
        fi
        log "the workbench window is not built; running a short headless demo"
        exec "$bin/pretext-cli" verify --golden tests/data/golden.json
        ;;
    test)
        install_deps
        generate_locales
        build
        ctest --preset "$preset" "$@"
        ;;
    bench)
        install_deps
        build
        exec "$(build_dir)/bin/pretext-cli" bench "$@"
        ;;
    build)
        install_deps
        build
        ;;
    package)
        install_deps
        package
        ;;
    fuzz)
        fuzz "$@"
        ;;
    *)
        echo "usage: ./pretext.sh run|test|bench|build|package|fuzz [ARGS...]" >&2
        exit 2
        ;;
esac
