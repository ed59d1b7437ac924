/*
 * Correct at scale: the benchmark's layout (a data stack, a network stack, team stacks of 100
 * consumers, every 10th access point VPC-only) at N = 500 synthesizes without cycles, under 500
 * resources per stack, with the bucket policy, the endpoint policy and each access point policy the
 * same size as at N = 10. Sizes and structure only; timings are the benchmark's (bench/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { buildLibrary, layout } from '../bench/scale-app';

function synth(n: number) {
  const l = layout(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-')), n);
  buildLibrary(l, n);
  const assembly = l.app.synth();
  const policies = (type: string, property: string) => assembly.stacks
    .flatMap(s => Object.values<any>(s.template.Resources ?? {}))
    .filter(r => r.Type === type)
    // Logical ids and numbers differ from consumer to consumer; the shape must not.
    .map(r => JSON.stringify(r.Properties[property]).replace(/[A-Za-z0-9]+[0-9A-F]{8}"/g, 'ID"').replace(/\d+/g, '#'));
  return { l, assembly, policies };
}

const small = synth(10);
const large = synth(500);

test('no stack over 500 resources; team stacks depend on the data and network stacks, never the reverse', () => {
  const { assembly } = large;
  expect(assembly.stacks).toHaveLength(7);
  for (const stack of assembly.stacks) {
    expect(Object.keys(stack.template.Resources).length).toBeLessThanOrEqual(500);
    const deps = stack.dependencies.map(d => d.id).filter(id => !id.endsWith('.assets'));
    if (stack.stackName.startsWith('Team')) expect(deps.sort()).toEqual(['Data', 'Network']);
    else expect(deps).toEqual([]);
  }
});

test('the bucket policy and the account-approval endpoint policy are the same at 10 and 500 consumers', () => {
  expect(large.policies('AWS::S3::BucketPolicy', 'PolicyDocument')).toEqual(small.policies('AWS::S3::BucketPolicy', 'PolicyDocument'));
  expect(large.policies('AWS::EC2::VPCEndpoint', 'PolicyDocument')).toEqual(small.policies('AWS::EC2::VPCEndpoint', 'PolicyDocument'));
});

test('each access point policy has the same shape and size whatever the number of consumers', () => {
  const shapes = new Set(large.policies('AWS::S3::AccessPoint', 'Policy'));
  expect(large.policies('AWS::S3::AccessPoint', 'Policy')).toHaveLength(500);
  expect([...shapes]).toEqual([...new Set(small.policies('AWS::S3::AccessPoint', 'Policy'))]);
});

test('no policy comes near its limit', () => {
  for (const stack of [large.l.data, large.l.network, large.l.team(0)]) {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('limit'));
  }
});
