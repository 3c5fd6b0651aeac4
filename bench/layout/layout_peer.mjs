#!/usr/bin/env node
// Lays out a graph written by bench_layout with one of the layout engines Silica is measured
// against, out of process: @dagrejs/dagre (Netron's layout) or elkjs (layered), installed by
// scripts/fetch_layout_peers.sh into $SILICA_LAYOUT_PEER_DIR (default
// ~/.cache/silica/peers/layout).
//
//   node layout_peer.mjs dagre|elk GRAPH.json OUT.json
//
// GRAPH.json: {"nodes": [{"w": …, "h": …}, …], "edges": [[from, to], …]} (node indices).
// OUT.json:   {"seconds": layout time, "routes": [[[x, y], …] per edge]}: each edge's route
//             from the source box to the target box, as the engine drew it.
// Options match Silica's canvas: top to bottom, 24 px between nodes, 40 px between ranks.
// Exit codes: 0 ok, 2 usage or input error, 3 the engine is not installed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const [engine, graphFile, outFile] = process.argv.slice(2);
if (!['dagre', 'elk'].includes(engine) || !graphFile || !outFile) {
  process.stderr.write('usage: node layout_peer.mjs dagre|elk GRAPH.json OUT.json\n');
  process.exit(2);
}
const peerDir = process.env.SILICA_LAYOUT_PEER_DIR || path.join(os.homedir(), '.cache', 'silica', 'peers', 'layout');
const require = createRequire(path.join(peerDir, 'package.json'));
let graph;
try {
  graph = JSON.parse(fs.readFileSync(graphFile, 'utf8'));
} catch (e) {
  process.stderr.write(`cannot read ${graphFile}: ${e.message}\n`);
  process.exit(2);
}

function load(name) {
  try {
    return require(name);
  } catch (e) {
    process.stderr.write(`${name} is not installed in ${peerDir} (run scripts/fetch_layout_peers.sh): ${e.message}\n`);
    process.exit(3);
  }
}

async function runDagre() {
  const dagre = load('@dagrejs/dagre');
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 40, edgesep: 10 });
  graph.nodes.forEach((n, i) => g.setNode(String(i), { width: n.w, height: n.h }));
  graph.edges.forEach(([a, b], i) => g.setEdge(String(a), String(b), {}, 'e' + i));
  const start = performance.now();
  dagre.layout(g);
  const seconds = (performance.now() - start) / 1000;
  const routes = graph.edges.map(([a, b], i) => g.edge(String(a), String(b), 'e' + i).points.map((p) => [p.x, p.y]));
  return { seconds, routes };
}

async function runElk() {
  const ELK = load('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const input = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '24',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
    },
    children: graph.nodes.map((n, i) => ({ id: 'n' + i, width: n.w, height: n.h })),
    edges: graph.edges.map(([a, b], i) => ({ id: 'e' + i, sources: ['n' + a], targets: ['n' + b] })),
  };
  const start = performance.now();
  const out = await elk.layout(input);
  const seconds = (performance.now() - start) / 1000;
  const byId = new Map(out.edges.map((e) => [e.id, e]));
  const routes = graph.edges.map((_, i) => {
    const s = (byId.get('e' + i).sections || [])[0];
    if (!s) return [];
    return [s.startPoint, ...(s.bendPoints || []), s.endPoint].map((p) => [p.x, p.y]);
  });
  return { seconds, routes };
}

const result = engine === 'dagre' ? await runDagre() : await runElk();
fs.writeFileSync(outFile, JSON.stringify(result));
