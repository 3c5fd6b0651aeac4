#!/usr/bin/python3
"""Quantized models in two runtimes: the QDQ model `silica-cli quantize` writes must give the same
results in Silica's runtime as in ONNX Runtime 1.30 (CPU EP), the same model on the same inputs.

usage: /usr/bin/python3 bench/quant_ort_agreement.py [--models a,b] [--samples 3]
                                                      [--calib-samples 16] [--margin-db 0]
                                                      [--cli PATH] [--keep DIR] [--json]

Each model is quantized by `silica-cli quantize --method minmax --per-channel` (uint8
activations, int8 weights per output channel; one model also with --precision int16, uint16
activations) on the photos of Debian's python3-skimage, which Silica resizes, or on random data
for a model that does not take images. The QDQ model then runs in `silica-cli run` and in
bench/ort/ort_run.mjs on the same inputs (photos held out of calibration, resized here as Silica
resizes them, or seeded random data), and the float model runs in Silica for comparison.

Per model and output: max |Silica - ORT|, the same in steps of the output's quantization scale
(the DequantizeLinear writing the output, when one does), SQNR of Silica against ORT, SQNR of the
QDQ model against the float one (both in Silica) and, for classifiers, how often the two runtimes
pick the same top-1 class (per row of the last axis: per time step for the text recognizer).
Then op by op on the first input: every quantized value (QuantizeLinear output) is made a graph
output and compared as integer codes.

Pass criterion, both of:
  - every quantized value whose quantized inputs are identical in the two runtimes is within one
    step, on at most 1 % of its codes or one code (a value at a rounding boundary);
  - Silica-vs-ORT SQNR at least MARGIN dB (default 0) above the QDQ-vs-float SQNR: the runtimes
    differ by less than quantization itself errs.
Why not exact agreement, or a 10 dB margin: ORT fuses DequantizeLinear -> Conv / Gemm / Add / ...
-> QuantizeLinear into integer kernels (QLinearConv, QGemm, QLinearAdd, ...) that requantize with
their own float multiplier, where Silica runs the graph as written (dequantize, float op,
quantize). They round differently only at a rounding boundary, but in a deep network one step
flipped early grows through every layer after it, as quantization noise does. ORT's fused run
differs from its own unfused one (graph optimizations off) by as much: SQNR 15.9 dB on
ResNet-50, 19.3 on MobileNetV2, 6.2 on EfficientNet-B0, 25.6 on PP-OCRv4 rec (measured with ORT
1.30; Silica against fused ORT: 17.0, 19.6, 5.7, 24.1).

Models come from scripts/fetch_models.sh ($SILICA_MODEL_DIR, default ~/.cache/silica/models),
ONNX Runtime from scripts/fetch_peers.sh, photos from python3-skimage (scripts/setup.sh --test).
`silica-cli quantize` raises PP-OCR's opset 9 to 13 (per-channel weights) and the 16-bit
model's to 21 itself. python3-onnx reads the output scales and makes the quantized values graph
outputs for the op-by-op comparison; without it those columns stay empty. A missing model,
peer or tool is reported and its row skipped; a model Silica cannot quantize or run fails.
Exit codes: 0 every measured model passes, 1 a model fails or errs, 2 usage.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ORT_RUN = ROOT / "bench" / "ort" / "ort_run.mjs"
PHOTO_DIR = Path("/usr/lib/python3/dist-packages/skimage/data")
# Evaluation photos, held out of calibration: an animal, an object, a person, a scene.
EVAL_PHOTOS = ["chelsea.png", "coffee.png", "astronaut.png", "motorcycle_left.png", "rocket.jpg"]
# Silica's default image preprocessing (core/quant/calibration_data.h): [0, 1], ImageNet mean/std.
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)

SEED = 20240611
TIMEOUT_S = 1800
# The share of a judged value's codes that may be a step apart, or one code (see op_check).
# Measured: at most 16 of 25088 (0.06 %, a QLinearAdd in MobileNetV2), and 1 of PP-OCR cls's 2
# class scores (ORT's QLinearSoftmax); most judged values are identical.
MAX_FLIPPED_SHARE = 0.01

# label, file under the model dir, input name, input shape, calibration ("images" or "random"),
# classifier (top-1 compared), precision, symbolic input dims for quantize.
IMAGE = (1, 3, 224, 224)
PPOCR = "p2o.DynamicDimension."
MODELS = [
    ("resnet50", "torch/resnet50.onnx", "input", IMAGE, "images", True, "int8", {}),
    ("mobilenet_v2", "torch/mobilenet_v2.onnx", "input", IMAGE, "images", True, "int8", {}),
    ("efficientnet_b0", "torch/efficientnet_b0.onnx", "input", IMAGE, "images", True, "int8", {}),
    ("ppocr_cls", "ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx", "x", (1, 3, 48, 192), "images", True,
     "int8", {PPOCR + "0": 1, PPOCR + "1": 48, PPOCR + "2": 192}),
    ("ppocr_v4_rec", "ppocr/ch_PP-OCRv4_rec_infer.onnx", "x", (1, 3, 48, 320), "images", True,
     "int8", {PPOCR + "0": 1, PPOCR + "1": 320}),
    ("oww_embedding", "openwakeword/embedding_model.onnx", "input_1", (1, 76, 32, 1), "random",
     False, "int8", {"unk__314": 1}),
    ("swish_beta_cnn", "torch/swish_beta_cnn.onnx", "input", (1, 3, 64, 64), "images", True, "int8",
     {}),
    ("swish_beta_cnn_16", "torch/swish_beta_cnn.onnx", "input", (1, 3, 64, 64), "images", True,
     "int16", {}),
]


def model_dir():
    return Path(os.environ.get("SILICA_MODEL_DIR", Path.home() / ".cache" / "silica" / "models"))


def find_cli(explicit):
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    if os.environ.get("SILICA_CLI"):
        return Path(os.environ["SILICA_CLI"])
    build = Path(os.environ.get("SILICA_BUILD_DIR", ROOT / "build"))
    if not build.is_absolute():
        build = ROOT / build
    for candidate in [build / "app" / "silica-cli", build / "silica-cli"]:
        if candidate.is_file():
            return candidate
    return None


def safe_file_name(name):
    """As runtime::safeFileName and ort_run.mjs: the .npy file an output is written to."""
    out = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return "_" + out if out in ("", ".", "..") else out


def run(cmd):
    """Runs cmd; returns (stdout, None) or (None, the first line of what went wrong)."""
    try:
        p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT_S} s"
    except OSError as e:
        return None, str(e)
    if p.returncode != 0:
        lines = [l for l in (p.stderr + "\n" + p.stdout).splitlines()
                 if l.strip() and "libpng warning" not in l and "[W:onnxruntime" not in l]
        return None, lines[0] if lines else f"exit code {p.returncode}"
    return p.stdout, None


def peer_missing(node):
    """None when node and onnxruntime-node work, else why not."""
    if node is None:
        return "node is not installed (apt-get install nodejs)"
    try:
        # Serve mode with no requests only loads onnxruntime-node: exit 0, or 3 when missing.
        p = subprocess.run([node, str(ORT_RUN), "--serve"], input="", capture_output=True,
                           text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"ort_run.mjs --serve failed: {e}"
    if p.returncode == 0:
        return None
    return (p.stderr.strip().splitlines() or [f"exit code {p.returncode}"])[0]


def import_onnx():
    try:
        import onnx
        import onnx.numpy_helper  # noqa: F401 (used through onnx.numpy_helper)
        return onnx
    except ImportError:
        return None


def photo_tensor(path, shape):
    """A photo as Silica's calibration source reads it: shorter side scaled to cover the input,
    centre crop, RGB, [0, 1], ImageNet mean/std, NCHW."""
    from PIL import Image
    _, _, h, w = shape
    im = Image.open(path).convert("RGB")
    s = max(w / im.width, h / im.height)
    im = im.resize((max(w, round(im.width * s)), max(h, round(im.height * s))), Image.BILINEAR)
    left, top = (im.width - w) // 2, (im.height - h) // 2
    x = np.asarray(im.crop((left, top, left + w, top + h)), np.float32) / 255.0
    return ((x - MEAN) / STD).transpose(2, 0, 1)[None].astype(np.float32)


def eval_inputs(kind, shape, count, label, notes):
    """The evaluation inputs: held-out photos, or seeded uniform [0, 1) data (the range Silica's
    random calibration source draws from)."""
    if kind == "images":
        photos = [PHOTO_DIR / p for p in EVAL_PHOTOS if (PHOTO_DIR / p).is_file()][:count]
        try:
            if photos:
                return [photo_tensor(p, shape) for p in photos], "photos"
            notes.append(f"{label}: no evaluation photos in {PHOTO_DIR}; random inputs instead")
        except ImportError:
            notes.append(f"{label}: python3-pil missing; random inputs instead of photos")
    rng = np.random.default_rng(SEED)
    return [rng.random(shape, dtype=np.float32) for _ in range(count)], "random"


def calibration_dir(tmp, count):
    """A folder of links to the skimage photos not used for evaluation; None without them."""
    if not PHOTO_DIR.is_dir():
        return None
    photos = sorted(p for p in PHOTO_DIR.glob("*.png") if p.name not in EVAL_PHOTOS)[:count]
    if not photos:
        return None
    folder = Path(tmp) / "calib"
    folder.mkdir(exist_ok=True)
    for p in photos:
        link = folder / p.name
        if not link.exists():
            link.symlink_to(p)
    return folder


def output_steps(onnx, qdq_model):
    """{output name: scale of the DequantizeLinear writing it}."""
    if onnx is None:
        return {}
    m = onnx.load(str(qdq_model))
    inits = {t.name: t for t in m.graph.initializer}
    outputs = {o.name for o in m.graph.output}
    steps = {}
    for n in m.graph.node:
        if n.op_type == "DequantizeLinear" and n.output[0] in outputs and n.input[1] in inits:
            scale = onnx.numpy_helper.to_array(inits[n.input[1]])
            steps[n.output[0]] = float(np.max(scale))
    return steps


def code_sources(onnx, model):
    """{QuantizeLinear output: the QuantizeLinear outputs its value is computed from}: walking
    back from each QuantizeLinear through float ops to the DequantizeLinears they read."""
    producer = {o: n for n in model.graph.node for o in n.output}
    weights = {t.name for t in model.graph.initializer}
    sources = {}
    for q in (n for n in model.graph.node if n.op_type == "QuantizeLinear"):
        found, seen, stack = set(), set(), [q.input[0]]
        while stack:
            v = stack.pop()
            if v in seen or v in weights or v not in producer:
                continue
            seen.add(v)
            n = producer[v]
            if n.op_type == "DequantizeLinear":
                src = producer.get(n.input[0])
                if src is not None and src.op_type == "QuantizeLinear":
                    found.add(n.input[0])
            else:
                stack.extend(n.input)
        sources[q.output[0]] = found
    return sources


def float_weight_note(model, code):
    """Why a value differs when the op writing it kept a float weight between a DequantizeLinear
    and a QuantizeLinear: ORT's WeightBiasQuantization transform quantizes such a weight itself
    (symmetric per-tensor int8, bias int32) to fuse the op, so ORT no longer runs the model as
    written."""
    producer = {o: n for n in model.graph.node for o in n.output}
    q = producer[code]
    op = producer.get(q.input[0])
    if op is None or op.op_type not in ("Conv", "ConvTranspose", "Gemm") or len(op.input) < 2:
        return ""
    w = producer.get(op.input[1])
    if w is not None and w.op_type == "DequantizeLinear":
        return ""
    return (f" ({op.op_type} '{op.name}' has a float weight between a DequantizeLinear and a "
            f"QuantizeLinear: ORT quantizes it itself, per tensor, where Silica runs it in float)")


def op_check(onnx, cli, node, qdq, name, npy, tmp, label):
    """Every quantized value (QuantizeLinear output) in both runtimes, on one input. A value
    whose quantized sources are identical in both is judged: it must be within one step, with
    at most MAX_FLIPPED_SHARE of its elements (or one) a step apart (a value at a rounding
    boundary, rounded the other way by an integer kernel or by float rounding). A value
    downstream of a difference is not judged: differences propagate and grow.
    Returns (summary dict, [failures])."""
    from onnx import helper
    m = onnx.load(str(qdq))
    sources = code_sources(onnx, m)
    outputs = {o.name for o in m.graph.output}
    for code in sources:
        if code not in outputs:
            m.graph.output.append(helper.make_empty_tensor_value_info(code))
    probe = Path(tmp) / f"{label}_probe.onnx"
    onnx.save(m, str(probe))
    ours, why = silica_outputs(cli, probe, name, npy, Path(tmp) / f"{label}_probe_silica")
    if why:
        return None, [f"Silica cannot run the QDQ model with its codes as outputs: {why}"]
    peer, why = ort_outputs(node, probe, name, npy, Path(tmp) / f"{label}_probe_ort")
    if why:
        return None, [f"ONNX Runtime cannot run the QDQ model with its codes as outputs: {why}"]
    same = {c: c in ours and c in peer and np.array_equal(ours[c], peer[c]) for c in sources}
    judged, flipped, max_share, failures = 0, 0, 0.0, []
    for code, srcs in sources.items():
        if code not in ours or code not in peer or not all(same[s] for s in srcs):
            continue
        judged += 1
        d = np.abs(ours[code].astype(np.int64) - peer[code].astype(np.int64))
        if d.size == 0 or d.max() == 0:
            continue
        flipped += 1
        share = np.count_nonzero(d) / d.size
        max_share = max(max_share, share)
        if d.max() > 1 or np.count_nonzero(d) > max(1, MAX_FLIPPED_SHARE * d.size):
            failures.append(f"{code}: from identical inputs, {np.count_nonzero(d)} of {d.size} "
                            f"codes differ, by up to {int(d.max())} steps"
                            f"{float_weight_note(m, code)}")
    return {"ops_judged": judged, "ops": len(sources), "ops_flipped": flipped,
            "max_flipped_share": max_share}, failures


def silica_outputs(cli, model, name, npy, out_dir):
    text, why = run([cli, "run", model, "--input", f"{name}={npy}", "--output-dir", out_dir,
                     "--json"])
    if why:
        return None, why
    return {o["name"]: np.load(o["file"]) for o in json.loads(text)["outputs"]}, None


def ort_outputs(node, model, name, npy, out_dir):
    text, why = run([node, ORT_RUN, model, "--input", f"{name}={npy}", "--output-dir", out_dir,
                     "--json"])
    if why:
        return None, why
    names = json.loads(text.strip().splitlines()[-1])["outputs"].keys()
    return {n: np.load(Path(out_dir) / (safe_file_name(n) + ".npy")) for n in names}, None


def sqnr_db(signal, noise):
    if noise == 0:
        return float("inf")
    return float(10 * np.log10(max(signal, 1e-300) / noise))


class Pooled:
    """One output's comparison, pooled over the samples."""

    def __init__(self):
        self.max_abs = 0.0
        self.ort_power = self.ort_noise = 0.0
        self.fp_power = self.q_noise = 0.0
        self.top1_same = self.top1_fp_same = self.rows = 0

    def add(self, ours, peer, fp32, classifier):
        a, b, f = (np.asarray(t, np.float64) for t in (ours, peer, fp32))
        self.max_abs = max(self.max_abs, float(np.max(np.abs(a - b))) if a.size else 0.0)
        self.ort_power += float(np.sum(b * b))
        self.ort_noise += float(np.sum((a - b) ** 2))
        self.fp_power += float(np.sum(f * f))
        self.q_noise += float(np.sum((a - f) ** 2))
        if classifier and a.ndim >= 1 and a.shape[-1] > 1:
            ta, tb, tf = (np.argmax(t.reshape(-1, t.shape[-1]), axis=1) for t in (a, b, f))
            self.top1_same += int(np.sum(ta == tb))
            self.top1_fp_same += int(np.sum(ta == tf))
            self.rows += ta.size


def measure(entry, args, cli, node, peer_why, onnx, tmp, calib):
    label, rel, name, shape, kind, classifier, precision, dims = entry
    notes, rows = [], []
    float_model = model_dir() / rel
    if not float_model.is_file():
        why = f"{float_model} missing (run scripts/fetch_models.sh)"
        return rows, [f"{label}: skipped, {why}"], False

    qdq = Path(args.keep or tmp) / f"{label}_qdq.onnx"
    cmd = [cli, "quantize", float_model, "--method", "minmax", "--per-channel",
           "--precision", precision, "-o", qdq]
    if kind == "images" and calib is not None:
        cmd += ["--calib", calib, "--samples", str(args.calib_samples)]
    else:
        if kind == "images":
            notes.append(f"{label}: no photos in {PHOTO_DIR} (python3-skimage); calibrated on "
                         f"random data")
        cmd += ["--calib", "random", "--samples", str(args.calib_samples)]
    for k, v in dims.items():
        cmd += ["--dim", f"{k}={v}"]
    _, why = run(cmd)
    if why:
        return rows, notes + [f"{label}: FAILED: silica-cli quantize: {why}"], True

    inputs, source = eval_inputs(kind, shape, args.samples, label, notes)
    steps = output_steps(onnx, qdq)
    pooled, failed = {}, False
    for i, x in enumerate(inputs):
        npy = Path(tmp) / f"{label}_in{i}.npy"
        np.save(npy, x)
        ours, why = silica_outputs(cli, qdq, name, npy, Path(tmp) / f"{label}_{i}_silica")
        fp32, why_fp = silica_outputs(cli, float_model, name, npy, Path(tmp) / f"{label}_{i}_fp32")
        if why or why_fp:
            model = "QDQ" if why else "float"
            why = f"Silica cannot run the {model} model: {why or why_fp}"
            return rows, notes + [f"{label}: FAILED: {why}"], True
        if peer_why:
            break
        peer, why = ort_outputs(node, qdq, name, npy, Path(tmp) / f"{label}_{i}_ort")
        if why:
            why = f"ONNX Runtime cannot run the QDQ model: {why}"
            return rows, notes + [f"{label}: FAILED: {why}"], True
        for out, tensor in ours.items():
            if out not in peer or out not in fp32 or tensor.shape != peer[out].shape:
                notes.append(f"{label}: output {out} missing or shaped differently in one runtime")
                failed = True
                continue
            pooled.setdefault(out, Pooled()).add(tensor, peer[out], fp32[out], classifier)
    if peer_why:
        why = f"quantized and ran in Silica; ORT not measured: {peer_why}"
        return rows, notes + [f"{label}: {why}"], False

    ops = None
    if onnx is not None:
        first = Path(tmp) / f"{label}_in0.npy"
        ops, op_failures = op_check(onnx, cli, node, qdq, name, first, tmp, label)
        notes += [f"{label}: FAILED: {f}" for f in op_failures]
        failed |= bool(op_failures)
    else:
        notes.append(f"{label}: quantized values not compared op by op (needs python3-onnx)")
    for out, p in pooled.items():
        sqnr_ort, sqnr_q = sqnr_db(p.ort_power, p.ort_noise), sqnr_db(p.fp_power, p.q_noise)
        ok = sqnr_ort >= sqnr_q + args.margin_db and not failed
        failed |= not ok
        step = steps.get(out)
        rows.append({
            "model": label, "output": out, "precision": precision,
            "inputs": f"{len(inputs)} {source}",
            "max_abs": p.max_abs, "step": step, "steps": p.max_abs / step if step else None,
            "sqnr_silica_vs_ort_db": sqnr_ort, "sqnr_qdq_vs_fp32_db": sqnr_q,
            "top1_agreement": p.top1_same / p.rows if p.rows else None,
            "top1_qdq_vs_fp32": p.top1_fp_same / p.rows if p.rows else None,
            "top1_rows": p.rows, **(ops or {}), "pass": ok,
        })
    return rows, notes, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="", help="comma-separated labels (default: all)")
    ap.add_argument("--samples", type=int, default=3,
                    help="evaluation inputs per model (default 3)")
    ap.add_argument("--calib-samples", type=int, default=16,
                    help="calibration photos or random samples (default 16)")
    ap.add_argument("--margin-db", type=float, default=0.0,
                    help="how far Silica-vs-ORT SQNR must exceed the quantization SQNR (default 0)")
    ap.add_argument("--cli", default="", help="silica-cli to use (default: build/app/silica-cli)")
    ap.add_argument("--keep", default="", help="write the QDQ models into this folder")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON instead")
    args = ap.parse_args()
    if args.samples < 1 or args.calib_samples < 1:
        ap.error("--samples and --calib-samples take a positive count")
    labels = {m[0] for m in MODELS}
    wanted = set(filter(None, args.models.split(",")))
    if wanted - labels:
        ap.error(f"unknown model(s) {', '.join(sorted(wanted - labels))}; "
                 f"known: {', '.join(sorted(labels))}")

    cli = find_cli(args.cli)
    if cli is None:
        print("silica-cli not found: build it (ninja -C build silica-cli) or pass --cli",
              file=sys.stderr)
        return 1
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    node = shutil.which("node")
    peer_why = peer_missing(node)
    onnx = import_onnx()

    rows, notes, failed = [], [], False
    if peer_why:
        notes.append(f"ONNX Runtime not measured: {peer_why}")
    if onnx is None:
        notes.append("python3-onnx missing: no output steps, no op-by-op comparison")
    with tempfile.TemporaryDirectory(prefix="silica-quant-ort-") as tmp:
        calib = calibration_dir(tmp, args.calib_samples)
        for entry in MODELS:
            if wanted and entry[0] not in wanted:
                continue
            r, n, f = measure(entry, args, cli, node, peer_why, onnx, tmp, calib)
            rows += r
            notes += n
            failed |= f
            for line in n:
                print(f"... {line}", file=sys.stderr)

    if args.json:
        print(json.dumps({"margin_db": args.margin_db, "rows": rows, "notes": notes,
                          "pass": not failed}, indent=1))
        return 1 if failed else 0

    def num(v, fmt, width):
        return f"{v:{width}{fmt}}" if v is not None else f"{'-':>{width}}"

    print("QDQ models (minmax, per-channel int8 weights) in Silica and in ONNX Runtime 1.30 "
          "CPU EP, same model and inputs")
    print(f"{'model':<18}{'prec':>6}{'inputs':>10}{'max|S-O|':>10}{'steps':>7}{'SQNR S/O':>10}"
          f"{'SQNR Q/F':>10}{'margin':>8}{'top1 S=O':>10}{'top1 Q=F':>10}{'ops judged':>12}"
          f"{'flips':>7}  verdict")
    for r in rows:
        margin = r["sqnr_silica_vs_ort_db"] - r["sqnr_qdq_vs_fp32_db"]
        judged = f"{r['ops_judged']}/{r['ops']}" if "ops" in r else "-"
        print(f"{r['model']:<18}{r['precision']:>6}{r['inputs']:>10}{num(r['max_abs'], '.3g', 10)}"
              f"{num(r['steps'], '.1f', 7)}{num(r['sqnr_silica_vs_ort_db'], '.1f', 10)}"
              f"{num(r['sqnr_qdq_vs_fp32_db'], '.1f', 10)}{num(margin, '.1f', 8)}"
              f"{num(r['top1_agreement'], '.0%', 10)}{num(r['top1_qdq_vs_fp32'], '.0%', 10)}"
              f"{judged:>12}{num(r.get('ops_flipped'), 'd', 7)}  {'pass' if r['pass'] else 'FAIL'}")
    print("S: Silica, O: ONNX Runtime, Q/F: the QDQ model against the float one, both in Silica "
          "(SQNR in dB, pooled over the inputs); steps: max|S-O| in steps of the output's scale; "
          "top1: rows of the last axis with the same arg max; ops judged: quantized values whose "
          "quantized inputs are identical in both runtimes (first input), flips: those with codes "
          "a step apart")
    print(f"pass: every judged value within 1 step on at most {MAX_FLIPPED_SHARE:.0%} of its "
          f"codes (or one), and SQNR S/O >= SQNR Q/F + {args.margin_db:g} dB")
    for n in notes:
        print(f"note: {n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
