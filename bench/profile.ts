/*
 * CPU profiles of the user-shaped app (bench/user-app.ts), library against baseline: runs each app
 * under `node --cpu-prof` and prints where the time goes. Not a test: figures for docs/performance.md.
 *
 *   npx projen bench:profile                  N = 1,000 and 3,000
 *   BENCH_N=10000 npx projen bench:profile    other sizes
 *   BENCH_PROFILE_DIR=/tmp/p ...              keep the .cpuprofile files there (open them in Chrome DevTools)
 *
 * For each N it prints:
 * - the share of the library app's samples with a frame of the library on the stack (the library's
 *   total), and the time of the whole app against the baseline's;
 * - the library's functions by total time (inclusive) and by self time;
 * - the aws-cdk-lib functions that run under the library's frames, by self time (work the library
 *   causes in CDK: resolution, tokens, policy documents);
 * - aws-cdk-lib functions whose self time grows most from the baseline to the library app.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { libraryPath } from './user-app';

const sizes = (process.env.BENCH_N ?? '1000,3000').split(',').map(Number);
const top = Number(process.env.BENCH_TOP ?? 15);
const root = path.join(__dirname, '..');
const dir = process.env.BENCH_PROFILE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
fs.mkdirSync(dir, { recursive: true });
const libDir = libraryPath() + path.sep;

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

function profile(variant: string, n: number): { file: string; result: any } {
  const name = `${variant}-${n}.cpuprofile`;
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name,
    '-r', 'ts-node/register', path.join(__dirname, 'user-app.ts'), variant, String(n)], {
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return { file: path.join(dir, name), result: JSON.parse(out.trim().split('\n').pop()!) };
}

/** A frame as file:function:line, paths relative to the project or to node_modules. */
function label(node: Node): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(root + path.sep, '');
  // aws-cdk-lib is minified (one line per file): its function names say enough.
  return file.startsWith('aws-cdk-lib/') ? `${file}:${functionName || '(anonymous)'}` : `${file || '(native)'}:${functionName || '(anonymous)'}:${lineNumber + 1}`;
}
const withoutLine = (l: string) => l.replace(/:\d+$/, '');
const isLibrary = (node: Node) => node.callFrame.url.replace(/^file:\/\//, '').startsWith(libDir);
const isCdk = (node: Node) => node.callFrame.url.includes('node_modules/aws-cdk-lib/');

interface Summary {
  totalMs: number;
  /** Self time by frame label. */
  self: Map<string, number>;
  /** Inclusive time by frame label (a sample counts once per label however deep the recursion). */
  total: Map<string, number>;
  /** Inclusive time by file:function, without the line. */
  totalByName: Map<string, number>;
  /** Time of samples with a library frame on the stack. */
  underLibraryMs: number;
  /** Self time of aws-cdk-lib frames in samples with a library frame on the stack. */
  cdkUnderLibrary: Map<string, number>;
  /** Self time by category of the leaf frame: library, aws-cdk-lib, GC, other. */
  categories: Map<string, number>;
}

function summarize(file: string): Summary {
  const p: Profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const s: Summary = {
    totalMs: 0, self: new Map(), total: new Map(), totalByName: new Map(), underLibraryMs: 0, cdkUnderLibrary: new Map(), categories: new Map(),
  };
  const stackCache = new Map<number, { labels: string[]; underLibrary: boolean }>();
  const stackOf = (id: number) => {
    let cached = stackCache.get(id);
    if (!cached) {
      const labels = new Set<string>();
      let underLibrary = false;
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const node = byId.get(cur)!;
        labels.add(label(node));
        if (isLibrary(node)) underLibrary = true;
      }
      cached = { labels: [...labels], underLibrary };
      stackCache.set(id, cached);
    }
    return cached;
  };
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id)!;
    s.totalMs += ms;
    add(s.self, label(leaf), ms);
    const { labels, underLibrary } = stackOf(id);
    for (const l of labels) add(s.total, l, ms);
    for (const l of new Set(labels.map(withoutLine))) add(s.totalByName, l, ms);
    if (underLibrary) {
      s.underLibraryMs += ms;
      if (isCdk(leaf)) add(s.cdkUnderLibrary, label(leaf), ms);
    }
    const fn = leaf.callFrame.functionName;
    add(s.categories, isLibrary(leaf) ? 'library' : isCdk(leaf) ? 'aws-cdk-lib' : fn === '(garbage collector)' ? 'GC' : fn === '(idle)' ? 'idle' : 'other', ms);
  });
  return s;
}

const sorted = (m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
  [...m.entries()].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
const fmt = (ms: number, of: number) => `${Math.round(ms)} ms (${(100 * ms / of).toFixed(1)}%)`;
const libraryLabel = (k: string) => k.startsWith(path.relative(root, libDir.slice(0, -1)) + path.sep);

/** The phases of an app's life, by the frame that spans each (the first one found). */
const PHASES: [string, string[]][] = [
  ['construction (the app\'s loop: buildLibrary / buildBaseline)', ['bench/user-app.ts:buildLibrary', 'bench/user-app.ts:buildBaseline']],
  ['app.synth()', ['aws-cdk-lib/core/lib/private/synthesis.js:synthesize']],
  ['  aspects', ['aws-cdk-lib/core/lib/private/synthesis.js:invokeAspectsV2']],
  ['  prepareApp (cross-stack references: resolves every template)', ['aws-cdk-lib/core/lib/private/prepare-app.js:prepareApp']],
  ['  validateTree (addValidation callbacks)', ['aws-cdk-lib/core/lib/private/synthesis.js:validateTree']],
  ['  synthesizeTree (templates, custom synthesis)', ['aws-cdk-lib/core/lib/private/synthesis.js:synthesizeTree']],
  ['    templates (CfnResource._toCloudFormation)', ['aws-cdk-lib/core/lib/cfn-resource.js:_toCloudFormation']],
  ['    the access report (library onSynthesize)', ['lib/report/build-report.js:onSynthesize', 'src/report/build-report.ts:onSynthesize']],
  ['    tree.json', ['aws-cdk-lib/core/lib/private/tree-metadata.js:_synthesizeTree']],
  ['garbage collector', ['(native):(garbage collector)']],
];

for (const n of sizes) {
  const lib = profile('library', n);
  const base = profile('baseline', n);
  const [l, b] = [summarize(lib.file), summarize(base.file)];
  console.log(`\n## N = ${n}: profiles ${lib.file}, ${base.file}`);
  console.log(`Samples: library app ${Math.round(l.totalMs)} ms, baseline ${Math.round(b.totalMs)} ms (whole process, profiler on; ratio ${(l.totalMs / b.totalMs).toFixed(2)})`);
  console.log(`Leaf categories, library app: ${[...l.categories].map(([k, v]) => `${k} ${fmt(v, l.totalMs)}`).join(', ')}`);
  console.log(`Leaf categories, baseline:    ${[...b.categories].map(([k, v]) => `${k} ${fmt(v, b.totalMs)}`).join(', ')}`);
  console.log(`Samples with a library frame on the stack: ${fmt(l.underLibraryMs, l.totalMs)}`);
  console.log('\nPhases (total time; library app / baseline):');
  for (const [phase, labels] of PHASES) {
    // Frames are matched without their line (the line of a TypeScript file depends on the transpiler).
    const of = (x: Summary) => Math.max(0, ...labels.map(k => x.totalByName.get(k) ?? 0));
    console.log(`  ${phase.padEnd(58)} ${String(Math.round(of(l))).padStart(6)} ms / ${String(Math.round(of(b))).padStart(6)} ms`);
  }
  console.log('\nLibrary functions by total (inclusive) time:');
  for (const [k, v] of sorted(l.total, libraryLabel)) console.log(`  ${fmt(v, l.totalMs).padEnd(16)} ${k}`);
  console.log('\nLibrary functions by self time:');
  for (const [k, v] of sorted(l.self, libraryLabel)) console.log(`  ${fmt(v, l.totalMs).padEnd(16)} ${k}`);
  console.log('\naws-cdk-lib functions under library frames, by self time:');
  for (const [k, v] of sorted(l.cdkUnderLibrary)) console.log(`  ${fmt(v, l.totalMs).padEnd(16)} ${k}`);
  console.log('\naws-cdk-lib and other functions, self time library app minus baseline (largest growth):');
  const growth = new Map([...l.self].map(([k, v]) => [k, v - (b.self.get(k) ?? 0)] as [string, number]));
  for (const [k, v] of sorted(growth, f => !libraryLabel(f))) console.log(`  +${fmt(v, l.totalMs).padEnd(16)} ${k} (baseline ${Math.round(b.self.get(k) ?? 0)} ms)`);
  console.log('\naws-cdk-lib functions by total time, library app against baseline (largest growth):');
  const totalGrowth = new Map([...l.total].map(([k, v]) => [k, v - (b.total.get(k) ?? 0)] as [string, number]));
  for (const [k, v] of sorted(totalGrowth, f => f.startsWith('aws-cdk-lib/'))) console.log(`  +${fmt(v, l.totalMs).padEnd(16)} ${k} (library ${Math.round(l.total.get(k) ?? 0)} ms, baseline ${Math.round(b.total.get(k) ?? 0)} ms)`);
}
