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

# Target-specific libFuzzer options. LibTorch leaks about 1 KB per malformed zip archive (fuzz/lsan.supp), which adds
# up over a million inputs: the checkpoint target may grow to 4 GB, while one allocation over 2 GB stays a finding.
fuzz_options() {
    case "$1" in
        checkpoint) echo -rss_limit_mb=4096 -malloc_limit_mb=2048 ;;
    esac
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

# A crash log's signature: its first sanitizer summary or failed invariant, without addresses, so that inputs that
# hit one fault by different paths count once.
fuzz_signature() {
    grep -m1 -E 'fuzz invariant failed|PRETEXT_FUZZ_STRICT|^SUMMARY: ' "$1" |
        sed -E 's/ \(BuildId: [0-9a-f]+\)//g; s/\+?0x[0-9a-f]+//g; s/==[0-9]+==//g; s/:[0-9]+(:[0-9]+)?//g' || true
}

# The executions of one libFuzzer log: the final statistics, or the last status line of -fork mode.
fuzz_runs() {
    awk '/^stat::number_of_executed_units:/ { s = $2 }
         /^#[0-9]+:/ { f = substr($1, 2); sub(":", "", f) }
         END { print (s != "" ? s : (f != "" ? f : 0)) }' "$1"
}

# Coverage (edges) of a target's corpus: replays it without fuzzing.
fuzz_coverage() {
    local t=$1
    fuzz_exec "build-fuzz/bin/fuzz_$t" -runs=0 -max_len="$(fuzz_max_len "$t")" \
        "build-fuzz/fuzz-corpus/$t" "fuzz/corpus/$t" 2>&1 |
        awk '/INITED cov: / { for (i = 1; i <= NF; i++) if ($i == "cov:") c = $(i + 1) } END { print c + 0 }'
}

# The crash inputs libFuzzer wrote to DIR for TARGET, by name.
fuzz_artifacts() {
    find "$1" -maxdepth 1 -type f -regextype posix-extended -regex ".*/$2-(crash|leak|timeout|oom)-[0-9a-f]+" \
        -printf '%f\n' | sort
}

# Minimises a crash input and keeps it as tests/data/fuzz-regressions/TARGET-N.bin (unless a kept input has the same
# bytes); prints the path.
fuzz_keep_crash() {
    local t=$1 artifact=$2 bin=build-fuzz/bin/fuzz_$1 dir=tests/data/fuzz-regressions n=1 f
    local min="$artifact.min"
    case "$(basename "$artifact")" in
        "$t"-timeout-*) ;;
        *) fuzz_exec "$bin" -minimize_crash=1 -runs=20000 -max_len="$(fuzz_max_len "$t")" -exact_artifact_path="$min" \
               "$artifact" >"$artifact.minimise.log" 2>&1 || true ;;
    esac
    [ -s "$min" ] || cp "$artifact" "$min"
    mkdir -p "$dir"
    for f in "$dir/$t"-*.bin; do
        [ -e "$f" ] && cmp -s "$f" "$min" && { echo "$f"; return 0; }
    done
    while [ -e "$dir/$t-$n.bin" ]; do n=$((n + 1)); done
    cp "$min" "$dir/$t-$n.bin"
    echo "$dir/$t-$n.bin"
}

# Fuzzes one target until it has run PRETEXT_FUZZ_RUNS inputs (default 1,000,000), or for SECONDS when given, and
# prints one summary line. After the first crash it goes on in -fork mode, which survives crashes, so that one
# fault does not hide the rest; each distinct fault (by signature) keeps one minimised input.
fuzz_target() {
    local t=$1 secs=$2 bin=build-fuzz/bin/fuzz_$1 goal=${PRETEXT_FUZZ_RUNS:-1000000}
    if [ ! -x "$bin" ]; then
        printf '%-11s not built (its engine header is missing)\n' "$t"
        return 0
    fi
    local work=build-fuzz/fuzz-corpus/$t findings=fuzz/findings logs=build-fuzz/fuzz-logs
    mkdir -p "$work" "$findings" "$logs"
    local seen="" still=0 reg sig
    # Regressions first: a kept crash input that still crashes is reported (and its fault not reported again).
    for reg in tests/data/fuzz-regressions/"$t"-*.bin; do
        [ -e "$reg" ] || continue
        if ! fuzz_exec "$bin" -runs=1 -timeout=10 "$reg" >"$logs/$t-replay.log" 2>&1; then
            still=$((still + 1))
            sig=$(fuzz_signature "$logs/$t-replay.log")
            seen+="$sig"$'\n'
            log "$t: $reg still crashes: $sig"
        fi
    done
    local runs=0 crashes=0 interrupted=0 began=$SECONDS kept=() fork=() cov0 inputs0
    cov0=$(fuzz_coverage "$t")
    inputs0=$(find "$work" -type f | wc -l)
    while :; do
        local log_file=$logs/$t.log limit
        if [ -n "$secs" ]; then
            local left=$((secs - (SECONDS - began)))
            [ "$left" -gt 0 ] || break
            limit=(-max_total_time="$left")
        else
            [ "$runs" -lt "$goal" ] || break
            limit=(-runs=$((goal - runs)))
        fi
        local before after
        before=$(fuzz_artifacts "$findings" "$t")
        log "fuzzing $t (${limit[*]}${fork:+ -fork=1}; corpus $work + fuzz/corpus/$t)"
        local rc=0
        # shellcheck disable=SC2046 # fuzz_options: words
        fuzz_exec "$bin" "${limit[@]}" "${fork[@]}" $(fuzz_options "$t") -max_len="$(fuzz_max_len "$t")" -timeout=10 \
            -print_final_stats=1 -dict="fuzz/dict/$([ "$t" = idx_gz ] && echo idx || echo "$t").dict" \
            -artifact_prefix="$findings/$t-" "$work" "fuzz/corpus/$t" >"$log_file" 2>&1 || rc=$?
        local r
        r=$(fuzz_runs "$log_file")
        runs=$((runs + r))
        after=$(fuzz_artifacts "$findings" "$t")
        local a
        for a in $(comm -13 <(echo "$before") <(echo "$after")); do
            crashes=$((crashes + 1))
            fuzz_exec "$bin" -runs=1 -timeout=10 "$findings/$a" >"$findings/$a.log" 2>&1 || true
            sig=$(fuzz_signature "$findings/$a.log")
            if [ -n "$sig" ] && grep -qxF -- "$sig" <<<"$seen"; then continue; fi
            seen+="$sig"$'\n'
            kept+=("$(fuzz_keep_crash "$t" "$findings/$a")")
            log "$t: ${sig:-crash} (input $findings/$a, stack $findings/$a.log), kept as ${kept[-1]}"
        done
        if [ "$rc" -ne 0 ] && [ "$after" = "$before" ] && grep -q 'libFuzzer: run interrupted' "$log_file" &&
            [ "$interrupted" -lt 3 ]; then
            interrupted=$((interrupted + 1)) # a signal from outside (not Ctrl-C, which stops this script too)
            log "$t: libFuzzer was interrupted after $r executions; going on"
            continue
        fi
        if [ "$r" -eq 0 ] || { [ "$rc" -ne 0 ] && [ "$after" = "$before" ]; }; then
            log "$t: libFuzzer stopped (exit $rc) without statistics or a crash input; see $log_file"
            break
        fi
        [ "$rc" -eq 0 ] || fork=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
    done
    local elapsed=$((SECONDS - began)) cov1 inputs1
    cov1=$(fuzz_coverage "$t")
    inputs1=$(find "$work" -type f | wc -l)
    printf '%-11s %9s executions %6s exec/s  coverage %s -> %s edges (+%s), %s new inputs, %s crash inputs%s%s\n' \
        "$t" "$runs" "$((runs / (elapsed > 0 ? elapsed : 1)))" "$cov0" "$cov1" "$((cov1 - cov0))" \
        "$((inputs1 - inputs0))" "$crashes" "$([ ${#kept[@]} -gt 0 ] && echo ", new faults kept: ${kept[*]}")" \
        "$([ "$still" -gt 0 ] && echo "; $still regression inputs still crash")"
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
