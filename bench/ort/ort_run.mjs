#!/usr/bin/env node
// Runs an ONNX model in ONNX Runtime's CPU execution provider: the peer Silica's runtime is
// measured and checked against, out of process (DESIGN.md, "Not a dependency: ONNX Runtime").
//
//   node ort_run.mjs MODEL [--input NAME=FILE.npy ...] [--threads N] [--repeat N] [--warmup N]
//                          [--output-dir DIR] [--profile FILE] [--json]
//   node ort_run.mjs --serve [--threads N]
//
// One-shot mode runs `warmup` untimed and `repeat` timed runs, prints the median latency (with
// --json: {"median_ms", "runs_ms", "outputs": {name: {"shape", "type"}}}), writes every output
// as DIR/<name>.npy (characters outside [A-Za-z0-9_.-] become '_') and with --profile copies
// ONNX Runtime's per-node trace (Chrome trace JSON) to FILE.
//
// Serve mode keeps sessions open for many small runs (a streaming pipeline): one JSON request per
// stdin line, {"model": PATH, "inputs": {NAME: FILE.npy}, "output_dir": DIR}, answered by one
// line, {"ok": true, "ms": …, "outputs": {NAME: {"shape", "type", "file"}}} or
// {"ok": false, "error": "…"}.
//
// onnxruntime-node comes from $SILICA_PEER_DIR (default ~/.cache/silica/peers/ort), installed
// by scripts/fetch_peers.sh. Exit codes: 0 ok, 1 the model failed to load or run, 2 usage or
// input error, 3 onnxruntime-node is not installed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';

import { NpyError, readNpy, writeNpy } from './npy.mjs';

class UsageError extends Error {}
class InputError extends Error {}
class PeerMissing extends Error {}

const kUsage =
  'usage: node ort_run.mjs MODEL [--input NAME=FILE.npy ...] [--threads N] [--repeat N] [--warmup N]\n' +
  '                        [--output-dir DIR] [--profile FILE] [--json]\n' +
  '       node ort_run.mjs --serve [--threads N]';

function parseArgs(argv) {
  const args = { model: null, inputs: [], threads: 1, repeat: 1, warmup: 0, outputDir: null, profile: null, json: false, serve: false };
  const count = (flag, text, min) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs an integer ≥ ${min}, got '${text}'`);
    return n;
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--input': {
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--input needs NAME=FILE.npy, got '${v}'`);
        args.inputs.push([v.slice(0, eq), v.slice(eq + 1)]);
        break;
      }
      case '--threads': args.threads = count(a, value(), 1); break;
      case '--repeat': args.repeat = count(a, value(), 1); break;
      case '--warmup': args.warmup = count(a, value(), 0); break;
      case '--output-dir': args.outputDir = value(); break;
      case '--profile': args.profile = value(); break;
      case '--json': args.json = true; break;
      case '--serve': args.serve = true; break;
      case '-h':
      case '--help':
        process.stdout.write(kUsage + '\n');
        process.exit(0);
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (args.model) throw new UsageError(`more than one model given ('${args.model}', '${a}')`);
        args.model = a;
    }
  }
  if (!args.serve && !args.model) throw new UsageError('no model given');
  return args;
}

function loadOrt() {
  const dir = process.env.SILICA_PEER_DIR || path.join(os.homedir(), '.cache', 'silica', 'peers', 'ort');
  try {
    return createRequire(path.join(path.resolve(dir), 'package.json'))('onnxruntime-node');
  } catch (e) {
    throw new PeerMissing(`onnxruntime-node is not installed in ${dir} (${e.message.split('\n')[0]}); run scripts/fetch_peers.sh`);
  }
}

function sessionOptions(threads, profilePrefix) {
  const options = {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
  if (profilePrefix) {
    options.enableProfiling = true;
    options.profileFilePrefix = profilePrefix;
  }
  return options;
}

async function createSession(ort, model, options) {
  if (!fs.existsSync(model)) throw new InputError(`model ${model} does not exist`);
  try {
    return await ort.InferenceSession.create(model, options);
  } catch (e) {
    throw new Error(`ONNX Runtime cannot load ${model}: ${e.message}`);
  }
}

// [[name, file]] → feeds, checked against the session's inputs.
function makeFeeds(ort, session, inputs) {
  const feeds = {};
  for (const [name, file] of inputs) {
    if (!session.inputNames.includes(name))
      throw new InputError(`the model has no input '${name}' (inputs: ${session.inputNames.join(', ')})`);
    const t = readNpy(file);
    feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  }
  const missing = session.inputNames.filter((n) => !(n in feeds));
  if (missing.length > 0)
    throw new InputError(`no --input for ${missing.map((n) => `'${n}'`).join(', ')}`);
  return feeds;
}

// As Silica's runtime::safeFileName, so both engines' outputs land under the same file names.
function safeFileName(name) {
  const out = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return out === '' || out === '.' || out === '..' ? '_' + out : out;
}

function writeOutputs(results, dir) {
  const described = {};
  if (dir) fs.mkdirSync(dir, { recursive: true });
  for (const [name, t] of Object.entries(results)) {
    described[name] = { shape: t.dims.map(Number), type: t.type };
    if (dir) {
      const file = path.join(dir, safeFileName(name) + '.npy');
      writeNpy(file, t.type, t.dims.map(Number), t.data);
      described[name].file = file;
    }
  }
  return described;
}

async function timedRun(session, feeds) {
  const start = process.hrtime.bigint();
  let results;
  try {
    results = await session.run(feeds);
  } catch (e) {
    throw new Error(`ONNX Runtime failed to run the model: ${e.message}`);
  }
  return { results, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

async function runOnce(args) {
  const ort = loadOrt();
  let profileDir = null;
  if (args.profile) profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ort-profile-'));
  try {
    const session = await createSession(ort, args.model, sessionOptions(args.threads, profileDir && path.join(profileDir, 'ort')));
    const feeds = makeFeeds(ort, session, args.inputs);
    for (let i = 0; i < args.warmup; ++i) await timedRun(session, feeds);
    const runs = [];
    let last;
    for (let i = 0; i < args.repeat; ++i) {
      const r = await timedRun(session, feeds);
      runs.push(r.ms);
      last = r.results;
    }
    const outputs = writeOutputs(last, args.outputDir);
    if (profileDir) {
      session.endProfiling();
      const traces = fs.readdirSync(profileDir).filter((f) => f.endsWith('.json'));
      if (traces.length === 0) throw new Error(`ONNX Runtime wrote no profile into ${profileDir}`);
      fs.copyFileSync(path.join(profileDir, traces[0]), args.profile);
    }
    await session.release();

    const med = median(runs);
    if (args.json) {
      for (const o of Object.values(outputs)) delete o.file;
      process.stdout.write(JSON.stringify({ median_ms: med, runs_ms: runs, outputs }) + '\n');
    } else {
      process.stdout.write(`model: ${args.model}\nthreads: ${args.threads}\n`);
      process.stdout.write(`median: ${med.toFixed(3)} ms over ${runs.length} runs (warmup ${args.warmup})\n`);
      for (const [name, o] of Object.entries(outputs))
        process.stdout.write(`output ${name}: ${o.type}[${o.shape.join(',')}]${o.file ? ' → ' + o.file : ''}\n`);
      if (args.profile) process.stdout.write(`profile: ${args.profile}\n`);
    }
  } finally {
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

async function serve(args) {
  const ort = loadOrt();
  const sessions = new Map();
  const reply = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const req = JSON.parse(line);
      if (typeof req.model !== 'string') throw new UsageError('request has no "model"');
      let session = sessions.get(req.model);
      if (!session) {
        session = await createSession(ort, req.model, sessionOptions(args.threads, null));
        sessions.set(req.model, session);
      }
      const feeds = makeFeeds(ort, session, Object.entries(req.inputs || {}));
      const { results, ms } = await timedRun(session, feeds);
      reply({ ok: true, ms, outputs: writeOutputs(results, req.output_dir || os.tmpdir()) });
    } catch (e) {
      reply({ ok: false, error: e.message });
    }
  }
  for (const s of sessions.values()) await s.release();
}

async function main() {
  try {
    const args = parseArgs(process.argv.slice(2));
    await (args.serve ? serve(args) : runOnce(args));
  } catch (e) {
    process.stderr.write(`ort_run: ${e.message}\n`);
    if (e instanceof UsageError) process.stderr.write(kUsage + '\n');
    process.exitCode = e instanceof PeerMissing ? 3 : e instanceof UsageError || e instanceof InputError || e instanceof NpyError ? 2 : 1;
  }
}

await main();
