/*
 * The scale benchmark: for each N, synthesizes the library app and the hand-written L1 baseline
 * (bench/scale-app.ts), each in its own process, and prints a table. Not a test: figures to read
 * and record in docs/performance.md.
 *
 *   npx projen bench                 N = 10, 100, 1000, 3000
 *   BENCH_N=10,100 npx projen bench  other sizes
 *   BENCH_RUNS=5 npx projen bench    runs per app and size (the median is shown; default 3)
 *   BENCH_KIND=directory | multi-region   directory bucket access points, or grants on one
 *                                    Multi-Region Access Point (bench/kinds-app.ts)
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const kind = process.env.BENCH_KIND ? `${process.env.BENCH_KIND}-` : '';
const sizes = (process.env.BENCH_N ?? (kind === 'multi-region-' ? '1,10,25' : '10,100,1000,3000')).split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const app = path.join(__dirname, 'scale-app.ts');

function run(variant: string, n: number) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', '-r', 'ts-node/register', app, variant, String(n)], {
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.dev.json') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const columns = ['N', 'library ms', 'baseline ms', 'ratio', 'stacks', 'max resources/stack', 'template bytes', 'bucket policy B',
  'max AP policy B', 'endpoint policy B', 'max identity policy B', 'peak MB (lib/base)'];
const rows: string[][] = [];
/** Runs the two apps alternately, so that a slow spell of the machine hits both; keeps the median run of each. */
function medians(n: number) {
  const results: Record<string, any[]> = { library: [], baseline: [] };
  for (let i = 0; i < runs; i++) {
    for (const variant of ['library', 'baseline']) results[variant].push(run(`${kind}${variant}`, n));
  }
  const median = (xs: any[]) => [...xs].sort((a, b) => a.synthMs - b.synthMs)[Math.floor(xs.length / 2)];
  return { lib: median(results.library), base: median(results.baseline), all: results };
}

for (const n of sizes) {
  const { lib, base, all } = medians(n);
  process.stderr.write(`N=${n}: library ${all.library.map(r => r.synthMs).join(', ')} ms; baseline ${all.baseline.map(r => r.synthMs).join(', ')} ms\n`);
  rows.push([n, lib.synthMs, base.synthMs, (lib.synthMs / base.synthMs).toFixed(2), lib.stacks, lib.maxResourcesPerStack,
    `${lib.templateBytes} (${(lib.templateBytes / base.templateBytes).toFixed(2)}x)`, lib.bucketPolicyBytes, lib.maxAccessPointPolicyBytes,
    lib.endpointPolicyBytes, lib.maxIdentityPolicyBytes, `${lib.peakRssMb}/${base.peakRssMb}`].map(String));
}
const widths = columns.map((c, i) => Math.max(c.length, ...rows.map(r => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log([line(columns), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
