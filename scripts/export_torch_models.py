#!/usr/bin/python3
"""Exports the architectures named in DESIGN.md to ONNX for Silica's tests.

Uses Debian's python3-torch / python3-torchvision (run with /usr/bin/python3). Weights are
random (seeded), so these models test structure — loading, round trips, statistics, runtime
agreement — not accuracy. With random weights and fresh BatchNorm statistics the activations
of deep networks collapse towards zero, so the statistics are re-estimated on the photos of
Debian's python3-skimage first (ImageNet normalisation, several crops each): activations then
have realistic ranges, which quantization error figures need. BatchNorm nodes are kept
(training=PRESERVE, no constant folding) so fusion passes have something to fuse.
swish_beta_function_cnn is swish_beta_cnn (same weights) with each Swish-β exported as an
ONNX model-local function (FunctionProto "SwishBeta" in domain "__main__", the module torch
names it after), called from the main graph.

With --fidelity the script instead exports the architectures the device-latency validation
bench times (bench/device/README.md): random seeded weights, no BatchNorm re-estimation (only
the structure matters for latency), plain eval export with constant folding, opset 13. They are
not part of the default set, so the test suite does not pay for them.

usage: export_torch_models.py OUTDIR
       export_torch_models.py --fidelity OUTDIR
"""
import glob
import os
import sys
import time

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


class MobileNetV1(nn.Module):
    """MobileNet v1 (Howard et al. 2017, Table 1), width 1.0: a 3x3 stride-2 convolution to 32
    channels, 13 depthwise-separable blocks (3x3 depthwise + BN + ReLU, 1x1 pointwise + BN +
    ReLU), global average pooling and a 1000-way fully connected layer. Not in torchvision.
    The table's stride 2 on the last depthwise layer is a known misprint (the feature map stays
    7x7); it is stride 1 here as in every implementation. No softmax, like torchvision's models."""

    BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
              (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1))

    def __init__(self, num_classes=1000):
        super().__init__()

        def conv_bn(cin, cout, k, stride, groups=1):
            return [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups,
                              bias=False),
                    nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]

        layers = conv_bn(3, 32, 3, 2)
        cin = 32
        for cout, stride in self.BLOCKS:
            layers += conv_bn(cin, cin, 3, stride, groups=cin)  # depthwise
            layers += conv_bn(cin, cout, 1, 1)                  # pointwise
            cin = cout
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(1024, num_classes)
        for m in self.modules():  # torchvision's MobileNet initialisation
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))


def models():
    tv = torchvision.models
    return {
        "resnet50": (lambda: tv.resnet50(), (1, 3, 224, 224)),
        "mobilenet_v2": (lambda: tv.mobilenet_v2(), (1, 3, 224, 224)),
        "mobilenet_v3_small": (lambda: tv.mobilenet_v3_small(), (1, 3, 224, 224)),
        "efficientnet_b0": (lambda: tv.efficientnet_b0(), (1, 3, 224, 224)),
        "transformer_encoder": (Encoder, (1, 64, 256)),
        "swish_beta_cnn": (SwishBetaCnn, (1, 3, 64, 64)),
        # Opset 15+ (we use 17) is needed for local functions; torch 1.13 names the domain
        # after SwishBeta's Python module, "__main__" when run as a script.
        "swish_beta_function_cnn": (SwishBetaCnn, (1, 3, 64, 64),
                                    {"export_modules_as_functions": {SwishBeta}}),
    }


# Bump when the exported models change, so cached copies are replaced.
EXPORT_VERSION = "3"


def fidelity_models():
    """The device-latency bench's architectures, named after the published benchmark rows they
    are compared with (bench/device/README.md)."""
    tv = torchvision.models
    s224, s299, s300 = (1, 3, 224, 224), (1, 3, 299, 299), (1, 3, 300, 300)
    return {
        "resnet18": (lambda: tv.resnet18(), s224),
        "resnet34": (lambda: tv.resnet34(), s224),
        "resnet50": (lambda: tv.resnet50(), s224),
        "resnet50_299": (lambda: tv.resnet50(), s299),
        "mobilenet_v1": (MobileNetV1, s224),
        "mobilenet_v2": (lambda: tv.mobilenet_v2(), s224),
        "mobilenet_v2_300": (lambda: tv.mobilenet_v2(), s300),
        "mobilenet_v3_large": (lambda: tv.mobilenet_v3_large(), s224),
        "mobilenet_v3_small": (lambda: tv.mobilenet_v3_small(), s224),
        "googlenet": (lambda: tv.googlenet(aux_logits=False, init_weights=True), s224),
        "inception_v3": (lambda: tv.inception_v3(aux_logits=False, init_weights=True), s299),
        "squeezenet1_0": (lambda: tv.squeezenet1_0(), s224),
        "efficientnet_b0": (lambda: tv.efficientnet_b0(), s224),
    }


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


def export_fidelity(outdir):
    """Structure-only exports for the latency bench; files already there are kept."""
    os.makedirs(outdir, exist_ok=True)
    start = time.monotonic()
    for name, (make, shape) in fidelity_models().items():
        path = os.path.join(outdir, name + ".onnx")
        if os.path.exists(path) and os.path.getsize(path) > 0:
            print(f"silica export: {name} already in {outdir}")
            continue
        t0 = time.monotonic()
        torch.manual_seed(0)
        model = make().eval()
        tmp = path + ".tmp"
        with torch.no_grad():
            torch.onnx.export(model, torch.randn(*shape), tmp, opset_version=13,
                              do_constant_folding=True,
                              input_names=["input"], output_names=["output"])
        os.replace(tmp, path)
        print(f"silica export: {name} -> {path} ({time.monotonic() - t0:.1f} s)")
    print(f"silica export: fidelity models done in {time.monotonic() - start:.1f} s")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--fidelity":
        export_fidelity(sys.argv[2])
        return
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    version_file = os.path.join(outdir, "EXPORT_VERSION")
    current = open(version_file).read().strip() if os.path.exists(version_file) else ""
    for name, (make, shape, *extra) in models().items():
        export_args = extra[0] if extra else {}
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
                          input_names=["input"], output_names=["output"], **export_args)
        os.replace(tmp, path)
        print(f"silica export: {name} -> {path}")
    with open(version_file + ".tmp", "w") as f:
        f.write(EXPORT_VERSION + "\n")
    os.replace(version_file + ".tmp", version_file)


if __name__ == "__main__":
    main()
