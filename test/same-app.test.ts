/*
 * Issue 25's same app (test/same-app, one file per language) is synthesized from the packages in
 * dist/ in a fresh app of each language by scripts/fresh-apps.js, and scripts/same-app.js compares
 * the four templates. That run needs the packages and the registries, so it is part of `package`;
 * these are the cheap halves, in every jest run:
 * - the comparison can fail: the TypeScript app, synthesized from the source, against itself with one
 *   grant changed or dropped (as if one language's file had changed), and passes what may differ;
 * - the four files make the same calls with the same values, read as text.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SameApp } from './same-app/same-app';

// The app imports the package by name, as a user's app does: here that name is the source.
jest.mock('cdk-s3-access-points', () => jest.requireActual('../src'), { virtual: true });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sameApp = require('../scripts/same-app.js');
// The class the app's calls reach, through the same name.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PrefixAccessPoint } = require('cdk-s3-access-points');

/** The template of the stack `cdk init` makes for a folder named my-app, with the same app in it. */
function synth(): any {
  const app = new App();
  const stack = new Stack(app, 'MyAppStack');
  new SameApp(stack, 'SameApp');
  return app.synth().getStackByName('MyAppStack').template;
}

const compare = (templates: Record<string, any>) => sameApp.differences(
  Object.fromEntries(Object.entries(templates).map(([l, t]) => [l, sameApp.accessParts(t)])));

afterEach(() => jest.restoreAllMocks());

test('the parts compared hold every policy the app writes, the imports\' identity statements among them', () => {
  const parts = sameApp.accessParts(synth());
  const types = Object.values(parts).map((p: any) => p.Type).sort();
  expect(types).toEqual(expect.arrayContaining(['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::S3::AccessPoint', 'AWS::S3::BucketPolicy']));
  expect(types.filter(t => t === 'AWS::S3::AccessPoint')).toHaveLength(2);
  const identity = JSON.stringify(Object.values(parts).filter((p: any) => p.Type === 'AWS::IAM::Policy'));
  // One grant on each imported kind: the identity side names its ARN.
  for (const arn of ['accesspoint/partner-share', 'accesspoint/fast--use1-az4--xa-s3', 'accesspoint/mfzwi23gnjvgw.mrap']) {
    expect(identity).toContain(arn);
  }
});

test('two syntheses of the same app agree, whatever their metadata and asset hashes', () => {
  const a = synth();
  const b = synth();
  for (const r of Object.values<any>(b.Resources)) r.Metadata = { 'aws:cdk:path': 'elsewhere' };
  b.Resources.CDKMetadata = { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:other' } };
  expect(compare({ typescript: a, python: a, java: b, go: a })).toEqual([]);
  // Two asset hashes in the same place.
  const withHash = (template: any, digit: string) => {
    const copy = JSON.parse(JSON.stringify(template));
    Object.values<any>(copy.Resources).find(r => r.Type === 'AWS::IAM::Role').Properties.Description = `asset ${digit.repeat(64)}`;
    return copy;
  };
  expect(compare({ java: withHash(a, 'a'), go: withHash(a, 'b') })).toEqual([]);
  // Not every difference is noise: the same description on one side only is one.
  expect(compare({ java: withHash(a, 'a'), go: a })).toEqual([expect.stringMatching(/^Resources\.SameAppAnalyst\w+\.Properties\.Description: java = "asset <asset-hash>" \| go = \(absent\)$/)]);
});

test('a read grant made read-write in one language is a difference that names the statements', () => {
  const a = synth();
  jest.spyOn(PrefixAccessPoint.prototype, 'grantRead').mockImplementation(function (this: any, grantee: any, options: any) {
    return this.grantReadWrite(grantee, options);
  });
  const b = synth();
  const diffs: string[] = compare({ typescript: a, python: a, java: b, go: a });
  expect(diffs.length).toBeGreaterThan(0);
  // The analyst's identity policy and the access point policy, with the languages named.
  expect(diffs.some(d => /^Resources\.SameAppAnalystDefaultPolicy\w+\.Properties\.PolicyDocument\.Statement/.test(d) && d.includes('s3:PutObject'))).toBe(true);
  expect(diffs.some(d => /^Resources\.SameAppSales\w+\.Properties\.Policy\./.test(d))).toBe(true);
  expect(diffs.every(d => (d.includes('typescript, python, go = ') && d.includes('java = ')) || /only in (java|typescript, python, go): /.test(d))).toBe(true);
});

test('a grant missing in one language is a difference', () => {
  const a = synth();
  jest.spyOn(PrefixAccessPoint.prototype, 'grantRead').mockImplementation((grantee: any) => iam.Grant.drop(grantee, 'dropped'));
  const b = synth();
  expect(compare({ typescript: a, go: b }).length).toBeGreaterThan(0);
});

/** The grant and import calls and the string values of a same-app file, in order, spelled as in TypeScript. */
function calls(file: string): string[] {
  const text = fs.readFileSync(path.join(__dirname, 'same-app', file), 'utf8')
    .replace(/^\s*(\/\/|#).*$|\/\*\*[\s\S]*?\*\/|"""[\s\S]*?"""/gm, '') // comments, docstrings
    .replace(/^(import|from .* import) \([\s\S]*?^\)$/gm, '') // Go's import block, Python's import list
    .replace(/^\s*(import|from|package) .*$/gm, ''); // other imports
  const words = [...text.matchAll(/(["'])([^"'\n]*)\1|[A-Za-z_]\w*/g)].map(m => {
    if (m[2] !== undefined) return `'${m[2]}'`;
    const word = m[0].split(/_(?=[A-Z])/).pop()! // Go: PrefixAccessPoint_FromAccessPointAttributes
      .replace(/_([a-z])/g, (_, c) => c.toUpperCase()) // Python: grant_read_write
      .replace(/^get(?=[A-Z])/, '') // Java: getGrants
      .replace(/^[A-Z]/, c => c.toLowerCase()); // Go: GrantRead
    return /^(grant(Read|Write|ReadWrite|Delete)?|grants|read|readWrite|write|from[A-Z]\w*)$/.test(word) ? word : undefined;
  });
  return words.filter((w): w is string => w !== undefined);
}

test('the four files make the same calls with the same values', () => {
  const ts = calls('same-app.ts');
  expect(ts).toEqual(expect.arrayContaining(['grantRead', 'grantReadWrite', 'grants', 'fromAccessPointAttributes', 'fromAccessPointArn', 'fromMultiRegionAccessPointAttributes', "'sales/'", "'events/'"]));
  expect({ python: calls('same_app.py'), java: calls('SameApp.java'), go: calls('same_app.go') }).toEqual({ python: ts, java: ts, go: ts });
});
