/*
 * The five examples that exist in every language (the quick start, VPC-only, cross-account,
 * directory bucket and Multi-Region) write the same IAM statements in TypeScript, Python, Java and
 * Go. This synthesizes the TypeScript ones and compares their statements with
 * test/example-statements.json; test/python/test_examples.py, examples/java (ExampleStatementsTest)
 * and examples/go (statements_test.go) compare their own synthesis with the same file. So a
 * translation that drifts from the TypeScript example, or a file that drifts from the examples,
 * fails a test. Refresh the file after an intended change with
 * `UPDATE_EXAMPLE_STATEMENTS=1 npx jest test/example-statements.test.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { CrossAccountApp } from '../examples/cross-account';
import { DataLakeStack } from '../examples/data-lake';
import { DirectoryBucketStack } from '../examples/directory-bucket';
import { MultiRegionExample } from '../examples/multi-region';
import { VpcOnlyStack } from '../examples/vpc-only';

const FILE = path.join(__dirname, 'example-statements.json');

/**
 * The policy-bearing properties compared in every language: what this library writes. (Role trust
 * policies and key policies are aws-cdk-lib's and may differ between the aws-cdk-lib versions the
 * four harnesses use.)
 */
const POLICIES: Record<string, string> = {
  'AWS::S3::AccessPoint': 'Policy',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::S3::MultiRegionAccessPointPolicy': 'Policy',
  'AWS::S3Express::AccessPoint': 'Policy',
  'AWS::S3Express::BucketPolicy': 'PolicyDocument',
  'AWS::IAM::Policy': 'PolicyDocument',
  'AWS::EC2::VPCEndpoint': 'PolicyDocument',
};

/** Stack name → logical id → "Type.Property" → policy document, for every stack of the app. */
function statements(app: App): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const stack of app.synth().stacks) {
    const resources: Record<string, any> = stack.template.Resources ?? {};
    out[stack.stackName] = {};
    for (const id of Object.keys(resources).sort()) {
      const { Type: type, Properties: props } = resources[id];
      const key = POLICIES[type];
      if (key && props?.[key]) out[stack.stackName][id] = { [`${type}.${key}`]: props[key] };
    }
  }
  return out;
}

/** The canonical app of each example: the same ids and environments in every language. */
const EXAMPLES: Record<string, () => App> = {
  dataLake: () => { const app = new App(); new DataLakeStack(app, 'DataLake'); return app; },
  vpcOnly: () => { const app = new App(); new VpcOnlyStack(app, 'VpcOnly', { env: { region: 'eu-west-1' } }); return app; },
  crossAccount: () => { const app = new App(); new CrossAccountApp(app, 'CrossAccount'); return app; },
  directoryBucket: () => { const app = new App(); new DirectoryBucketStack(app, 'DirectoryBucket', { env: { region: 'us-east-1' } }); return app; },
  multiRegion: () => { const app = new App(); new MultiRegionExample(app, 'MultiRegion'); return app; },
};

test('the examples write the statements of test/example-statements.json', () => {
  const fresh = Object.fromEntries(Object.entries(EXAMPLES).map(([name, make]) => [name, statements(make())]));
  if (process.env.UPDATE_EXAMPLE_STATEMENTS) fs.writeFileSync(FILE, JSON.stringify(fresh, null, 1) + '\n');
  const stored = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  expect(stored).toEqual(fresh);
});

test('every example writes an access point policy and an identity policy (the comparison compares something)', () => {
  const stored = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  for (const name of Object.keys(EXAMPLES)) {
    const kinds = Object.values(stored[name]).flatMap((stack: any) => Object.values(stack).flatMap((r: any) => Object.keys(r)));
    expect({ name, accessPoint: kinds.some(k => /AccessPoint(Policy)?\.Policy$/.test(k)) }).toEqual({ name, accessPoint: true });
    expect({ name, identity: kinds.includes('AWS::IAM::Policy.PolicyDocument') }).toEqual({ name, identity: true });
  }
});
