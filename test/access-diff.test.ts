/*
 * The access diff on hand-made reports: each kind of change, its effect (widens, narrows, other) and
 * its sentence, widening first. test/access-diff.access.test.ts proves the main kinds against the
 * evaluated policies; this covers every kind, including those the evaluator cannot see.
 */
import { diffReports } from '../src/cli/access-diff';
import { renderDiffMarkdown, renderDiffText } from '../src/cli/access-diff-render';
import { AccessReport, ReportAccessPoint, ReportGrant } from '../src/report/model';

const grant = (over: Partial<ReportGrant> = {}): ReportGrant => ({
  principal: 'App/Analyst',
  principalArn: '${App/Analyst.Arn}',
  account: '111111111111',
  keyPrefix: 'sales/',
  objectTags: {},
  level: 'READ',
  capabilities: ['READ', 'LIST'],
  inAccessPointPolicy: true,
  identityPolicy: 'WRITTEN',
  ...over,
});
const vpcAp = (over: Partial<ReportAccessPoint> = {}): ReportAccessPoint => ({
  name: 'sales',
  path: 'App/Sales',
  imported: false,
  account: '111111111111',
  prefix: 'sales/',
  networkOrigin: 'VPC',
  vpc: { path: 'App/Vpc', id: '${App/Vpc}' },
  endpoint: { path: 'App/Vpc/S3', approval: 'ACCESS_POINT', allowances: ['ECR'] },
  grants: [grant()],
  ...over,
});
const report = (over: Partial<AccessReport['bucket']> = {}, accessPoints: ReportAccessPoint[] = [vpcAp()]): AccessReport => ({
  schemaVersion: 1,
  bucket: {
    path: 'App/Data',
    stack: 'App',
    name: 'lake-data',
    account: '111111111111',
    region: 'us-east-1',
    encryption: 'SSE-S3',
    accessPointAccounts: ['111111111111'],
    delegationScope: 'ACCESS_POINTS',
    objectRequestBoundary: { vpcs: ['App/Vpc'], administratorArns: [] },
    ...over,
  },
  accessPoints,
});
const BEFORE = [report()];

/** The changes from BEFORE to `after`, as [effect, kind, message]. */
const changes = (after: AccessReport[], before = BEFORE) => diffReports(before, after).changes.map(c => [c.effect, c.kind, c.message]);

test('no change', () => {
  expect(diffReports(BEFORE, [report()])).toEqual({ diffVersion: 1, summary: { widens: 0, narrows: 0, changes: 0 }, changes: [] });
});

test.each<[string, AccessReport[], [string, string, string][]]>([
  ['a principal gains access', [report({}, [vpcAp({ grants: [grant(), grant({ principal: 'App/Auditor' })] })])],
    [['widens', 'principal-gains', 'App/Auditor gains READ, LIST on sales/ through sales (VPC App/Vpc)']]],
  ['a higher level', [report({}, [vpcAp({ grants: [grant({ level: 'READ_WRITE', capabilities: ['READ', 'WRITE', 'LIST'] })] })])],
    [['widens', 'capabilities', 'App/Analyst on sales/ through sales (VPC App/Vpc): READ, LIST -> READ, WRITE, LIST']]],
  ['two grants of one principal on one prefix are one access', [report({}, [vpcAp({ grants: [grant(), grant({ level: 'DELETE', capabilities: ['DELETE'] })] })])],
    [['widens', 'capabilities', 'App/Analyst on sales/ through sales (VPC App/Vpc): READ, LIST -> READ, DELETE, LIST']]],
  ['a wider prefix', [report({}, [vpcAp({ grants: [grant({ keyPrefix: '' })] })])],
    [['widens', 'prefix', 'App/Analyst through sales (VPC App/Vpc): prefix sales/ -> (all keys) (READ, LIST)']]],
  ['a narrower prefix', [report({}, [vpcAp({ grants: [grant({ keyPrefix: 'sales/2026/' })] })])],
    [['narrows', 'prefix', 'App/Analyst through sales (VPC App/Vpc): prefix sales/ -> sales/2026/ (READ, LIST)']]],
  ['a prefix moved elsewhere widens and narrows', [report({}, [vpcAp({ grants: [grant({ keyPrefix: 'finance/' })] })])], [
    ['widens', 'prefix', 'App/Analyst through sales (VPC App/Vpc): prefix sales/ -> finance/ (READ, LIST)'],
    ['narrows', 'prefix', 'App/Analyst through sales (VPC App/Vpc): prefix sales/ -> finance/ (READ, LIST) (no longer reaches sales/)'],
  ]],
  ['VPC to internet', [report({}, [vpcAp({ networkOrigin: 'Internet', vpc: undefined, endpoint: undefined })])],
    [['widens', 'network-origin', 'access point sales: network origin VPC App/Vpc -> Internet for 1 principal(s): App/Analyst']]],
  ['the endpoint approves by account and allows more', [report({}, [vpcAp({ endpoint: { path: 'App/Vpc/S3', approval: 'ACCOUNTS', allowances: ['ECR', 'SSM'] } })])], [
    ['widens', 'endpoint', 'endpoint App/Vpc/S3: approves by access point -> by account'],
    ['widens', 'endpoint', 'endpoint App/Vpc/S3 also allows SSM'],
  ]],
  ['a new partner account', [report({ accessPointAccounts: ['111111111111', '222222222222'] })],
    [['widens', 'partner-account', 'the bucket now delegates to access points of account 222222222222 (a new partner account)']]],
  ['a principal of a new account', [report({}, [vpcAp({ grants: [grant(), grant({ principal: 'arn:aws:iam::444444444444:role/auditor', account: '444444444444', identityPolicy: 'MUST_BE_ADDED' })] })])], [
    ['widens', 'partner-account', 'account 444444444444 reaches the bucket for the first time: arn:aws:iam::444444444444:role/auditor through sales'],
    ['widens', 'principal-gains', 'arn:aws:iam::444444444444:role/auditor gains READ, LIST on sales/ through sales (VPC App/Vpc), once its account adds the identity policy'],
  ]],
  ['the delegation scope widens', [report({ delegationScope: 'ACCOUNT' })],
    [['widens', 'delegation-scope', 'delegation scope in its own account: ACCESS_POINTS -> ACCOUNT']]],
  ['the object request boundary is removed', [report({ objectRequestBoundary: undefined })],
    [['widens', 'object-request-boundary', 'guardrail removed: object requests other than through access points are no longer denied']]],
  ['the boundary admits an administrator', [report({ objectRequestBoundary: { vpcs: ['App/Vpc'], administratorArns: ['arn:aws:iam::111111111111:role/admin'] } })],
    [['widens', 'object-request-boundary', 'guardrail: the object request boundary now also admits administrator arn:aws:iam::111111111111:role/admin']]],
  ['a principal loses access', [report({}, [vpcAp({ grants: [] })])],
    [['narrows', 'principal-loses', 'App/Analyst loses READ, LIST on sales/ through sales (VPC App/Vpc)']]],
  ['an access point added, with its grant', [report({}, [vpcAp(), vpcAp({ name: 'finance', prefix: 'finance/', grants: [grant({ keyPrefix: 'finance/' })] })])], [
    ['widens', 'principal-gains', 'App/Analyst gains READ, LIST on finance/ through finance (VPC App/Vpc)'],
    ['changes', 'access-point-added', 'access point finance added: VPC App/Vpc, prefix finance/, 1 grant(s)'],
  ]],
  ['encryption without a key policy gate either side', [report({ encryption: 'SSE-KMS (aws/s3 key)' })], [['changes', 'bucket', 'encryption SSE-S3 -> SSE-KMS (aws/s3 key)']]],
])('%s', (_what, after, expected) => {
  expect(changes(after)).toEqual(expected);
});

test('object tags: fewer required tags widen, more narrow', () => {
  const tagged = [report({}, [vpcAp({ grants: [grant({ objectTags: { data: 'er' } })] })])];
  expect(changes(BEFORE, tagged)).toEqual([['widens', 'object-tags', 'App/Analyst on sales/ through sales (VPC App/Vpc): object tags data=er -> none']]);
  expect(changes(tagged)).toEqual([['narrows', 'object-tags', 'App/Analyst on sales/ through sales (VPC App/Vpc): object tags none -> data=er']]);
});

test('a directory bucket access point\'s Scope, and a Multi-Region Access Point\'s kind in every sentence', () => {
  const dir = (permissions: string[]) => [report({}, [vpcAp({ name: 'x--use1-az4--xa-s3', kind: 'DirectoryBucketAccessPoint', scope: { prefixes: ['sales/'], permissions } })])];
  expect(changes(dir(['GetObject', 'PutObject']), dir(['GetObject']))).toEqual([
    ['widens', 'directory-scope', 'access point x--use1-az4--xa-s3 (directory bucket): scope sales/: GetObject -> sales/: GetObject PutObject'],
  ]);
  const mrap = [report({}, [vpcAp({ kind: 'MultiRegionAccessPoint', networkOrigin: 'Internet', vpc: undefined, endpoint: undefined, regions: ['us-east-1'] })])];
  expect(changes([report({}, [{ ...mrap[0].accessPoints[0], grants: [grant(), grant({ principal: 'App/Writer' })] }])], mrap))
    .toEqual([['widens', 'principal-gains', 'App/Writer gains READ, LIST on sales/ through sales (Multi-Region) (Internet)']]);
});

test('widening first, then narrowing, then the rest; in text and Markdown', () => {
  const after = [report({ encryption: 'SSE-KMS (aws/s3 key)' }, [vpcAp({ grants: [grant({ principal: 'App/Auditor' })] })])];
  const diff = diffReports(BEFORE, after);
  expect(diff.changes.map(c => c.effect)).toEqual(['widens', 'narrows', 'changes']);
  expect(renderDiffText(diff)).toBe([
    'Access diff: 1 widening, 1 narrowing, 1 other change(s).',
    '',
    'Widens access:',
    '  bucket lake-data (App/Data)',
    '    + App/Auditor gains READ, LIST on sales/ through sales (VPC App/Vpc)',
    '',
    'Narrows access:',
    '  bucket lake-data (App/Data)',
    '    - App/Analyst loses READ, LIST on sales/ through sales (VPC App/Vpc)',
    '',
    'Other changes:',
    '  bucket lake-data (App/Data)',
    '    ~ encryption SSE-S3 -> SSE-KMS (aws/s3 key)',
    '',
  ].join('\n'));
  expect(renderDiffMarkdown(diff)).toContain('#### Widens access\n\nBucket **lake-data (App/Data)**:\n\n- **widens**: App/Auditor gains READ, LIST on sales/ through sales (VPC App/Vpc)');
});

/** Each change in both directions: [name, the wider side, the narrower side, what widening says, what narrowing says]. */
const BOUNDARY = { vpcs: ['App/Vpc'], administratorArns: [], deniedOutsideAccessPoints: ['read', 'write'], deniedExceptExempt: ['export', 'reopen'] };
const DEPLOYER = 'arn:aws:iam::111111111111:role/deployer';
test.each<[string, AccessReport, AccessReport, [string, string, string][], [string, string, string][]]>([
  ['vpcEndpoints dropped from the boundary (every S3 endpoint of the VPCs exempt) or named',
    report({ objectRequestBoundary: BOUNDARY }), report({ objectRequestBoundary: { ...BOUNDARY, vpcEndpoints: ['App/Vpc/S3'] } }),
    [['widens', 'object-request-boundary', 'guardrail: the object request boundary now admits every S3 endpoint of its VPCs, not only App/Vpc/S3']],
    [['narrows', 'object-request-boundary', 'guardrail: the object request boundary now admits only the S3 endpoints App/Vpc/S3, not every endpoint of its VPCs']]],
  ['one more named endpoint',
    report({ objectRequestBoundary: { ...BOUNDARY, vpcEndpoints: ['App/Vpc/S3', 'App/Vpc/S3b'] } }), report({ objectRequestBoundary: { ...BOUNDARY, vpcEndpoints: ['App/Vpc/S3'] } }),
    [['widens', 'object-request-boundary', 'guardrail: the object request boundary now also admits endpoint App/Vpc/S3b']],
    [['narrows', 'object-request-boundary', 'guardrail: the object request boundary no longer admits endpoint App/Vpc/S3b']]],
  ['a deployment role',
    report({ objectRequestBoundary: { ...BOUNDARY, deploymentRoleArns: [DEPLOYER] } }), report({ objectRequestBoundary: BOUNDARY }),
    [['widens', 'object-request-boundary', `guardrail: the object request boundary now also admits deployment role ${DEPLOYER}`]],
    [['narrows', 'object-request-boundary', `guardrail: the object request boundary no longer admits deployment role ${DEPLOYER}`]]],
  ['fewer classes denied other than through access points',
    report({ objectRequestBoundary: { ...BOUNDARY, deniedOutsideAccessPoints: ['read'] } }), report({ objectRequestBoundary: BOUNDARY }),
    [['widens', 'object-request-boundary', 'guardrail: the object request boundary no longer denies other than through access points: write']],
    [['narrows', 'object-request-boundary', 'guardrail: the object request boundary now also denies other than through access points: write']]],
  ['fewer classes denied to all but the exempt',
    report({ objectRequestBoundary: { ...BOUNDARY, deniedExceptExempt: ['export'] } }), report({ objectRequestBoundary: BOUNDARY }),
    [['widens', 'object-request-boundary', 'guardrail: the object request boundary no longer denies to all but the exempt: reopen']],
    [['narrows', 'object-request-boundary', 'guardrail: the object request boundary now also denies to all but the exempt: reopen']]],
  ['an endpoint no longer managed',
    report({}, [vpcAp({ endpoint: { path: 'App/Vpc/S3', approval: 'ACCESS_POINT', allowances: ['ECR'], managed: false } })]), report(),
    [['widens', 'endpoint', 'endpoint App/Vpc/S3: its policy is no longer written by this app (it no longer limits the endpoint to approved access points; its owner must add the statements)']],
    [['narrows', 'endpoint', 'endpoint App/Vpc/S3: its policy is now written by this app (it limits the endpoint to approved access points)']]],
  ['the endpoint of a VPC-only access point gone',
    report({}, [vpcAp({ endpoint: undefined })]), report(),
    [['widens', 'endpoint', 'access point sales: endpoint App/Vpc/S3 is no longer managed for it (no endpoint policy of this app limits its VPC\'s requests)']],
    [['narrows', 'endpoint', 'access point sales: endpoint App/Vpc/S3 now limits its VPC\'s requests']]],
  ['SSE-KMS with a customer managed key to SSE-S3',
    report({ encryption: 'SSE-S3' }), report({ encryption: 'SSE-KMS (customer managed key)' }),
    [['widens', 'bucket', 'encryption SSE-KMS (customer managed key) -> SSE-S3 (no key policy gates object access any more)']],
    [['narrows', 'bucket', 'encryption SSE-S3 -> SSE-KMS (customer managed key) (a key policy now gates object access too)']]],
  ['the whole boundary',
    report({ objectRequestBoundary: undefined }), report({ objectRequestBoundary: BOUNDARY }),
    [['widens', 'object-request-boundary', 'guardrail removed: object requests other than through access points are no longer denied']],
    [['narrows', 'object-request-boundary', 'guardrail added: object requests other than through access points are denied']]],
])('%s: widens one way, narrows the other', (_what, wider, narrower, widening, narrowing) => {
  expect(changes([wider], [narrower])).toEqual(widening);
  expect(changes([narrower], [wider])).toEqual(narrowing);
  expect(diffReports([narrower], [wider]).summary).toEqual({ widens: 1, narrows: 0, changes: 0 });
});
