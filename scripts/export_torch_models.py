#!/usr/bin/python3
"""Exports the architectures named in DESIGN.md to ONNX for Silica's tests.

Uses Debian's python3-torch / python3-torchvision (run with /usr/bin/python3). Weights are
random (seeded), so these models test structure — loading, round trips, statistics — not
accuracy. BatchNorm nodes are kept (training=PRESERVE, no constant folding) so fusion passes
have something to fuse.

usage: export_torch_models.py OUTDIR
"""
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


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(0)
    for name, (make, shape) in models().items():
        path = os.path.join(outdir, name + ".onnx")
        if os.path.exists(path) and os.path.getsize(path) > 0:
            print(f"silica export: {name} already in {outdir}")
            continue
        model = make().eval()
        tmp = path + ".tmp"
        # Gradients stay enabled: under no_grad the transformer takes a fused fast path that
        # has no ONNX export.
        torch.onnx.export(model, torch.randn(*shape), tmp, opset_version=17,
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False,
                          input_names=["input"], output_names=["output"])
        os.replace(tmp, path)
        print(f"silica export: {name} -> {path}")


if __name__ == "__main__":
    main()
