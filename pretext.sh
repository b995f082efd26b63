#!/usr/bin/env bash
# Pretext Workbench: the two commands of a fresh Debian 12 machine.
#   ./pretext.sh run  [ARGS...]   install what is missing, build, start the workbench
#   ./pretext.sh test             install what is missing, build, run the whole test suite (CTest)
#   ./pretext.sh bench [ARGS...]  build, then print our throughput beside the PyTorch reference's
#   ./pretext.sh build            install what is missing and build only
# Environment: PRETEXT_PRESET (dev | ci | asan; default dev, ci when CI is set), PRETEXT_JOBS.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6svg6-dev libqcustomplot-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk
    libtorch-dev libopenblas0-pthread libopencv-dev
    dataset-fashion-mnist
    xvfb xauth imagemagick
    python3-torch python3-torchvision
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

build() {
    # Always configure (a no-op when nothing changed): dev and ci share build/ and differ in PRETEXT_WERROR.
    log "configuring ($preset)"
    cmake --preset "$preset" >/dev/null
    log "building ($preset)"
    cmake --build --preset "$preset" ${PRETEXT_JOBS:+-j "$PRETEXT_JOBS"}
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
    *)
        echo "usage: ./pretext.sh run|test|bench|build [ARGS...]" >&2
        exit 2
        ;;
esac
