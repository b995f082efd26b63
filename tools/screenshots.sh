#!/usr/bin/env bash
# Screenshots of the workbench running the classroom demo, the way a class would see it: each screen size in
# normal and presentation mode, taken a few seconds and a minute after the window starts the run.
#
#   tools/screenshots.sh OUT_DIR [SIZE ...]     (SIZE as 1600x1000; default 1600x1000 1280x720 1024x768)
#
# Environment: PRETEXT (the binary, default build/bin/pretext), CONFIG (default the classroom demo),
# SHOTS_AT (seconds after start, default "5 60"), MODES (default "normal presentation"),
# UI_LANGUAGE (en or zh_CN; default the system's, e.g. UI_LANGUAGE=zh_CN for the Chinese interface).
# Needs Xvfb and ImageMagick's import. Plain Xvfb has no window manager: the window sits at 0,0 without a frame.
# Writes OUT_DIR/<size>-<mode>-<t>s.png, and OUT_DIR/timings.txt with the machine's load at each run.
set -euo pipefail

out=${1:?usage: tools/screenshots.sh OUT_DIR [SIZE ...]}
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1600x1000 1280x720 1024x768)
root=$(cd "$(dirname "$0")/.." && pwd)
pretext=${PRETEXT:-$root/build/bin/pretext}
config=${CONFIG:-$root/samples/classroom-fashion-mnist.json}
read -r -a times <<<"${SHOTS_AT:-5 60}"
read -r -a modes <<<"${MODES:-normal presentation}"
command -v Xvfb >/dev/null || { echo "screenshots.sh: Xvfb is missing (apt-get install xvfb)" >&2; exit 2; }
command -v import >/dev/null || { echo "screenshots.sh: import is missing (apt-get install imagemagick)" >&2; exit 2; }
[ -x "$pretext" ] || { echo "screenshots.sh: $pretext is not built" >&2; exit 2; }

mkdir -p "$out"
work=$(mktemp -d /tmp/pretext-shots.XXXXXX)
xvfb_pid=
app_pid=
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A display number nobody uses.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done

for size in "${sizes[@]}"; do
    Xvfb ":$display" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
    for mode in "${modes[@]}"; do
        name="$size-$mode"
        args=(--config "$config" --start --out "$work/run-$name")
        [ "$mode" = presentation ] && args+=(--presentation)
        [ -n "${UI_LANGUAGE:-}" ] && args+=(--language "$UI_LANGUAGE")
        # A fresh settings folder: no saved geometry or layout from earlier sessions.
        XDG_CONFIG_HOME="$work/config-$name" DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$pretext" "${args[@]}" \
            >"$work/$name.log" 2>&1 &
        app_pid=$!
        start=$(date +%s.%N)
        for t in "${times[@]}"; do
            now=$(date +%s.%N)
            wait_s=$(echo "$start + $t - $now" | bc)
            if [ "$(echo "$wait_s > 0" | bc)" = 1 ]; then sleep "$wait_s"; fi
            DISPLAY=":$display" import -window root "$out/$name-${t}s.png"
            echo "$name at ${t}s: load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/timings.txt"
            echo "$out/$name-${t}s.png"
        done
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
        app_pid=
    done
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
    xvfb_pid=
done
