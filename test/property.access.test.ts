/*
 * Property-based tests (fast-check) of access point names and prefixes. For every valid name and
 * prefix, the synthesized policies, evaluated by the independent evaluator, allow keys inside the
 * prefix and deny keys outside it, including a sibling that shares its string prefix. Every invalid
 * name or prefix is refused at synthesis. Failing inputs are shrunk and printed by fast-check.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { PrefixAccessPoint, SharedDataBucket } from '../src';
import { AccessEvaluator } from './support/access-evaluator';

/** Valid access point names: 3-50 of [a-z0-9-], no hyphen at either end, no alias suffix. */
const validName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/)
  .filter(n => !n.endsWith('-s3alias') && !n.endsWith('-ext-s3alias'));

/** Valid prefixes: 1-3 folders of S3's safe key characters, with or without the trailing '/'. */
const segment = fc.stringMatching(/^[A-Za-z0-9!_.'()-]{1,12}$/);
const validPrefix = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([parts, slash]) => parts.join('/') + (slash ? '/' : ''));

function synth(name: string, prefix: string) {
  const stack = new Stack(new App(), 'Stack');
  const data = new SharedDataBucket(stack, 'Data');
  const role = new iam.Role(stack, 'Consumer', { assumedBy: new iam.AccountRootPrincipal() });
  const ap = new PrefixAccessPoint(stack, 'Ap', { bucket: data, accessPointName: name, prefix });
  ap.grantReadWrite(role);
  const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());
  return { evaluator, principal: AccessEvaluator.roleArn(stack.getLogicalId(role.node.defaultChild as iam.CfnRole)), folder: ap.prefix };
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

test(`valid names and prefixes: inside allowed, outside denied (${RUNS} runs)`, async () => {
  await fc.assert(fc.asyncProperty(validName, validPrefix, fc.stringMatching(/^[a-z0-9._-]{1,20}$/), async (name, prefix, leaf) => {
    const { evaluator, principal, folder } = synth(name, prefix);
    // A prefix without '/' is the folder prefix + '/'.
    expect(folder).toBe(prefix.endsWith('/') ? prefix : `${prefix}/`);
    const through = { principal, accessPoint: name };
    const sibling = `${folder.slice(0, -1)}x/`; // shares the string prefix, not the folder
    const allowed = [
      { ...through, action: 's3:PutObject', key: `${folder}${leaf}` },
      { ...through, action: 's3:GetObject', key: `${folder}${leaf}` },
      { ...through, action: 's3:ListBucket', listPrefix: folder },
    ];
    const denied = [
      { ...through, action: 's3:GetObject', key: `${sibling}${leaf}` },
      { ...through, action: 's3:PutObject', key: `${sibling}${leaf}` },
      { ...through, action: 's3:PutObject', key: leaf }, // the access point root
      { ...through, action: 's3:ListBucket', listPrefix: '' },
      { ...through, action: 's3:ListBucket', listPrefix: sibling },
      { principal, action: 's3:GetObject', key: `${folder}${leaf}` }, // the bucket itself
    ];
    for (const r of allowed) expect([r, await evaluator.evaluate(r)]).toEqual([r, 'Allowed']);
    for (const r of denied) expect([r, await evaluator.evaluate(r)]).not.toEqual([r, 'Allowed']);
  }), { numRuns: RUNS });
  // Each run synthesizes a stack: under load (CI on 2 cores) the runs take longer than jest's 5 s default.
}, 60_000);

/** Names that break a rule: a character outside [a-z0-9-], a length outside 3-50, a hyphen at an end, an alias suffix. */
const invalidName = fc.oneof(
  fc.tuple(validName, fc.constantFrom('A', '_', ' ', '.', 'é', '/', '*'), fc.nat()).map(([n, c, i]) => {
    const at = i % n.length;
    return n.slice(0, at) + c + n.slice(at + 1);
  }),
  fc.stringMatching(/^[a-z0-9]{0,2}$/),
  fc.stringMatching(/^[a-z0-9]{51,70}$/),
  validName.map(n => `-${n}`.slice(0, 50)),
  validName.map(n => `${n.slice(0, 40)}-s3alias`),
);

/** Prefixes that break a rule: a wildcard, a policy variable, a leading '/'. */
const invalidPrefix = fc.oneof(
  fc.tuple(validPrefix, fc.constantFrom('*', '?', '${aws:username}'), fc.nat()).map(([p, bad, i]) => {
    const at = i % (p.length + 1);
    return p.slice(0, at) + bad + p.slice(at);
  }),
  validPrefix.map(p => `/${p}`),
);

test('invalid names are refused, naming the construct and the property', () => {
  fc.assert(fc.property(invalidName, name => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new PrefixAccessPoint(stack, 'Ap', { bucket: new SharedDataBucket(stack, 'Data'), accessPointName: name, prefix: 'a/' }))
      .toThrow(/^Stack\/Ap: invalid properties:\n {2}- accessPointName/);
  }), { numRuns: 300 });
});

test('invalid prefixes are refused, naming the construct and the property', () => {
  fc.assert(fc.property(validName, invalidPrefix, (name, prefix) => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new PrefixAccessPoint(stack, 'Ap', { bucket: new SharedDataBucket(stack, 'Data'), accessPointName: name, prefix }))
      .toThrow(/^Stack\/Ap: invalid properties:\n {2}- prefix/);
  }), { numRuns: 300 });
});
