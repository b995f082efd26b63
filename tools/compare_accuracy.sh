#!/usr/bin/env bash
# Accuracy side by side: our SimCLR (samples/reference-fashion-mnist.json: the reference text's setting) and the
# reference text's PyTorch code (tools/reference_simclr_fmnist.py), both on Fashion-MNIST with 2 threads, then a
# linear probe on frozen features. Prints both random-init and trained probe accuracies.
# Usage: tools/compare_accuracy.sh [EPOCHS] [PROBE_EPOCHS] [PRECISION] [EXTRA pretext-cli FLAGS...]
#   (defaults 3 20 auto; about 12 minutes on two cores). E.g. `tools/compare_accuracy.sh 3 20 auto --raw-probe`
#   probes raw features as the reference does.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
probe=${2:-20}
precision=${3:-auto}
shift $(( $# < 3 ? $# : 3 ))
out=$(mktemp -d /tmp/pretext-accuracy-XXXXXX)
echo "== ours: pretext-cli train --config samples/reference-fashion-mnist.json --epochs $epochs (precision $precision)"
start=$(date +%s)
build/bin/pretext-cli train --config samples/reference-fashion-mnist.json --epochs "$epochs" --threads 2 \
    --precision "$precision" --out "$out/run" "$@" 2>&1 | grep -E "baseline|after epoch|precision|done"
echo "   ($(( $(date +%s) - start )) s in all)"
echo "== reference: tools/reference_simclr_fmnist.py $epochs $probe"
start=$(date +%s)
/usr/bin/python3 tools/reference_simclr_fmnist.py "$epochs" "$probe"
echo "   ($(( $(date +%s) - start )) s in all)"
rm -rf "$out"
