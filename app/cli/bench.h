// pretext-cli bench: throughput measurements. Each returns the process exit code; errors are thrown as
// engine::Error (bad flags -> ConfigError, exit code 2).
#pragma once

namespace pretext::cli {

// `pretext-cli bench augment [FLAGS]`: SimCLR two-view pairs/s of ViewPipeline on 32x32 RGB uint8 batches, at
// --threads (default 1) and at all cores, side by side with the reference text's torchvision pipeline
// (tools/reference_augment_bench.py under /usr/bin/python3, one thread) and the ratio. argv is main()'s; the
// flags are read after the word "augment" (or from argv[1] when it is absent). Exits 0 also when the baseline
// cannot run, saying why.
int runAugmentBench(int argc, char **argv);

} // namespace pretext::cli
