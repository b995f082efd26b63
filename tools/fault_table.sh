#!/usr/bin/env bash
# The fault table: every fault and bad-input class pretext-cli is expected to survive, injected the way a user meets
# it (PRETEXT_FAULT for the disk, files and flags for the rest), with the exit code, the first line the user saw and
# what was kept. Prints Markdown. Each row takes a few seconds on the generated shapes set.
# Usage: tools/fault_table.sh   (PRETEXT_CLI=path for another binary)
set -uo pipefail
cd "$(dirname "$0")/.."
cli=$(realpath "${PRETEXT_CLI:-build/bin/pretext-cli}")
work=$(mktemp -d /tmp/pretext-faults-XXXXXX)
trap 'rm -rf "$work"' EXIT
tiny=(--dataset shapes:80 --batch-size 16 --epochs 2 --steps-per-epoch 3 --threads 1 --no-eval)

# The first line of what the command printed on stderr, shortened for the table (paths shown relative to $work).
# The error line when there is one (the last line pretext-cli signs), else the first line.
said() {
    local line
    line=$(grep '^pretext-cli' "$1" | tail -1)
    [ -n "$line" ] || line=$(grep -v '^\s*$' "$1" | head -1)
    printf '%s' "$line" | sed "s|$work/||g" | cut -c1-230 | sed 's/|/\\|/g'
}
steps() { if [ -f "$1/metrics.jsonl" ]; then grep -c '"loss"' "$1/metrics.jsonl"; else echo 0; fi; }
ckpt() {
    local s=""
    [ -f "$1/checkpoints/latest.pt" ] && s=$(sed -n 2p "$1/checkpoints/latest.pt" | grep -o '"step":[0-9]*' | cut -d: -f2)
    echo "${s:-none}"
}
tmps() { find "$1" -name '*.tmp.[0-9]*' 2>/dev/null | wc -l; }

row() { # FAULT INJECTION EXIT SAID KEPT
    printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$5"
}

echo "| fault | injected by | exit | what the user saw (first line) | what was kept |"
echo "|---|---|---|---|---|"

# Storage faults while training.
n=0
for spec in "enospc:latest.pt:2" "enospc:metrics.jsonl:4" "erofs:checkpoints/:1" "eio:checkpoints/:1"; do
    n=$((n + 1))
    d=$work/storage-$n # not named after the fault: PATH_PART must match only the file meant
    PRETEXT_FAULT=$spec "$cli" train "${tiny[@]}" --out "$d" >/dev/null 2>"$d.err"
    code=$?
    row "${spec%%:*} while writing ${spec#*:}" "PRETEXT_FAULT=$spec" "$code" "$(said "$d.err")" \
        "checkpoint of step $(ckpt "$d"), $(steps "$d") whole metrics lines, $(tmps "$d") temporary files; resume: exit $("$cli" resume "$d" >/dev/null 2>&1; echo $?)"
done

# SIGTERM mid-run.
d=$work/sigterm
"$cli" train --dataset shapes:2000 --batch-size 16 --epochs 50 --threads 1 --no-eval --out "$d" >/dev/null 2>"$d.err" &
pid=$!
for _ in $(seq 100); do [ "$(steps "$d")" -ge 5 ] && break; sleep 0.2; done
kill -TERM $pid; wait $pid
code=$?
row "SIGTERM mid-run" "kill -TERM" "$code" "$(said "$d.err")" "checkpoint of step $(ckpt "$d"), $(steps "$d") metrics lines"

# Killed before the first checkpoint: config.json written, no checkpoint (as a kill during data loading leaves it).
d=$work/early
"$cli" train "${tiny[@]}" --out "$d" >/dev/null 2>&1
rm -f "$d/checkpoints/latest.pt" "$d/metrics.jsonl"
"$cli" train "${tiny[@]}" --out "$d" >/dev/null 2>"$d.err"
code=$?
"$cli" resume "$d" >/dev/null 2>"$d.resume"
row "killed before the first checkpoint" "checkpoint removed; train again into it" "$code" "$(said "$d.err")" \
    "resume: exit $? ($(said "$d.resume")), $(steps "$d") steps logged"

# Checkpoints that are not the run's.
base=$work/base
"$cli" train "${tiny[@]}" --out "$base" >/dev/null 2>&1
"$cli" train "${tiny[@]}" --out "$work/twin" >/dev/null 2>&1
"$cli" train "${tiny[@]}" --projection-dim 64 --out "$work/wider" >/dev/null 2>&1
"$cli" train --dataset fashion-mnist --train-limit 64 --test-limit 32 --batch-size 16 --epochs 1 --steps-per-epoch 2 \
    --threads 1 --no-eval --out "$work/fmnist" >/dev/null 2>&1
for source in twin wider fmnist; do
    d=$work/foreign-$source
    cp -r "$base" "$d"
    cp "$work/$source/checkpoints/latest.pt" "$d/checkpoints/latest.pt"
    before=$(md5sum <"$d/metrics.jsonl")
    "$cli" resume "$d" >/dev/null 2>"$d.err"
    code=$?
    row "checkpoint of another run ($source)" "cp OTHER/checkpoints/latest.pt" "$code" "$(said "$d.err")" \
        "metrics.jsonl $([ "$(md5sum <"$d/metrics.jsonl")" = "$before" ] && echo unchanged || echo CHANGED)"
done

# Damaged checkpoints.
d=$work/flipped
cp -r "$base" "$d"
size=$(stat -c %s "$d/checkpoints/latest.pt")
printf '\x7f\xc0\x00\x00' | dd of="$d/checkpoints/latest.pt" bs=1 seek=$((size - 4000)) conv=notrunc 2>/dev/null
"$cli" eval "$d" >/dev/null 2>"$d.err"
row "weights overwritten with NaN" "4 bytes of the payload changed" "$?" "$(said "$d.err")" "nothing written"
d=$work/cut
cp -r "$base" "$d"
truncate -s -1000 "$d/checkpoints/latest.pt"
"$cli" resume "$d" >/dev/null 2>"$d.err"
row "checkpoint cut short" "truncate -s -1000" "$?" "$(said "$d.err")" "metrics.jsonl unchanged"
# A checkpoint of the format before the identity header (the LibTorch archive alone), one byte of a tensor changed:
# the zip's own checksum catches it (LibTorch does not look).
d=$work/old-format
cp -r "$base" "$d"
tail -n +3 "$d/checkpoints/latest.pt" >"$d/archive.pt" && mv "$d/archive.pt" "$d/checkpoints/latest.pt"
printf '\x55' | dd of="$d/checkpoints/latest.pt" bs=1 seek=$((64 * 3 + 7)) conv=notrunc 2>/dev/null
"$cli" eval "$d" >/dev/null 2>"$d.err"
row "old-format checkpoint, a tensor changed" "header removed, 1 byte changed" "$?" "$(said "$d.err")" "nothing written"

# Divergence: a run whose loss turns NaN keeps the checkpoint with finite weights.
d=$work/diverged
printf '{"dataset": "shapes:80", "augment": {"mean": [0.5], "stddev": [1e-38]}}' >"$work/overflow.json"
"$cli" train --config "$work/overflow.json" "${tiny[@]}" --out "$d" >/dev/null 2>"$d.err"
row "non-finite loss" "augment.stddev [1e-38] (float overflow)" "$?" "$(said "$d.err")" "checkpoint of step $(ckpt "$d") (finite weights)"

# A torn last metrics line, then eval.
d=$work/torn
cp -r "$base" "$d"
printf '{"step": 7, "lo' >>"$d/metrics.jsonl"
"$cli" eval "$d" >/dev/null 2>"$d.err"
code=$?
row "torn last metrics line" "partial line appended" "$code" "(eval result printed)" \
    "torn line cut, $(wc -l <"$d/metrics.jsonl") whole lines, last: $(tail -1 "$d/metrics.jsonl" | cut -c1-60 | sed 's/|/\\|/g')"

# Stale temporary files.
d=$work/stale
cp -r "$base" "$d"
head -c 1000000 /dev/zero >"$d/checkpoints/latest.pt.tmp.4242"
"$cli" eval "$d" >/dev/null 2>&1
row "temporary file of a killed writer" "checkpoints/latest.pt.tmp.4242 (1 MB)" "$?" "(eval result printed)" "$(tmps "$d") temporary files left"

# Bad input classes.
bad() { # NAME HOW ARGS...
    local name=$1 how=$2
    shift 2
    "$@" >/dev/null 2>"$work/bad.err"
    local code=$?
    row "$name" "$how" "$code" "$(said "$work/bad.err")" "nothing written"
}
python3 - "$work/golden.json" <<'EOF'
import json, sys
d = json.load(open("tests/data/golden.json"))
d["cases"] = [c for c in d["cases"] if c["op"] == "patchify"][:1]
d["cases"][0]["params"]["patch"] = 0
json.dump(d, open(sys.argv[1], "w"))
EOF
bad "golden case with patch 0" "verify --golden" "$cli" verify --golden "$work/golden.json"
"$cli" train "${tiny[@]}" --threads 1024 --epochs 1 --steps-per-epoch 1 --out "$work/threads" >/dev/null 2>"$work/threads.err"
row "more threads than cores" "--threads 1024" "$?" "$(grep -o 'threads = 1024 is more.*' "$work/threads.err" | cut -c1-200)" "the run, on as many threads as cores"
bad "seed beyond 2^53" "--seed 9007199254740993" "$cli" train "${tiny[@]}" --seed 9007199254740993 --out "$work/seed"
bad "integer out of range" "--epochs 10000000000" "$cli" train "${tiny[@]}" --epochs 10000000000 --out "$work/epochs"
bad "empty run folder name" "--out ''" "$cli" train "${tiny[@]}" --out ''
printf '\xef\xbb\xbf{"dataset": "shapes:80", "epochs": 1, "steps_per_epoch": 1, "batch_size": 16, "eval_each_epoch": false}' >"$work/bom.json"
bad "config with a UTF-8 BOM" "--config bom.json" "$cli" train --config "$work/bom.json" --threads 1 --out "$work/bom"
printf '{"datset": "shapes"}' >"$work/typo.json"
bad "unknown top-level key" '{"datset": ...}' "$cli" train --config "$work/typo.json" --out "$work/typo"
bad "unknown flag" "--epoch 3" "$cli" train --epoch 3 --out "$work/flag"
bad "batch that cannot fit in memory" "resnet18, batch 8192" "$cli" train --dataset shapes:8192 --backbone resnet18 --batch-size 8192 --out "$work/big"
mkdir -p "$work/idx"
python3 - "$work/idx" <<'EOF'
import gzip, struct, sys
d = sys.argv[1]
with gzip.open(d + "/train-images-idx3-ubyte.gz", "wb") as f:
    f.write(struct.pack(">IIII", 2051, 2**31 - 1, 28, 28) + bytes(4096))
with gzip.open(d + "/train-labels-idx1-ubyte.gz", "wb") as f:
    f.write(struct.pack(">II", 2049, 2**31 - 1) + bytes(64))
EOF
bad "gzip IDX header claiming 2^31 images" "a 4 KB .gz" "$cli" train --dataset "mnist:$work/idx" --out "$work/idxrun"
