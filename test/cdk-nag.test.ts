/*
 * cdk-nag over every example stack (examples/*.ts), with all four packs: AwsSolutions, HIPAA Security,
 * NIST 800-53 rev 5 and PCI DSS 3.2.1.
 *
 * - The library's own resources (SharedDataBucket, its ServerAccessLogsBucket, access points,
 *   delegation, guardrails) have no unsuppressed error. The only suppressions on them are the rules
 *   in NOT_APPLICABLE (README, "Security": rules that cannot apply, or that a setting the user
 *   chooses decides), each applied to exactly the construct kinds listed there. The log bucket's own
 *   "no access logs" finding is suppressed by the library itself (cdk_nag metadata), not here.
 * - Findings on what the example's author creates (its roles' policies, its Lambda functions, its
 *   VPC, its own bucket) are suppressed on those resources only, each rule with its reason.
 * Any other finding, new rule or new resource, fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagSuppressions, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DataLakeStack } from '../examples/data-lake';
import { AccessPointBase, AccessPointDelegation, OrganizationGuardrail, ServerAccessLogsBucket, SharedDataBucket } from '../src';
import { EXAMPLE_APPS, exampleStacks } from './support/example-stacks';

const PACKS: { name: string; prefix: string; aspect: (logIgnores?: boolean) => IAspect }[] = [
  { name: 'AwsSolutions', prefix: 'AwsSolutions-', aspect: logIgnores => new AwsSolutionsChecks({ verbose: true, logIgnores }) },
  { name: 'HIPAA Security', prefix: 'HIPAA.Security-', aspect: logIgnores => new HIPAASecurityChecks({ verbose: true, logIgnores }) },
  { name: 'NIST 800-53 rev 5', prefix: 'NIST.800.53.R5-', aspect: logIgnores => new NIST80053R5Checks({ verbose: true, logIgnores }) },
  { name: 'PCI DSS 3.2.1', prefix: 'PCI.DSS.321-', aspect: logIgnores => new PCIDSS321Checks({ verbose: true, logIgnores }) },
];

/**
 * Rules that cannot apply to the library's resources, or whose outcome is a setting the user
 * chooses; the README's security section lists the same rules with the same reasons (checked
 * below). `on` names the construct kinds the suppression is applied to, nothing else.
 */
const NOT_APPLICABLE: { rule: string; on: ('SharedDataBucket' | 'ServerAccessLogsBucket')[]; reason: string }[] = [
  {
    rule: 'S3BucketReplicationEnabled',
    on: ['SharedDataBucket', 'ServerAccessLogsBucket'],
    reason: 'Replication needs a destination bucket in another Region or account that the user owns and pays for; the library cannot choose it. The compliance preset replicates into the destination the user gives (or records the user\'s reason not to).',
  },
  {
    rule: 'S3BucketVersioningEnabled',
    on: ['SharedDataBucket'],
    reason: 'Versioning of the shared bucket is the user\'s choice (versioned: true, or the compliance preset), as it changes storage cost and delete semantics for every consumer. The log bucket is always versioned.',
  },
  {
    rule: 'S3DefaultEncryptionKMS',
    on: ['SharedDataBucket'],
    reason: 'SSE-KMS on the shared bucket is the user\'s choice (encryption: KMS, or the compliance preset). (The log bucket must use SSE-S3, as S3 server access log delivery does not support SSE-KMS on the destination: the library suppresses that finding itself.)',
  },
];

/** Findings on resources the example's author creates and controls; suppressed on those resources only. */
const USER_CONTROLLED: { rules: string[]; reason: string }[] = [
  { rules: ['IAM4'], reason: 'The example Lambda functions use the AWS managed basic execution role; the function is the user\'s.' },
  { rules: ['L1'], reason: 'The example function\'s runtime is the user\'s choice.' },
  { rules: ['VPC7', 'VPCFlowLogsEnabled'], reason: 'VPC flow logs belong to the user\'s VPC, which the example creates.' },
  { rules: ['ECS2'], reason: 'Container environment variables are the user\'s.' },
  { rules: ['LambdaConcurrency', 'LambdaDLQ', 'LambdaInsideVPC'], reason: 'Concurrency, dead-letter queue and VPC of the example function are the user\'s choices.' },
  {
    rules: ['IAMNoInlinePolicy', 'IAMUserGroupMembership', 'IAMUserNoPolicies'],
    reason: 'The example\'s roles and users are the user\'s: CDK writes a principal\'s grants into its default inline policy, and whether users get policies or groups is the user\'s design.',
  },
  {
    rules: ['S1', 'S3BucketLoggingEnabled', 'S3BucketReplicationEnabled', 'S3BucketVersioningEnabled', 'S3DefaultEncryptionKMS'],
    reason: 'The existing-bucket example\'s own bucket (s3.Bucket) stands for a bucket the user already has; its settings are the user\'s.',
  },
];

/**
 * Findings on statements the library writes for the user, by design: a grant is on a key prefix, so its
 * object resource ends in `PREFIX*`. The suppression names exactly those resources.
 */
const PREFIX_WILDCARD = /^Resource::arn:(<AWS::Partition>|aws):s3:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):accesspoint\/[a-z0-9-]+\/object\/[^*]*\*$/;
/** The same for a Multi-Region Access Point: no Region, named by its alias (Fn::GetAtt). */
const MRAP_PREFIX_WILDCARD = /^Resource::arn:(<AWS::Partition>|aws):s3::(<AWS::AccountId>|\d{12}):accesspoint\/<[A-Za-z0-9]+\.Alias>\/object\/[^*]*\*$/;
/**
 * A bucket's key in another Region than the grantee's stack cannot be referenced from it: the library
 * names the keys of that account and Region, pinned by kms:ViaService and the bucket's encryption context.
 */
const OTHER_REGION_KEYS = /^Resource::arn:(<AWS::Partition>|aws):kms:[a-z0-9-]+:\d{12}:key\/\*$/;

/** The library construct a construct belongs to, if any. */
function libraryKind(c: IConstruct): string | undefined {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) {
    if (s instanceof ServerAccessLogsBucket) return 'ServerAccessLogsBucket';
    if (s instanceof SharedDataBucket) return 'SharedDataBucket';
    if (s instanceof AccessPointBase || s instanceof AccessPointDelegation || s instanceof OrganizationGuardrail) return s.constructor.name;
  }
  return undefined;
}

/** The suppressions, each with its reason; added before any of an app's stacks is synthesized. */
function suppress(stack: Stack, prefixes: string[]): void {
  for (const c of stack.node.findAll()) {
    if (!(c instanceof CfnResource)) continue;
    const kind = libraryKind(c);
    if (kind === undefined) {
      NagSuppressions.addResourceSuppressions(c, USER_CONTROLLED.flatMap(({ rules, reason }) =>
        rules.flatMap(r => prefixes.map(p => ({ id: `${p}${r}`, reason })))));
    } else {
      const rules = NOT_APPLICABLE.filter(n => (n.on as string[]).includes(kind));
      if (rules.length > 0) {
        NagSuppressions.addResourceSuppressions(c, rules.flatMap(({ rule, reason }) => prefixes.map(p => ({ id: `${p}${rule}`, reason }))));
      }
    }
  }
  // IAM5 on the library's identity statements: allowed only for the prefix wildcard of a grant.
  NagSuppressions.addStackSuppressions(stack, [{
    id: 'AwsSolutions-IAM5',
    reason: 'A grant on an access point prefix covers every object under the prefix: ACCESS_POINT_ARN/object/PREFIX*.',
    appliesTo: [{ regex: `/${PREFIX_WILDCARD.source}/g` }, { regex: `/${MRAP_PREFIX_WILDCARD.source}/g` }],
  }, {
    id: 'AwsSolutions-IAM5',
    reason: 'The KMS key of a bucket in another Region cannot be referenced from the grantee\'s stack: the statement names the keys of ' +
      'that account and Region, pinned by kms:ViaService and the bucket\'s encryption context.',
    appliesTo: [{ regex: `/${OTHER_REGION_KEYS.source}/g` }],
  }]);
}

/** The unsuppressed errors of a stack for one pack, as `path: rule`. */
function errors(stack: Stack, prefix: string): string[] {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(prefix))
    .map(e => `${e.id}: ${String(e.entry.data).split('\n')[0]}`);
}

test('every example app (examples/*.ts) is checked', () => {
  const files = fs.readdirSync(path.join(__dirname, '..', 'examples')).filter(f => f.endsWith('.ts')).map(f => f.replace(/\.ts$/, '')).sort();
  expect(EXAMPLE_APPS.map(a => a.name).sort()).toEqual(files);
});

describe.each(PACKS)('$name', ({ prefix, aspect }) => {
  const stacks = exampleStacks(() => [aspect()]);
  stacks.forEach(s => suppress(s, PACKS.map(p => p.prefix)));

  test.each(stacks.map(s => [s.node.path, s]))('%s: no unsuppressed error', (_path, stack) => {
    expect(errors(stack, prefix)).toEqual([]);
  });
});

test.each(PACKS)('$name: unsuppressed, the data lake has findings on the library\'s resources only of NOT_APPLICABLE rules (this test can fail)', ({ prefix, aspect }) => {
  const app = new App();
  Aspects.of(app).add(aspect());
  const stack = new DataLakeStack(app, 'Unsuppressed');
  const byPath = new Map(stack.node.findAll().map(c => [`/${c.node.path}`, c]));
  const library = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(prefix))
    .filter(e => libraryKind(byPath.get(e.id)!) !== undefined)
    .map(e => String(e.entry.data).match(/^[A-Za-z0-9.]+-([A-Za-z0-9]+)/)![1]);
  // The data lake's bucket is SSE-KMS, and the library suppresses the KMS rule on the log bucket (SSE-S3 only).
  const expected = prefix === 'AwsSolutions-' ? [] : ['S3BucketReplicationEnabled', 'S3BucketVersioningEnabled'];
  expect([...new Set(library)].sort()).toEqual(expected);
});

test('the log bucket\'s own "no access logs" and SSE-KMS findings are suppressed by the library (cdk_nag metadata), in every pack', () => {
  // In a stack of its own, no bucket of the stack logs into it, so cdk-nag reports it unless suppressed.
  const app = new App();
  for (const p of PACKS) Aspects.of(app).add(p.aspect(true));
  const stack = new Stack(app, 'Logs');
  new ServerAccessLogsBucket(stack, 'AccessLogs');
  const suppressed = Annotations.fromStack(stack).findInfo('/Logs/AccessLogs/Resource', Match.stringLikeRegexp('LoggingEnabled|AwsSolutions-S1'))
    .map(i => String(i.entry.data).match(/^CdkNagSuppression: ([A-Za-z0-9.]+-[A-Za-z0-9]+) was triggered but suppressed/)![1]).sort();
  expect(suppressed).toEqual(['AwsSolutions-S1', 'HIPAA.Security-S3BucketLoggingEnabled', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'PCI.DSS.321-S3BucketLoggingEnabled']);
  expect(Annotations.fromStack(stack).findError('/Logs/AccessLogs/Resource', Match.stringLikeRegexp('LoggingEnabled|AwsSolutions-S1'))).toEqual([]);
  const kms = Annotations.fromStack(stack).findInfo('/Logs/AccessLogs/Resource', Match.stringLikeRegexp('S3DefaultEncryptionKMS'))
    .map(i => String(i.entry.data).match(/^CdkNagSuppression: ([A-Za-z0-9.]+-[A-Za-z0-9]+) was triggered but suppressed/)![1]).sort();
  expect(kms).toEqual(['HIPAA.Security-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS']);
  // Only those findings: nothing else on the log bucket is suppressed by the library.
  const metadata = (stack.node.findChild('AccessLogs').node.defaultChild as CfnResource).getMetadata('cdk_nag');
  expect([...new Set(metadata.rules_to_suppress.map((r: { id: string }) => r.id.replace(/^.*-/, '')))].sort())
    .toEqual(['S1', 'S3BucketLoggingEnabled', 'S3DefaultEncryptionKMS']);
});

test('the shared bucket has no logging finding with the defaults, nor with a log bucket the user passes', () => {
  const app = new App();
  for (const p of PACKS) Aspects.of(app).add(p.aspect());
  const stack = new Stack(app, 'Logged');
  new SharedDataBucket(stack, 'Default');
  const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true });
  new SharedDataBucket(stack, 'Passed', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'data/' });
  for (const id of ['Default', 'Passed']) {
    expect(Annotations.fromStack(stack).findError(`/Logged/${id}/Resource`, Match.stringLikeRegexp('LoggingEnabled|AwsSolutions-S1'))).toEqual([]);
  }
});

test('README lists every NOT_APPLICABLE rule with its reason', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  for (const { rule } of NOT_APPLICABLE) expect(readme).toContain(`\`${rule}\``);
});
