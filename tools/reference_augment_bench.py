#!/usr/bin/python3
"""Baseline for `pretext-cli bench augment`: the reference text's SimCLRAugmentation (section 3.3), exactly as
written there, applied with torchvision to PIL images on one thread, as a data loader worker would.

Run with Debian's /usr/bin/python3 (python3-torch, python3-torchvision). Prints one parseable line:
    reference_pairs_per_s <float>
Exit status 3 when torch or torchvision cannot be imported (the message says which).
"""
import argparse
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="timed duration (default 3)")
    parser.add_argument("--images", type=int, default=256, help="distinct source images (default 256)")
    parser.add_argument("--size", type=int, default=32, help="image side (default 32, CIFAR-10)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    try:
        import numpy as np
        import torch
        import torchvision.transforms as transforms
        from PIL import Image
    except ImportError as e:  # reported by pretext-cli as the reason the baseline is missing
        print(f"reference_unavailable: {e}", flush=True)
        return 3

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)

    # The reference text's SimCLRAugmentation, verbatim.
    class SimCLRAugmentation:
        def __init__(self, size=32):
            self.transform = transforms.Compose([
                transforms.RandomResizedCrop(size, scale=(0.2, 1.0)),
                transforms.RandomHorizontalFlip(),
                transforms.RandomApply([
                    transforms.ColorJitter(0.4, 0.4, 0.4, 0.1)
                ], p=0.8),
                transforms.RandomGrayscale(p=0.2),
                transforms.GaussianBlur(kernel_size=3),
                transforms.ToTensor(),
                transforms.Normalize([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]),
            ])

        def __call__(self, x):
            return self.transform(x), self.transform(x)

    augment = SimCLRAugmentation(args.size)
    rng = np.random.default_rng(args.seed)
    images = [Image.fromarray(rng.integers(0, 256, (args.size, args.size, 3), dtype=np.uint8))
              for _ in range(args.images)]
    for image in images[:32]:  # warm-up
        augment(image)

    pairs = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for image in images:
            augment(image)
            pairs += 1
    elapsed = time.perf_counter() - start
    print(f"reference_pairs_per_s {pairs / elapsed:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
