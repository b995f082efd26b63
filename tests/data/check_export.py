"""Checks a `pretext-cli export` folder as a PyTorch user would use it (tests/engine/tst_export.cpp runs it).

Usage: check_export.py EXPORT_DIR [TOLERANCE]

Imports the generated module, loads encoder.pt into it with strict=True, computes the features of
example_inputs.pt and compares them with example_features.pt (the workbench's). Prints
"max abs difference D" and exits 1 when D exceeds the tolerance (export.json's unless given).
"""
import json
import os
import sys

import torch


def load_tensors(path):
    # weights_only (PyTorch >= 1.13) refuses anything but tensors and plain containers: what a cautious user runs,
    # and the default from PyTorch 2.6 on.
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:
        return torch.load(path, map_location="cpu")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    out = sys.argv[1]
    with open(os.path.join(out, "export.json")) as f:
        manifest = json.load(f)
    tolerance = float(sys.argv[2]) if len(sys.argv) > 2 else float(manifest["tolerance"])
    sys.path.insert(0, out)
    import pretext_encoder

    state = load_tensors(os.path.join(out, "encoder.pt"))
    for name, t in state.items():
        if t.device.type != "cpu" or not t.is_contiguous():
            fail(name + " is not a contiguous CPU tensor")
    model = pretext_encoder.build()
    model.load_state_dict(state, strict=True)  # raises on a missing or unexpected key, or a wrong shape
    model.eval()
    loaded = pretext_encoder.load()
    if loaded.training:
        fail("load() did not return the model in eval mode")

    inputs = load_tensors(os.path.join(out, "example_inputs.pt"))
    expected = load_tensors(os.path.join(out, "example_features.pt"))
    images = load_tensors(os.path.join(out, "example_images.pt"))
    if inputs.dtype != torch.float32 or list(inputs.shape[1:]) != manifest["input"]["shape"]:
        fail("example_inputs.pt is %s %s, export.json says float32 %s"
             % (inputs.dtype, list(inputs.shape), manifest["input"]["shape"]))
    if images.dtype != torch.uint8 or images.shape[0] != inputs.shape[0]:
        fail("example_images.pt is %s %s" % (images.dtype, list(images.shape)))

    with torch.no_grad():
        features = model(inputs)
        again = loaded(inputs)
    if list(features.shape) != list(expected.shape) or features.shape[1] != manifest["feature_dim"]:
        fail("features %s, expected %s" % (list(features.shape), list(expected.shape)))
    if not torch.equal(features, again):
        fail("load() and build() + load_state_dict give different features")
    diff = (features - expected).abs().max().item()
    scale = expected.abs().max().item()
    print("max abs difference %.3g (features up to %.3g, %s, %d examples)"
          % (diff, scale, pretext_encoder.BACKBONE, inputs.shape[0]))

    if pretext_encoder.PREPROCESS_AVAILABLE:
        pre = (pretext_encoder.preprocess(images) - inputs).abs().max().item()
        print("preprocess max abs difference %.3g" % pre)
        if pre > 1e-5:
            fail("preprocess(example_images) differs from example_inputs by %g" % pre)
    else:
        try:
            pretext_encoder.preprocess(images)
            fail("preprocess() should refuse a run whose encoder input is not the normalised image")
        except NotImplementedError:
            pass

    if not diff <= tolerance:
        fail("max abs difference %g is above the tolerance %g" % (diff, tolerance))


if __name__ == "__main__":
    main()
