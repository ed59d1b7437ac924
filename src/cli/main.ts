#!/usr/bin/env node
/*
 * cdk-s3-access-points report [ASSEMBLY_DIR] [--format table|md|json|mermaid] [--check FILE]
 * cdk-s3-access-points diff OLD NEW [--format text|md|json] [--fail-on widen|change|never]
 * cdk-s3-access-points migrate POLICY.json [--bucket NAME] [--account ID] [--region REGION]
 *                              [--language typescript|python] [--format text|json|code] [--mapping FILE]
 *
 * report prints the access reports a synthesis wrote into a cloud assembly (default ./cdk.out), with
 * no AWS access and no CDK app code. With --check it compares the rendering with FILE instead and
 * exits 1 when they differ, so a pull request shows access changes like a snapshot.
 *
 * diff compares two sets of access reports (cloud assemblies or report JSON files): who gains or
 * loses access, which prefixes, levels and network origins widen or narrow, new partner accounts,
 * delegation scope and boundary changes; widening first. It exits 1 when access widens (or, with
 * --fail-on change, on any change), so that CI can gate a pull request on it.
 *
 * migrate plans the move from one bucket policy (as `aws s3api get-bucket-policy` prints it) to
 * access points: the access points and grants, what it cannot map and why, the sizes, the bucket
 * policy after, and the CDK app (docs/migration.md).
 *
 * Both read JSON files only and import neither the constructs nor aws-cdk-lib, so they start fast
 * (test/cli.test.ts checks the loaded modules). Arguments are parsed by Node's util.parseArgs.
 *
 * cdk-s3-access-points --version prints the package's version; --help (or -h) the usage.
 *
 * Exit codes: 0 success, 1 the check found differences (report --check) or the diff found what
 * --fail-on names, 2 bad usage or input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { diffReports } from './access-diff';
import { DIFF_RENDERERS } from './access-diff-render';
import { readReports, readReportsFrom, ReportInputError } from './read-reports';
import { generateCode, Language, LANGUAGES } from '../migrate/codegen';
import { planMigration, MigrationOptions } from '../migrate/plan';
import { PolicyInputError, readBucketPolicy } from '../migrate/policy';
import { renderPlanText } from '../migrate/render';
import { RENDERERS } from '../report/render';

const REPORT_USAGE = `usage: cdk-s3-access-points report [ASSEMBLY_DIR] [--format ${Object.keys(RENDERERS).join('|')}] [--check FILE]

  ASSEMBLY_DIR   a synthesized cloud assembly (default: cdk.out)
  --format       table (default), md, json or mermaid
  --check FILE   compare with FILE (same format) instead of printing; exit 1 if they differ`;

const FAIL_ON = ['widen', 'change', 'never'];
const DIFF_USAGE = `usage: cdk-s3-access-points diff OLD NEW [--format ${Object.keys(DIFF_RENDERERS).join('|')}] [--fail-on ${FAIL_ON.join('|')}]

  OLD, NEW       each a synthesized cloud assembly (cdk.out) or a report JSON file (report --format json)
  --format       text (default), md (a pull request comment) or json
  --fail-on      widen (default): exit 1 when access widens; change: exit 1 on any change; never: exit 0`;

const MIGRATE_FORMATS = ['text', 'json', 'code'];
const MIGRATE_USAGE = `usage: cdk-s3-access-points migrate POLICY.json [--bucket NAME] [--account ID] [--region REGION]
                             [--language ${LANGUAGES.join('|')}] [--format ${MIGRATE_FORMATS.join('|')}] [--mapping FILE]

  POLICY.json    the bucket policy: what aws s3api get-bucket-policy prints, or the policy document
  --bucket       the bucket, when the policy names several (default: the one it names)
  --account      the bucket owner's account, where the access points are made
  --region       the bucket's region
  --language     of the generated CDK app: typescript (default) or python
  --format       text (default): the plan; json: the plan and the code; code: the CDK app only
  --mapping FILE JSON: {"accessPointNames": {"generated-name": "your-name"}, "vpcEndpoints": {"vpce-...": "vpc-..."}}`;

const USAGE = `${REPORT_USAGE}

${DIFF_USAGE}

${MIGRATE_USAGE}

  --version      print the version of cdk-s3-access-points
  --help, -h     print this help (after a command: that command's)`;

/** The version of the installed package: package.json is two folders up from lib/cli (and src/cli). */
function version(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

/** A failure the user can act on: printed without a stack trace, exit code 2. */
class InputError extends Error {}

/** Thrown to end with a message on stdout and exit code 0 (--help, --version). */
class HelpRequested extends Error {}

/** What util.parseArgs found: option values by name, and the positional arguments. */
interface ParsedCommand {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/**
 * The options and positionals of one command, by util.parseArgs, with its errors worded for the
 * user: "unknown option '--x'", "--format needs a value".
 */
function parseCommand(args: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string, maxPositionals: number): ParsedCommand {
  let parsed: ParsedCommand;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    const error = e as Error & { code?: string };
    const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new InputError(`unknown option '${quoted}'\n${usage}`);
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new InputError(`${quoted.split(' ')[0]} needs a value\n${usage}`);
    throw new InputError(`${error.message}\n${usage}`);
  }
  if (parsed.values.help) throw new HelpRequested(usage);
  if (parsed.positionals.length > maxPositionals) {
    throw new InputError(`too many arguments ('${parsed.positionals.slice(maxPositionals).join("', '")}')\n${usage}`);
  }
  return parsed;
}

interface ReportOptions {
  readonly dir: string;
  readonly format: string;
  readonly check?: string;
}

function parseReport(args: string[]): ReportOptions {
  const { values, positionals } = parseCommand(args, { format: { type: 'string' }, check: { type: 'string' } }, REPORT_USAGE, 1);
  const format = (values.format as string | undefined) ?? 'table';
  if (!(format in RENDERERS)) throw new InputError(`unknown format '${format}': use ${Object.keys(RENDERERS).join(', ')}`);
  return { dir: positionals[0] ?? 'cdk.out', format, check: values.check as string | undefined };
}

function runDiff(args: string[]): number {
  const { values, positionals } = parseCommand(args, { 'format': { type: 'string' }, 'fail-on': { type: 'string' } }, DIFF_USAGE, 2);
  if (positionals.length < 2) throw new InputError(`diff needs two reports to compare (OLD and NEW)\n${DIFF_USAGE}`);
  const format = (values.format as string | undefined) ?? 'text';
  if (!(format in DIFF_RENDERERS)) throw new InputError(`unknown format '${format}': use ${Object.keys(DIFF_RENDERERS).join(', ')}`);
  const failOn = (values['fail-on'] as string | undefined) ?? 'widen';
  if (!FAIL_ON.includes(failOn)) throw new InputError(`unknown --fail-on '${failOn}': use ${FAIL_ON.join(', ')}`);
  const accessDiff = diffReports(readReportsFrom(positionals[0]), readReportsFrom(positionals[1]));
  process.stdout.write(DIFF_RENDERERS[format](accessDiff));
  const { widens, narrows, changes } = accessDiff.summary;
  if (failOn === 'widen') return widens > 0 ? 1 : 0;
  if (failOn === 'change') return widens + narrows + changes > 0 ? 1 : 0;
  return 0;
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

function runReport(args: string[]): number {
  const options = parseReport(args);
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
}

/** A file's text, or an InputError naming it. */
function readText(file: string, what: string): string {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InputError(`${file}: no such file (${what})`);
  return fs.readFileSync(file, 'utf8');
}

/** The mapping file: access point names to use, and the VPC of each VPC endpoint. */
function readMapping(file: string): Pick<MigrationOptions, 'accessPointNames' | 'vpcEndpoints'> {
  let json: any;
  try {
    json = JSON.parse(readText(file, 'the mapping file'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const isMap = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(x => typeof x === 'string'));
  if (!json || typeof json !== 'object' || Array.isArray(json) || !isMap(json.accessPointNames) || !isMap(json.vpcEndpoints)
    || Object.keys(json).some(k => k !== 'accessPointNames' && k !== 'vpcEndpoints')) {
    throw new InputError(`${file}: a mapping is {"accessPointNames": {"generated-name": "name"}, "vpcEndpoints": {"vpce-id": "vpc-id"}} (strings only)`);
  }
  return { accessPointNames: json.accessPointNames, vpcEndpoints: json.vpcEndpoints };
}

function runMigrate(args: string[]): number {
  const { values, positionals } = parseCommand(args, {
    bucket: { type: 'string' },
    account: { type: 'string' },
    region: { type: 'string' },
    language: { type: 'string' },
    format: { type: 'string' },
    mapping: { type: 'string' },
  }, MIGRATE_USAGE, 1);
  const file = positionals[0];
  if (file === undefined) throw new InputError(`the bucket policy file is missing\n${MIGRATE_USAGE}`);
  const language = (values.language as string | undefined) ?? 'typescript';
  if (!(LANGUAGES as readonly string[]).includes(language)) throw new InputError(`unknown language '${language}': use ${LANGUAGES.join(', ')}`);
  const format = (values.format as string | undefined) ?? 'text';
  if (!MIGRATE_FORMATS.includes(format)) throw new InputError(`unknown format '${format}': use ${MIGRATE_FORMATS.join(', ')}`);
  const account = values.account as string | undefined;
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new InputError(`--account '${account}' is not an account id (12 digits)`);
  const region = values.region as string | undefined;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new InputError(`--region '${region}' is not a region (e.g. eu-west-1)`);

  try {
    const policy = readBucketPolicy(readText(file, 'the bucket policy'), file);
    const mapping = values.mapping === undefined ? {} : readMapping(values.mapping as string);
    const plan = planMigration(policy, { bucketName: values.bucket as string | undefined, account, region, ...mapping });
    const code = generateCode(plan, language as Language);
    if (format === 'code') process.stdout.write(code);
    else if (format === 'json') process.stdout.write(JSON.stringify({ ...plan, code: { language, source: code } }, undefined, 2) + '\n');
    else process.stdout.write(renderPlanText(plan));
    return 0;
  } catch (e) {
    if (e instanceof PolicyInputError) throw new InputError(e.message);
    throw e;
  }
}

const COMMANDS: Record<string, (args: string[]) => number> = { report: runReport, diff: runDiff, migrate: runMigrate };

export function main(args: string[]): number {
  try {
    const [command, ...rest] = args;
    if (command === '--help' || command === '-h') throw new HelpRequested(USAGE);
    if (command === '--version' || command === '-V') throw new HelpRequested(version());
    const run = command === undefined ? undefined : COMMANDS[command];
    if (!run) throw new InputError(command ? `unknown command '${command}'\n${USAGE}` : USAGE);
    return run(rest);
  } catch (e) {
    if (e instanceof HelpRequested) {
      process.stdout.write(e.message + '\n');
      return 0;
    }
    if (e instanceof InputError || e instanceof ReportInputError) {
      process.stderr.write(`cdk-s3-access-points: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
