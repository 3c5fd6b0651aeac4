#!/usr/bin/python3
"""Inference speed: Silica's CPU runtime against ONNX Runtime 1.30 (CPU EP), same inputs, threads
and repeat count, measured in one run.

usage: /usr/bin/python3 bench/bench_runtime.py [--threads 1,2] [--repeat 10] [--warmup 1]
                                                [--rounds 3] [--models a,b] [--cli PATH] [--json]

Silica runs through `silica-cli run MODEL --input NAME=FILE.npy --threads N --repeat R --json`,
ONNX Runtime through bench/ort/ort_run.mjs (scripts/fetch_peers.sh installs it) with
intraOpNumThreads=N, interOpNumThreads=1 and every graph optimization on. Both make the same
untimed warm-up runs (first runs size memory pools) and report the median of R timed runs. Models come from scripts/fetch_models.sh ($SILICA_MODEL_DIR, default
~/.cache/silica/models). A missing model, CLI or peer is reported and its row skipped.
Run it on an idle machine: the figures are wall times.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ORT_RUN = ROOT / "bench" / "ort" / "ort_run.mjs"

# label, file under the model dir, input name, input shape (dynamic dims fixed here)
MODELS = [
    ("resnet50", "torch/resnet50.onnx", "input", (1, 3, 224, 224)),
    ("mobilenet_v2", "torch/mobilenet_v2.onnx", "input", (1, 3, 224, 224)),
    ("efficientnet_b0", "torch/efficientnet_b0.onnx", "input", (1, 3, 224, 224)),
    ("transformer_encoder", "torch/transformer_encoder.onnx", "input", (1, 64, 256)),
    ("ppocr_v4_rec", "ppocr/ch_PP-OCRv4_rec_infer.onnx", "x", (1, 3, 48, 320)),
]

SEED = 20240601
TIMEOUT_S = 900


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
    found = sorted(build.rglob("silica-cli")) if build.is_dir() else []
    return next((f for f in found if f.is_file() and os.access(f, os.X_OK)), None)


def run_json(cmd):
    """Runs cmd; returns (parsed JSON from its last stdout line, None) or (None, why)."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {TIMEOUT_S} s"
    except OSError as e:
        return None, str(e)
    if p.returncode != 0:
        # Tools print what went wrong first (usage text may follow).
        text = p.stderr.strip() or p.stdout.strip() or f"exit code {p.returncode}"
        return None, text.splitlines()[0]
    # The whole output (indented JSON) or its last line (one-line JSON after other text).
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    for text in (p.stdout, lines[-1] if lines else ""):
        try:
            return json.loads(text), None
        except json.JSONDecodeError:
            pass
    return None, "no JSON on stdout"


def silica_median(cli, model, name, npy, threads, repeat, warmup):
    if cli is None:
        return None, "silica-cli not built (ninja -C build silica-cli)"
    out, why = run_json([str(cli), "run", str(model), "--input", f"{name}={npy}",
                         "--threads", str(threads), "--repeat", str(repeat),
                         "--warmup", str(warmup), "--json"])
    if out is None:
        return None, why
    if "runs_ms" not in out:
        return None, "silica-cli printed no runs_ms"
    return [float(v) for v in out["runs_ms"]], None


def ort_median(node, model, name, npy, threads, repeat, warmup):
    if node is None:
        return None, "node is not installed"
    out, why = run_json([node, str(ORT_RUN), str(model), "--input", f"{name}={npy}",
                         "--threads", str(threads), "--repeat", str(repeat), "--warmup", str(warmup),
                         "--json"])
    if out is None:
        return None, why
    return [float(v) for v in out["runs_ms"]], None


def median(values):
    v = sorted(values)
    n = len(v)
    return None if n == 0 else (v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    ap.add_argument("--repeat", type=int, default=10, help="timed runs per engine (default 10)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="alternate the engines this many times and pool their runs, so drift "
                         "in a shared machine's speed hits both alike (default 3)")
    ap.add_argument("--models", default="", help="comma-separated labels (default: all)")
    ap.add_argument("--cli", default="", help="silica-cli to use (default: found under build/)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON instead")
    args = ap.parse_args()

    threads = [int(t) for t in args.threads.split(",") if t]
    wanted = set(filter(None, args.models.split(",")))
    cli = find_cli(args.cli)
    node = shutil.which("node")
    mdir = model_dir()

    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="silica-bench-") as tmp:
        for label, rel, name, shape in MODELS:
            if wanted and label not in wanted:
                continue
            model = mdir / rel
            if not model.is_file():
                notes.append(f"{label}: skipped, {model} missing (run scripts/fetch_models.sh)")
                continue
            # The same seeded input for both engines.
            rng = np.random.default_rng(SEED)
            npy = Path(tmp) / f"{label}.npy"
            np.save(npy, rng.standard_normal(shape).astype(np.float32))
            for n in threads:
                ours_runs, peer_runs, why_ours, why_peer = [], [], None, None
                for _ in range(max(1, args.rounds)):
                    runs, why = silica_median(cli, model, name, npy, n, args.repeat, args.warmup)
                    ours_runs += runs or []
                    why_ours = why_ours or why
                    runs, why = ort_median(node, model, name, npy, n, args.repeat, args.warmup)
                    peer_runs += runs or []
                    why_peer = why_peer or why
                ours, peer = median(ours_runs), median(peer_runs)
                if why_ours:
                    notes.append(f"{label} @{n}: Silica not measured: {why_ours}")
                if why_peer:
                    notes.append(f"{label} @{n}: ONNX Runtime not measured: {why_peer}")
                rows.append({"model": label, "threads": n, "silica_ms": ours, "ort_ms": peer,
                             "ratio": ours / peer if ours and peer else None})

    if args.json:
        print(json.dumps({"repeat": args.repeat, "rounds": args.rounds, "rows": rows, "notes": notes},
                         indent=1))
        return 0

    def ms(v):
        return f"{v:10.2f}" if v is not None else f"{'-':>10}"

    print(f"Inference latency, median of {args.rounds} x {args.repeat} runs, engines alternating "
          f"(ONNX Runtime 1.30 CPU EP as the peer)")
    print(f"{'model':<22}{'threads':>8}{'Silica ms':>11}{'ORT ms':>11}{'Silica/ORT':>12}")
    for r in rows:
        ratio = f"{r['ratio']:11.2f}x" if r["ratio"] is not None else f"{'-':>12}"
        print(f"{r['model']:<22}{r['threads']:>8}{ms(r['silica_ms']):>11}{ms(r['ort_ms']):>11}{ratio}")
    for n in notes:
        print(f"note: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
