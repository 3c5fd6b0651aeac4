#!/usr/bin/python3
"""Exports the architectures named in DESIGN.md to ONNX for Silica's tests.

Uses Debian's python3-torch / python3-torchvision (run with /usr/bin/python3). Weights are
random (seeded), so these models test structure — loading, round trips, statistics, runtime
agreement — not accuracy. With random weights and fresh BatchNorm statistics the activations
of deep networks collapse towards zero, so the statistics are re-estimated on the photos of
Debian's python3-skimage first (ImageNet normalisation, several crops each): activations then
have realistic ranges, which quantization error figures need. BatchNorm nodes are kept
(training=PRESERVE, no constant folding) so fusion passes have something to fuse.

usage: export_torch_models.py OUTDIR
"""
import glob
import os
import sys

import torch
import torch.nn as nn
import torchvision


class SwishBeta(nn.Module):
    """x * sigmoid(beta * x) with a learnable beta."""

    def __init__(self):
        super().__init__()
        self.beta = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


class SwishBetaCnn(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        cin = 3
        for cout in (16, 32, 64):
            layers += [nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False),
                       nn.BatchNorm2d(cout), SwishBeta()]
            cin = cout
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=512,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)

    def forward(self, x):
        return self.encoder(x)


def models():
    tv = torchvision.models
    return {
        "resnet50": (lambda: tv.resnet50(), (1, 3, 224, 224)),
        "mobilenet_v2": (lambda: tv.mobilenet_v2(), (1, 3, 224, 224)),
        "mobilenet_v3_small": (lambda: tv.mobilenet_v3_small(), (1, 3, 224, 224)),
        "efficientnet_b0": (lambda: tv.efficientnet_b0(), (1, 3, 224, 224)),
        "transformer_encoder": (Encoder, (1, 64, 256)),
        "swish_beta_cnn": (SwishBetaCnn, (1, 3, 64, 64)),
    }


# Bump when the exported models change, so cached copies are replaced.
EXPORT_VERSION = "2"


def calibration_batches(shape):
    """Photo crops shaped like the model input (image models only), or None."""
    if len(shape) != 4 or shape[1] != 3:
        return None
    try:
        import skimage
        import skimage.io
    except ImportError:
        print("silica export: python3-skimage is missing; BatchNorm statistics stay untrained")
        return None
    files = sorted(glob.glob(os.path.join(os.path.dirname(skimage.__file__), "data", "*.png")) +
                   glob.glob(os.path.join(os.path.dirname(skimage.__file__), "data", "*.jpg")))
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    crops = []
    for f in files:
        try:
            img = skimage.io.imread(f)
        except (OSError, ValueError):  # a few sample files are deliberately truncated
            continue
        if img.ndim != 3 or img.shape[2] < 3 or min(img.shape[:2]) < 64:
            continue
        t = torch.from_numpy(img[:, :, :3].copy()).permute(2, 0, 1).float().unsqueeze(0) / 255.0
        for scale in (1.0, 0.6):
            h, w = t.shape[2], t.shape[3]
            ch, cw = int(h * scale), int(w * scale)
            crop = t[:, :, (h - ch) // 2:(h - ch) // 2 + ch, (w - cw) // 2:(w - cw) // 2 + cw]
            crop = torch.nn.functional.interpolate(crop, size=shape[2:], mode="bilinear",
                                                   align_corners=False)
            crops.append((crop - mean) / std)
    if not crops:
        return None
    return [torch.cat(crops[i:i + 8]) for i in range(0, len(crops), 8)]


def reestimate_batchnorm(model, batches):
    """Cumulative BatchNorm statistics over the photo batches (momentum None = plain mean)."""
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not norms or not batches:
        return
    for m in norms:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(2):
            for b in batches:
                model(b)
    model.eval()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    version_file = os.path.join(outdir, "EXPORT_VERSION")
    current = open(version_file).read().strip() if os.path.exists(version_file) else ""
    for name, (make, shape) in models().items():
        path = os.path.join(outdir, name + ".onnx")
        if current == EXPORT_VERSION and os.path.exists(path) and os.path.getsize(path) > 0:
            print(f"silica export: {name} already in {outdir}")
            continue
        torch.manual_seed(0)  # per model, so each export is reproducible on its own
        model = make().eval()
        reestimate_batchnorm(model, calibration_batches(shape))
        tmp = path + ".tmp"
        # Gradients stay enabled: under no_grad the transformer takes a fused fast path that
        # has no ONNX export.
        torch.onnx.export(model, torch.randn(*shape), tmp, opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False,
                          input_names=["input"], output_names=["output"])
        os.replace(tmp, path)
        print(f"silica export: {name} -> {path}")
    with open(version_file + ".tmp", "w") as f:
        f.write(EXPORT_VERSION + "\n")
    os.replace(version_file + ".tmp", version_file)


if __name__ == "__main__":
    main()
