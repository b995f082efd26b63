#!/usr/bin/env bash
# Pretext Workbench: the two commands of a fresh Debian 12 machine.
#   ./pretext.sh run  [ARGS...]   install what is missing, build, start the workbench
#   ./pretext.sh test             install what is missing, build, run the whole test suite (CTest)
#   ./pretext.sh bench [ARGS...]  build, then print our throughput beside the PyTorch reference's
#   ./pretext.sh build            install what is missing and build only
#   ./pretext.sh package          install what is missing, build a Release tree (build-package/), make its .deb with
#                                 CPack and check it with lintian (install it with: apt-get install ./FILE.deb)
# Environment: PRETEXT_PRESET (dev | ci | asan; default dev, ci when CI is set), PRETEXT_JOBS.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqcustomplot-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk
    libtorch-dev libopenblas0-pthread libopencv-dev
    dataset-fashion-mnist
    xvfb xauth imagemagick
    python3-torch python3-torchvision
    # tests/ui/tst_locale.cpp's C-library rows: as root, localedef -i de_DE -f UTF-8 de_DE.UTF-8 (and zh_CN)
    locales
    # man pages from --help; the desktop entry's and metainfo's validators (CTest); the .deb: dpkg-shlibdeps,
    # dpkg-buildflags and file (CPack's dependency scan), lintian
    help2man desktop-file-utils appstream dpkg-dev file lintian
)

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
    *)
        echo "usage: ./pretext.sh run|test|bench|build|package [ARGS...]" >&2
        exit 2
        ;;
esac
