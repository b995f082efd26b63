#!/usr/bin/env bash
# The table of every registered method on Fashion-MNIST with its default recipe (pretext-cli train --method M and
# nothing else but the data and threads): training time, offline linear probe and kNN on clean test images after
# the last epoch, each beside the random-init encoder measured by the same protocol at the start of the same run.
# Usage: tools/method_table.sh [METHOD...] [-- EXTRA pretext-cli train FLAGS]
#   (default: every method `pretext-cli train --help` lists; at most 3 minutes of training per method on two cores,
#   plus its evaluations)
# Exercise 4 of the reference text (BYOL vs SimCLR in one setting):
#   tools/method_table.sh simclr byol -- --epochs 3 --batch-size 128 --seed 0
set -euo pipefail
cd "$(dirname "$0")/.."
# PRETEXT_CLI: another pretext-cli binary (e.g. a copy, so that a rebuild cannot replace it mid-table).
cli=${PRETEXT_CLI:-build/bin/pretext-cli}
methods=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do methods+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
if [ ${#methods[@]} -eq 0 ]; then
    # The registry's methods, as the help lists them ("  NAME — Title (family): summary").
    mapfile -t methods < <("$cli" train --help | sed -n 's/^  \([a-z0-9-]*\) — .*/\1/p')
fi
out=$(mktemp -d /tmp/pretext-methods-XXXXXX)
printf '| method | steps | training (s) | all incl. evaluations (s) | linear probe | random-init probe | kNN | random-init kNN | kNN gain |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for m in "${methods[@]}"; do
    start=$(date +%s.%N)
    "$cli" train --method "$m" --dataset fashion-mnist --threads 2 --out "$out/$m" "$@" >"$out/$m.log" 2>&1 ||
        { echo "| $m | failed: $(tail -1 "$out/$m.log") |"; continue; }
    end=$(date +%s.%N)
    /usr/bin/python3 - "$out/$m/metrics.jsonl" "$m" "$start" "$end" <<'PY'
import json, sys
path, method, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rows = [json.loads(l) for l in open(path) if l.strip()]
steps = [r for r in rows if "loss" in r]
base = next(r for r in rows if r.get("random_init"))
last = [r for r in rows if "probe_acc" in r and not r.get("random_init")][-1]
# Training time from the logged throughput: each step took batch / pairs_per_s seconds.
cfg = json.load(open(path.replace("metrics.jsonl", "config.json")))
train_s = sum(cfg["batch_size"] / r["pairs_per_s"] for r in steps if r.get("pairs_per_s"))
pct = lambda v: f"{100 * v:.1f} %"
print(f"| {method} | {len(steps)} | {train_s:.0f} | {end - start:.0f} | {pct(last['probe_acc'])} | {pct(base['probe_acc'])} "
      f"| {pct(last['knn_acc'])} | {pct(base['knn_acc'])} | {100 * (last['knn_acc'] - base['knn_acc']):+.1f} |")
PY
done
echo
echo "run folders: $out"
