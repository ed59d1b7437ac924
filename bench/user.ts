/*
 * The user-shaped benchmark (issue 17): for each N, synthesizes the app a user writes with the
 * library and the same app written by hand (bench/user-app.ts), each in its own process, the two
 * alternating; prints a table of medians with the spread of the runs, then the import cost of the
 * library. Not a test: figures to read and record in docs/performance.md.
 *
 *   npx projen bench:user                   N = 10, 100, 1,000, 3,000, 10,000
 *   BENCH_N=1000 npx projen bench:user      other sizes
 *   BENCH_RUNS=5 BENCH_RUNS_LARGE=3 ...     runs per app and size (default 5; 3 at N >= 10,000)
 *   BENCH_LIB=src ...                       the library from src/ through ts-node (default: lib/, compiled)
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { libraryPath } from './user-app';

const sizes = (process.env.BENCH_N ?? '10,100,1000,3000,10000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const runsLarge = Number(process.env.BENCH_RUNS_LARGE ?? 3);
const app = path.join(__dirname, 'user-app.ts');
const root = path.join(__dirname, '..');

function run(variant: string, n: number) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '-r', 'ts-node/register', app, variant, String(n)], {
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${Math.min(...xs)}-${Math.max(...xs)}`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);

function table(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(columns), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The two apps alternately, so that a slow spell of the shared machine hits both. */
function measureSize(n: number) {
  const count = n >= 10_000 ? runsLarge : runs;
  const results: Record<string, any[]> = { library: [], baseline: [] };
  for (let i = 0; i < count; i++) {
    for (const variant of ['library', 'baseline']) {
      const r = run(variant, n);
      results[variant].push(r);
      process.stderr.write(`N=${n} run ${i + 1}/${count} ${variant}: ${r.synthMs} ms wall, ${r.cpuMs} ms CPU, ${r.peakRssMb} MB\n`);
    }
  }
  return { count, lib: results.library, base: results.baseline };
}

const timing: string[][] = [];
const sizesTable: string[][] = [];
const runLog: string[] = [];
for (const n of sizes) {
  const { count, lib, base } = measureSize(n);
  const m = (rs: any[], k: string) => median(rs.map(r => r[k]));
  const [lw, bw, lc, bc] = [m(lib, 'synthMs'), m(base, 'synthMs'), m(lib, 'cpuMs'), m(base, 'cpuMs')];
  const [lm, bm] = [m(lib, 'peakRssMb'), m(base, 'peakRssMb')];
  timing.push([n, count, `${lw} (${spread(lib.map(r => r.synthMs))})`, `${bw} (${spread(base.map(r => r.synthMs))})`, ratio(lw, bw),
    `${lc} (${spread(lib.map(r => r.cpuMs))})`, `${bc} (${spread(base.map(r => r.cpuMs))})`, ratio(lc, bc),
    `${(lc / n).toFixed(2)}/${(bc / n).toFixed(2)}`, `${lm}/${bm} (${ratio(lm, bm)})`,
    `${m(lib, 'processMs')}/${m(base, 'processMs')}`].map(String));
  const [l, b] = [lib[0], base[0]];
  sizesTable.push([n, l.stacks, l.resources, `${l.templateBytes}/${b.templateBytes} (${ratio(l.templateBytes, b.templateBytes)})`,
    `${l.policyBytes}/${b.policyBytes} (${ratio(l.policyBytes, b.policyBytes)})`, `${l.bucketPolicyBytes}/${b.bucketPolicyBytes}`,
    `${l.maxAccessPointPolicyBytes}/${b.maxAccessPointPolicyBytes}`, `${l.maxIdentityPolicyBytes}/${b.maxIdentityPolicyBytes}`, l.reportBytes].map(String));
  runLog.push(`N=${n}: library ${lib.map(r => `${r.synthMs}/${r.cpuMs}`).join(', ')}; baseline ${base.map(r => `${r.synthMs}/${r.cpuMs}`).join(', ')} (wall/CPU ms)`);
}

console.log(`User-shaped app: data stack + team stacks of 150 consumers (role + PrefixAccessPoint + grantReadWrite); library from ${path.relative(root, libraryPath())}/`);
console.log('Synthesis time (app creation to end of app.synth(), module loading excluded): median (min-max) of the runs');
console.log(table(['N', 'runs', 'library ms', 'baseline ms', 'ratio', 'library CPU ms', 'baseline CPU ms', 'CPU ratio', 'CPU ms/consumer (lib/base)',
  'peak MB lib/base (ratio)', 'process ms lib/base'], timing));
console.log('\nSizes (library/baseline; bytes of minified JSON)');
console.log(table(['N', 'stacks', 'resources', 'template bytes', 'policy bytes (all)', 'bucket policy B', 'max AP policy B', 'max identity policy B',
  'access report B'], sizesTable));
console.log(`\nRuns (wall/CPU ms):\n${runLog.join('\n')}`);

/*
 * Import cost: in a fresh process, aws-cdk-lib with its S3 and IAM modules (and the classes the
 * hand-written app uses) loaded first, then the library; the time of the second step and the
 * modules it added.
 */
const IMPORT_PROBE = `
const before0 = performance.now();
const cdk = require('aws-cdk-lib'); const s3 = require('aws-cdk-lib/aws-s3'); const iam = require('aws-cdk-lib/aws-iam');
void [cdk.App, cdk.Stack, iam.Role, iam.ServicePrincipal, iam.PolicyStatement, iam.AnyPrincipal, s3.Bucket, s3.CfnAccessPoint, s3.BucketPolicy];
const base = performance.now() - before0;
const before = new Set(Object.keys(require.cache));
const t = performance.now();
require(process.argv[1]);
const ms = performance.now() - t;
const added = Object.keys(require.cache).filter(f => !before.has(f));
const modules = {};
for (const f of added) {
  const m = /node_modules[\\\\/]aws-cdk-lib[\\\\/]([^\\\\/]+)[\\\\/]/.exec(f);
  const key = m ? 'aws-cdk-lib/' + m[1] : (/node_modules[\\\\/]/.test(f) ? f.replace(/.*node_modules[\\\\/]/, '').split(/[\\\\/]/)[0] : 'library');
  modules[key] = (modules[key] || 0) + 1;
}
console.log(JSON.stringify({ base, ms, files: added.length, modules }));
`;
const probes = Array.from({ length: runs }, () =>
  JSON.parse(execFileSync(process.execPath, ['-e', IMPORT_PROBE, libraryPath()], { encoding: 'utf8', cwd: root }).trim()));
const importMs = probes.map(p => Math.round(p.ms));
console.log(`\nImport cost of the library on top of aws-cdk-lib core, aws-s3 and aws-iam: ${median(importMs)} ms (runs: ${importMs.join(', ')}), ` +
  `${probes[0].files} files; those three take ${Math.round(median(probes.map(p => p.base)))} ms themselves`);
console.log(`Files it adds, by module: ${Object.entries<number>(probes[0].modules).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);

// The aws-cdk-lib modules loaded by the whole library app and not by the hand-written one (N = 10).
const [libSmall, baseSmall] = [run('library', 10), run('baseline', 10)];
const extra = Object.keys(libSmall.cdkModules).filter(k => !(k in baseSmall.cdkModules));
console.log(`aws-cdk-lib modules loaded by the library app and not by the hand-written app: ${extra.map(k => `${k} (${libSmall.cdkModules[k]} files)`).join(', ') || 'none'}`);
