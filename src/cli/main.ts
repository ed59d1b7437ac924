#!/usr/bin/env node
/*
 * cdk-s3-access-points report [ASSEMBLY_DIR] [--format table|md|json|mermaid] [--check FILE]
 *
 * Prints the access reports a synthesis wrote into a cloud assembly (default ./cdk.out), with no AWS
 * access and no CDK app code: it reads JSON files only, and imports neither the constructs nor
 * aws-cdk-lib, so it starts fast. With --check it compares the rendering with FILE instead and exits
 * 1 when they differ, so a pull request shows access changes like a snapshot.
 *
 * Exit codes: 0 success, 1 the check found differences, 2 bad usage or input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AccessReport, REPORT_SCHEMA_VERSION } from '../report/model';
import { RENDERERS } from '../report/render';

const USAGE = `usage: cdk-s3-access-points report [ASSEMBLY_DIR] [--format ${Object.keys(RENDERERS).join('|')}] [--check FILE]

  ASSEMBLY_DIR   a synthesized cloud assembly (default: cdk.out)
  --format       table (default), md, json or mermaid
  --check FILE   compare with FILE (same format) instead of printing; exit 1 if they differ`;

/** A failure the user can act on: printed without a stack trace, exit code 2. */
class InputError extends Error {}

interface Options {
  readonly dir: string;
  readonly format: string;
  readonly check?: string;
}

function parse(args: string[]): Options {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (command !== 'report') throw new InputError(command ? `unknown command '${command}'\n${USAGE}` : USAGE);
  let dir: string | undefined;
  let format = 'table';
  let check: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new InputError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--format') format = value();
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--check') check = value();
    else if (arg.startsWith('--check=')) check = arg.slice('--check='.length);
    else if (arg.startsWith('-')) throw new InputError(`unknown option '${arg}'\n${USAGE}`);
    else if (dir === undefined) dir = arg;
    else throw new InputError(`one assembly directory only ('${dir}', then '${arg}')\n${USAGE}`);
  }
  if (!(format in RENDERERS)) throw new InputError(`unknown format '${format}': use ${Object.keys(RENDERERS).join(', ')}`);
  return { dir: dir ?? 'cdk.out', format, check };
}

/** The reports of an assembly and of its nested assemblies (stages), by file name. */
function readReports(dir: string): AccessReport[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new InputError(`${dir}: no such directory (synthesize the app first, e.g. npx cdk synth)`);
  }
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new InputError(`${dir} is not a cloud assembly: it has no manifest.json`);
  }
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory() && entry.name.startsWith('assembly-')) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.access-report.json')) files.push(full);
    }
  };
  walk(dir);
  if (files.length === 0) {
    throw new InputError(`${dir} holds no access report: no SharedDataBucket was synthesized into it`);
  }
  return files.map(file => {
    let report: AccessReport;
    try {
      report = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InputError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (report?.schemaVersion !== REPORT_SCHEMA_VERSION || !Array.isArray(report.accessPoints) || !report.bucket) {
      throw new InputError(`${file} is not an access report of schema version ${REPORT_SCHEMA_VERSION} (found ${JSON.stringify(report?.schemaVersion)})`);
    }
    return report;
  });
}

/** The lines that differ, as - (expected) and + (actual), with a line of context around each change. */
function diff(expected: string[], actual: string[]): string[] {
  // Longest common subsequence over lines: reports are at most a few thousand lines.
  const n = expected.length;
  const m = actual.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = expected[i] === actual[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      i++; j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(`+ ${actual[j++]}`);
    } else {
      out.push(`- ${expected[i++]}`);
    }
  }
  return out;
}

export function main(args: string[]): number {
  try {
    const options = parse(args);
    const rendered = RENDERERS[options.format](readReports(options.dir));
    if (options.check === undefined) {
      process.stdout.write(rendered);
      return 0;
    }
    if (!fs.existsSync(options.check)) {
      throw new InputError(`${options.check}: no such file to check against (write it first: report ${options.dir} --format ${options.format} > ${options.check})`);
    }
    const expected = fs.readFileSync(options.check, 'utf8');
    if (expected === rendered) {
      process.stdout.write(`access report matches ${options.check}\n`);
      return 0;
    }
    process.stdout.write(`access report differs from ${options.check} (- expected, + synthesized):\n${diff(expected.split('\n'), rendered.split('\n')).join('\n')}\n`);
    return 1;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`cdk-s3-access-points: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
