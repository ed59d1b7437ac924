/*
 * The migration planner (src/migrate): reading policies, the plan of each corpus policy, names, what
 * it refuses and why, sizes, and that its tables agree with what the library writes. The generated
 * TypeScript type-checks against the library's source; the generated Python compiles (and runs
 * against the wheel in test/python/test_migrate.py). Access before and after: migrate.access.test.ts.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLevel, AccessPointDelegation, PrefixAccessPoint } from '../src';
import { corpus } from './support/migrate-harness';
import { generateCode } from '../src/migrate/codegen';
import { everyLevelAction, LevelName, levelGrantActions, levelObjectActions } from '../src/migrate/levels';
import { accessPointNameProblem, planMigration } from '../src/migrate/plan';
import { PolicyDocumentJson, PolicyInputError, readBucketPolicy } from '../src/migrate/policy';
import { renderPlanText } from '../src/migrate/render';

const ROOT = path.join(__dirname, '..');
const CORPUS = corpus();
const plan = (name: string) => CORPUS.find(c => c.name === name)!.plan;
const doc: PolicyDocumentJson = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bk1/p/*' }] };

describe('reading the input', () => {
  test('the output of aws s3api get-bucket-policy and the document itself read the same', () => {
    expect(readBucketPolicy(JSON.stringify({ Policy: JSON.stringify(doc) }))).toEqual(doc);
    expect(readBucketPolicy(JSON.stringify(doc))).toEqual(doc);
  });

  test.each([
    ['empty', '  \n', /is empty/],
    ['not JSON', '{"Version": ', /is not valid JSON/],
    ['a Policy that is not a string', '{"Policy": {"Statement": []}}', /"Policy" must be the policy document as a string/],
    ['a Policy string that is not JSON', '{"Policy": "{nope"}', /its "Policy" string\) is not valid JSON/],
    ['not a policy', '{"Version": "2012-10-17"}', /is not a bucket policy/],
    ['an array', '[1, 2]', /is not a bucket policy/],
    ['no statements', '{"Statement": []}', /has no statements/],
    ['a bad Effect', '{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}', /Effect must be "Allow" or "Deny"/],
    ['no Principal', '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}', /needs Principal or NotPrincipal/],
    ['a numeric Action', '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": 3, "Resource": "*"}]}', /Action must be a string or a list of strings/],
  ])('refused: %s', (_what, text, message) => {
    expect(() => readBucketPolicy(text)).toThrow(PolicyInputError);
    expect(() => readBucketPolicy(text)).toThrow(message);
  });

  test('the bucket: the one the policy names, or --bucket when it names several or none', () => {
    expect(planMigration(doc).bucket.name).toBe('bk1');
    const two = { Statement: [...doc.Statement, { ...doc.Statement[0], Resource: 'arn:aws:s3:::bk2/p/*' }] };
    expect(() => planMigration(two as any)).toThrow(/names several buckets \(bk1, bk2\): choose one with --bucket/);
    expect(planMigration(two as any, { bucketName: 'bk2' }).unmapped.map(u => u.reason)).toEqual(['resource arn:aws:s3:::bk1/p/* is not bucket bk2 or its objects']);
    expect(() => planMigration({ Statement: [{ ...doc.Statement[0], Resource: '*' }] } as any)).toThrow(/names no bucket/);
  });
});

describe('the plan of each corpus policy', () => {
  test.each(CORPUS.map(c => [c.name, c.plan] as const))('%s: every statement has an outcome, every unmapped item a reason, names are valid and unique', (_name, p) => {
    expect(p.statements.map(s => s.index)).toEqual(p.statements.map((_s, i) => i + 1));
    for (const s of p.statements) {
      if (s.outcome === 'unmapped' || s.outcome === 'partly-migrated') expect(p.unmapped.some(u => u.statement === s.index)).toBe(true);
      if (s.outcome === 'migrated') expect(p.unmapped.some(u => u.statement === s.index)).toBe(false);
      if (s.outcome === 'migrated' || s.outcome === 'partly-migrated') expect(s.accessPoints.length).toBeGreaterThan(0);
    }
    for (const u of p.unmapped) expect(u.reason.length).toBeGreaterThan(10);
    const names = p.accessPoints.map(ap => ap.name);
    expect(names.filter(n => accessPointNameProblem(n) !== '')).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    // The bucket policy after keeps every statement that is not migrated, and adds the delegation.
    expect(p.bucketPolicy.after.Statement.length).toBe(p.statements.filter(s => s.outcome !== 'migrated' && s.sid !== 'DelegateAccessControlToAccessPoints').length + 1);
  });

  test('the store-events data lake: two access points, everything migrated, the TLS deny kept', () => {
    const p = plan('data-lake-store-events');
    expect(p.accessPoints.map(ap => [ap.name, ap.prefix, ap.grants.map(g => g.level)])).toEqual([
      ['ec2-consumer-sales-event', 'sales_event/', ['READ_WRITE']],
      ['lambda-consumer-inventory-event', 'inventory_event/', ['READ_WRITE']],
    ]);
    expect(p.statements.map(s => s.outcome)).toEqual(['kept', 'migrated', 'migrated', 'migrated', 'migrated']);
    expect(p.unmapped).toEqual([]);
    expect(p.bucketPolicy.after.Statement.map(s => s.Sid)).toEqual(['DenyInsecureTransport', 'DelegateAccessControlToAccessPoints']);
  });

  test('per-user folders: one access point for both users, a folder grant, listing home/ itself not mapped', () => {
    const p = plan('user-folders');
    const home = p.accessPoints.find(ap => ap.prefix === 'home/')!;
    expect(home.grants).toEqual([
      { principal: 'arn:aws:iam::111111111111:user/Bob', level: 'READ_WRITE', principalFolder: '${aws:username}' },
      { principal: 'arn:aws:iam::111111111111:user/Bob', level: 'DELETE', principalFolder: '${aws:username}' },
      { principal: 'arn:aws:iam::111111111111:user/Alice', level: 'READ_WRITE', principalFolder: '${aws:username}' },
      { principal: 'arn:aws:iam::111111111111:user/Alice', level: 'DELETE', principalFolder: '${aws:username}' },
    ]);
    expect(p.unmapped.map(u => [u.sid, u.reason])).toEqual([
      ['UsersListHome', expect.stringMatching(/^s3:prefix , home\/: no read grant of the principal lists it/)],
      ['UsersListHome', expect.stringMatching(/^s3:prefix , home\/: no read grant/)],
    ]);
  });

  test('folders a role\'s caller names (${aws:userid}, a principal tag): kept, marked trusted, and the plan warns; an IAM user\'s are not', () => {
    const p = plan('role-session-folders');
    const grants = p.accessPoints.flatMap(ap => ap.grants);
    const of = (principal: string) => grants.filter(g => g.principal === principal);
    expect(of('arn:aws:iam::111111111111:role/batch-worker').map(g => [g.principalFolder, g.principalFolderTrusted]))
      .toEqual([['${aws:userid}', true]]);
    expect(of('arn:aws:iam::111111111111:role/analyst').map(g => [g.principalFolder, g.principalFolderTrusted]))
      .toEqual([['${aws:PrincipalTag/team}', true]]);
    expect(of('arn:aws:iam::111111111111:user/Carol').map(g => [g.principalFolder, g.principalFolderTrusted]))
      .toEqual([['${aws:userid}', undefined]]);
    const warning = p.warnings.find(w => w.includes('principalFolderTrusted'));
    expect(warning).toContain('role/batch-worker');
    expect(warning).toContain('role/analyst');
    expect(warning).not.toContain('user/Carol');
    expect(generateCode(p, 'typescript')).toContain('principalFolderTrusted: true');
    expect(generateCode(p, 'python')).toContain('principal_folder_trusted=True');
  });

  test('cross-account: the partner account as an account principal, its principals flagged', () => {
    const p = plan('cross-account-partner');
    expect(p.principals.filter(x => x.crossAccount).map(x => [x.kind, x.arn])).toEqual([
      ['account', 'arn:aws:iam::222222222222:root'],
      ['role', 'arn:aws:iam::222222222222:role/partner-ingest'],
    ]);
    expect(p.warnings.join('\n')).toMatch(/other accounts \(222222222222\) need their own identity policies to allow the access point ARNs/);
  });

  test('VPC: aws:SourceVpc and a mapped aws:SourceVpce give VPC-only access points, the latter on its existing endpoint; an endpoint of unknown VPC is not mapped', () => {
    const p = plan('vpc-restricted-reader');
    expect(p.accessPoints.map(ap => [ap.name, ap.vpcId, ap.endpointId])).toEqual([
      ['app-reader-app-vpc', 'vpc-0a1b2c3d4e5f60789', undefined],
      ['batch-writer-results-vpc', 'vpc-0a1b2c3d4e5f60789', 'vpce-0123456789abcdef0'],
    ]);
    expect(p.unmapped.map(u => u.reason)).toEqual([
      expect.stringMatching(/the VPC of endpoint vpce-0fedcba9876543210 is unknown: a VPC-only access point needs it \(give it in the mapping file's vpcEndpoints, \{"vpce-0fedcba9876543210": "vpc-\.\.\."\}, and the access point uses this endpoint\)/),
      expect.stringMatching(/^lists every key of the bucket; through its access points the principal lists only under app\//),
    ]);
    expect(p.statements.find(s => s.sid === 'BatchWriterThroughEndpoint')!.notes.join()).toMatch(
      /aws:SourceVpce vpce-0123456789abcdef0: a VPC-only access point on VPC vpc-0a1b2c3d4e5f60789 \(mapping file\) that uses this existing endpoint, imported\. The library does not manage its policy: synthesis warns \(cdk-s3-access-points:endpointPolicyNotManaged\) with the statements its owner must add/);
    const warnings = p.warnings.join('\n');
    expect(warnings).toMatch(/access point batch-writer-results-vpc uses the existing S3 gateway endpoint vpce-0123456789abcdef0 \(aws:SourceVpce\), imported: the library does not manage its policy/);
    // The same VPC has an aws:SourceVpc access point, for which the code makes an endpoint.
    expect(warnings).toMatch(/VPC vpc-0a1b2c3d4e5f60789 has the S3 gateway endpoint vpce-0123456789abcdef0 \(mapping file\), and the generated code makes another one there for app-reader-app-vpc/);
    const text = renderPlanText(p);
    expect(text).toContain('endpoint vpce-0123456789abcdef0 (existing, imported): its policy is not managed; synthesis warns (cdk-s3-access-points:endpointPolicyNotManaged) with the statements its owner must add');
    expect(generateCode(p, 'typescript')).toContain('endpoint: vpce0123456789abcdef0, ');
    expect(generateCode(p, 'python')).toContain('endpoint=vpce_0123456789abcdef0, ');
  });

  describe('aws:SourceVpce', () => {
    const ENDPOINT = 'vpce-0123456789abcdef0';
    const statement = (condition: Record<string, Record<string, unknown>>, principal = 'arn:aws:iam::111111111111:role/r', resource = 'arn:aws:s3:::bk1/p/*') =>
      ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 's3:GetObject', Resource: resource, Condition: condition });
    const planOf = (statements: object[], vpcEndpoints: Record<string, string> = { [ENDPOINT]: 'vpc-0a1b2c3d4e5f60789' }) =>
      planMigration({ Statement: statements } as PolicyDocumentJson, { account: '111111111111', region: 'us-east-1', vpcEndpoints });

    test('an endpoint whose VPC the mapping gives: a VPC-only access point with that endpoint; without the VPC, not mapped, saying to give it', () => {
      const mapped = planOf([statement({ StringEquals: { 'aws:SourceVpce': ENDPOINT } })]);
      expect(mapped.accessPoints.map(ap => [ap.vpcId, ap.endpointId])).toEqual([['vpc-0a1b2c3d4e5f60789', ENDPOINT]]);
      expect(mapped.statements[0].outcome).toBe('migrated');
      // The warning of library-made endpoints is not given when every VPC-only access point has its endpoint.
      expect(mapped.warnings.join('\n')).not.toMatch(/VpcOnlyAccessPoint makes one/);
      const unknown = planOf([statement({ StringEquals: { 'aws:SourceVpce': ENDPOINT } })], {});
      expect(unknown.accessPoints).toEqual([]);
      expect(unknown.unmapped.map(u => u.reason)).toEqual([expect.stringMatching(/the VPC of endpoint vpce-0123456789abcdef0 is unknown: a VPC-only access point needs it/)]);
    });

    test.each([
      ['a value that is not an endpoint id', { StringEquals: { 'aws:SourceVpce': 'vpce-*' } }, /vpce-\* is not a VPC endpoint id/],
      ['a short id with a capital', { StringEquals: { 'aws:SourceVpce': 'vpce-0123ABCD' } }, /vpce-0123ABCD is not a VPC endpoint id/],
      ['two endpoints', { StringEquals: { 'aws:SourceVpce': [ENDPOINT, 'vpce-0fedcba9876543210'] } }, /has no access point equivalent/],
      ['StringLike', { StringLike: { 'aws:SourceVpce': 'vpce-0123*' } }, /has no access point equivalent/],
      ['aws:SourceVpc of another VPC', { StringEquals: { 'aws:SourceVpce': ENDPOINT, 'aws:SourceVpc': 'vpc-0ffffffffffffffff' } }, /the statement also requires VPC vpc-0a1b2c3d4e5f60789, which is another VPC/],
    ])('not mapped: %s', (_what, condition, reason) => {
      const p = planOf([statement(condition)]);
      expect(p.accessPoints).toEqual([]);
      expect(p.unmapped.map(u => u.reason)).toEqual([expect.stringMatching(reason)]);
    });

    test('limits of an endpoint id: 8 and 17 hexadecimal digits map, 9 and 18 do not', () => {
      for (const [id, maps] of [['vpce-01234567', true], ['vpce-012345678', false], ['vpce-0123456789abcdef0', true], ['vpce-0123456789abcdef01', false]] as const) {
        expect([id, planOf([statement({ StringEquals: { 'aws:SourceVpce': id } })], { [id]: 'vpc-0a1b2c3d4e5f60789' }).accessPoints.length]).toEqual([id, maps ? 1 : 0]);
      }
    });

    test('aws:SourceVpc of the endpoint\'s VPC with it: mapped, with the endpoint', () => {
      const p = planOf([statement({ StringEquals: { 'aws:SourceVpce': ENDPOINT, 'aws:SourceVpc': 'vpc-0a1b2c3d4e5f60789' } })]);
      expect(p.accessPoints.map(ap => [ap.vpcId, ap.endpointId])).toEqual([['vpc-0a1b2c3d4e5f60789', ENDPOINT]]);
    });

    test('the same principal and prefix through the VPC and through an endpoint of it: two access points (one takes one endpoint)', () => {
      const p = planOf([
        statement({ StringEquals: { 'aws:SourceVpc': 'vpc-0a1b2c3d4e5f60789' } }),
        statement({ StringEquals: { 'aws:SourceVpce': ENDPOINT } }),
      ]);
      expect(p.accessPoints.map(ap => [ap.name, ap.endpointId])).toEqual([['r-p-vpc', undefined], ['r-p-vpc-2', ENDPOINT]]);
    });

    test('list statements through the endpoint ride on the read grant through the same endpoint only', () => {
      const list = (condition: Record<string, Record<string, unknown>>) => ({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/r' },
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::bk1',
        Condition: { ...condition, StringLike: { 's3:prefix': 'p/*' } },
      });
      const through = planOf([statement({ StringEquals: { 'aws:SourceVpce': ENDPOINT } }), list({ StringEquals: { 'aws:SourceVpce': ENDPOINT } })]);
      expect(through.unmapped).toEqual([]);
      const fromVpc = planOf([statement({ StringEquals: { 'aws:SourceVpce': ENDPOINT } }), list({ StringEquals: { 'aws:SourceVpc': 'vpc-0a1b2c3d4e5f60789' } })]);
      expect(fromVpc.unmapped.map(u => u.statement)).toEqual([2]);
    });
  });

  test('tags: read and write grants with objectTags; a tag condition with two values is not mapped', () => {
    const p = plan('tag-based-reader');
    expect(p.accessPoints.flatMap(ap => ap.grants.map(g => [g.level, g.objectTags]))).toEqual([
      ['READ', { data: 'emergency-room' }],
      ['WRITE', { data: 'emergency-room' }],
    ]);
    expect(p.unmapped.map(u => [u.sid, u.reason])).toEqual([
      // The library's tag-limited writes do not retag objects that already carry the tag (docs/threat-model.md).
      ['IntakeTagsUploads', expect.stringMatching(/^retagging an object that already carries a granted tag key/)],
      ['ResearchReadsAnyOfTwoTags', expect.stringMatching(/StringEquals s3:ExistingObjectTag\/data \["research","public"\] has no access point equivalent/)],
    ]);
  });

  test('statements it must refuse: each one unmapped, with its reason, and the mappable neighbour migrated', () => {
    const p = plan('refused-statements');
    const reasons = Object.fromEntries(p.unmapped.map(u => [u.sid, u.reason]));
    expect(reasons).toEqual({
      PublicRead: expect.stringMatching(/^public principal/),
      EveryoneButAdmin: expect.stringMatching(/^NotPrincipal/),
      AllButDelete: expect.stringMatching(/^NotAction/),
      AllButSecrets: expect.stringMatching(/^NotResource/),
      LogDelivery: expect.stringMatching(/^service principal logging\.s3\.amazonaws\.com/),
      OfficeIpOnly: expect.stringMatching(/aws:SourceIp .* has no access point equivalent/),
      DeletedPrincipal: expect.stringMatching(/unique id: S3 shows one when the principal was deleted/),
      OneObject: expect.stringMatching(/^single key exports\/latest\.csv/),
      NotAFolder: expect.stringMatching(/^key pattern sales\* is not a folder/),
      CanonicalUser: expect.stringMatching(/^CanonicalUser principal/),
    });
    expect(p.statements.find(s => s.sid === 'MappableNeighbour')!.outcome).toBe('migrated');
    // reports/*/final.csv does not map (a wildcard in the middle), but the reporter's READ on reports/ carries all of it.
    expect(p.statements.find(s => s.sid === 'MiddleWildcard')).toMatchObject({ outcome: 'migrated', accessPoints: ['reporter-reports'] });
    expect(p.statements.find(s => s.sid === 'MiddleWildcard')!.notes.join()).toMatch(/carried by a grant of a wider prefix \(wildcard in the middle of key pattern reports\/\*\/final\.csv\)/);
  });

  test('s3:* and s3:Get* on a prefix: the access levels are granted, the rest listed, the statement kept on the bucket', () => {
    const p = plan('full-access-teams');
    expect(p.statements.map(s => s.outcome)).toEqual(['partly-migrated', 'partly-migrated', 'partly-migrated']);
    const payments = p.accessPoints.find(ap => ap.prefix === 'payments/')!;
    expect(payments.name).toBe('payments');
    expect(payments.grants.map(g => g.level)).toEqual(['READ_WRITE', 'DELETE']);
    const actions = p.unmapped.filter(u => u.sid === 'PaymentsFullAccess').flatMap(u => u.actions);
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObjectAcl', 's3:GetObjectAcl', 's3:PutObjectRetention', 's3:RestoreObject']));
    expect(actions).not.toContain('s3:GetObject');
    expect(p.unmapped.find(u => u.sid === 'PaymentsListAndLocate' && u.actions.includes('s3:GetBucketLocation'))!.reason).toMatch(/bucket actions/);
    // s3:Get* and s3:List* read; their s3:ListMultipartUploadParts does not make the reader a writer.
    expect(p.accessPoints.find(ap => ap.prefix === 'search-index/')!.grants.map(g => g.level)).toEqual(['READ']);
    expect(p.unmapped.find(u => u.sid === 'SearchGetStar' && u.actions.includes('s3:ListMultipartUploadParts'))!.reason)
      .toBe('without s3:PutObject: the access level that has these actions (WRITE) would also allow s3:PutObject');
    expect(p.widened.filter(w => w.actions.includes('s3:PutObject') && w.principal.endsWith('role/search'))).toEqual([]);
  });

  test('what an access level adds is listed: GetObject alone becomes READ, which also lists the prefix', () => {
    const p = plan('read-only-analysts');
    expect(p.widened.filter(w => w.actions.includes('s3:ListBucket')).map(w => [w.accessPoint, w.keys])).toEqual([
      ['analyst-plus-1-reports', 'reports/*'],
      ['analyst-plus-1-reports', 'reports/*'],
    ]);
    expect(p.widened.find(w => w.actions.includes('s3:GetObjectTagging'))!.reason).toMatch(/the access level READ also allows them/);
  });

  test('an existing delegation statement is kept, and not written twice', () => {
    const p = plan('whole-bucket-auditor');
    expect(p.statements[0]).toMatchObject({ sid: 'DelegateToOwnAccessPoints', outcome: 'kept' });
    expect(p.accessPoints.find(ap => ap.prefix === '')!.grants).toEqual([{ principal: 'arn:aws:iam::111111111111:role/auditor', level: 'READ' }]);
  });

  test('100 consumers: the bucket policy near the 20 KB limit becomes the delegation and the TLS deny', () => {
    const p = plan('hundred-consumers');
    expect(p.accessPoints).toHaveLength(100);
    expect(p.sizes.bucketPolicyBefore).toBeGreaterThan(19_000);
    expect(p.sizes.bucketPolicyBefore).toBeLessThanOrEqual(20_480);
    // The delegation statement lists the data actions (never *), about 0.8 KB of the 20 KB.
    expect(p.sizes.bucketPolicyAfter).toBeLessThan(1_200);
    expect(Math.max(...Object.values(p.sizes.accessPoints))).toBeLessThan(1_000);
  });
});

describe('access point names', () => {
  test('derived from principal and prefix, shortened with a hash past 50 characters, unique', () => {
    const long = {
      Statement: [1, 2].map(n => ({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/a-very-long-role-name-for-the-quarterly-reporting-pipeline' },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::bk1/exports/quarterly/region-${n}/*`,
      })),
    };
    const names = planMigration(long as any).accessPoints.map(ap => ap.name);
    expect(names.every(n => n.length <= 50 && accessPointNameProblem(n) === '')).toBe(true);
    expect(new Set(names).size).toBe(2);
    const awkward = { Statement: [{ ...doc.Statement[0], Principal: { AWS: 'arn:aws:iam::111111111111:role/X' }, Resource: 'arn:aws:s3:::bk1/*' }] };
    expect(planMigration(awkward as any).accessPoints[0].name).toBe('x-all');
  });

  test('the mapping file renames; an invalid, duplicate or unknown name is refused', () => {
    expect(planMigration(doc, { accessPointNames: { 'r-p': 'readers' } }).accessPoints[0].name).toBe('readers');
    expect(() => planMigration(doc, { accessPointNames: { 'r-p': 'Readers' } })).toThrow(/'Readers' \(for r-p\) may contain only lowercase letters/);
    expect(() => planMigration(doc, { accessPointNames: { 'r-p': 'x-s3alias' } })).toThrow(/must not end with -s3alias/);
    expect(() => planMigration(doc, { accessPointNames: { nope: 'readers' } })).toThrow(/renames 'nope', which the plan does not have \(its access points: r-p\)/);
  });

  test.each([['ab', /3-50/], ['a'.repeat(51), /3-50/], ['-ab', /hyphen/], ['ab-', /hyphen/], ['a_b', /lowercase/], ['abc-ext-s3alias', /s3alias/]])('%s is not an access point name', (name, why) => {
    expect(accessPointNameProblem(name)).toMatch(why);
  });
});

describe('every reason is true', () => {
  const LEVEL_ACTIONS = everyLevelAction();

  test.each(CORPUS.map(c => [c.name, c.plan] as const))('%s: what "no access level grants" is in no level of the table', (_name, p) => {
    const claimed = p.unmapped.filter(u => /no access level grants/.test(u.reason)).flatMap(u => u.actions);
    expect(claimed.filter(a => LEVEL_ACTIONS.includes(a))).toEqual([]);
  });

  test.each(CORPUS.map(c => [c.name, c.plan] as const))('%s: an action refused for want of its level\'s defining action is not granted that level on that prefix', (_name, p) => {
    for (const u of p.unmapped.filter(x => /^without s3:/.test(x.reason))) {
      const level = /\(([A-Z_]+)\) would also allow/.exec(u.reason)![1] as LevelName;
      for (const principal of u.principals) {
        const grants = p.accessPoints.flatMap(ap => ap.grants.filter(g => g.principal === principal && !g.objectTags && !ap.vpcId)
          .map(g => ({ g, keyPrefix: `${ap.prefix}${g.principalFolder ? `${g.principalFolder}/` : ''}` })));
        const key = u.resources[0].slice(p.bucket.arn.length + 1);
        const carried = grants.filter(({ g, keyPrefix }) => key.startsWith(keyPrefix)
          && levelGrantActions(g.level).objects.some(a => u.actions.includes(a)));
        expect({ item: u.sid, level, carried: carried.map(c => c.g.level) }).toEqual({ item: u.sid, level, carried: [] });
      }
    }
  });

  test('the ListBucketVersions of a READ grant is not "no access level grants" (the policy of the issue: a backup role with READ on \'\')', () => {
    const p = planMigration({
      Statement: [{
        Sid: 'Backup',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/backup' },
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketVersioning'],
        Resource: ['arn:aws:s3:::bk1', 'arn:aws:s3:::bk1/*'],
      }],
    } as PolicyDocumentJson);
    expect(p.accessPoints.map(ap => [ap.prefix, ap.grants.map(g => g.level)])).toEqual([['', ['READ']]]);
    expect(p.unmapped.map(u => u.actions)).toEqual([['s3:GetBucketVersioning']]);
    // Everything READ allows was allowed: nothing added.
    expect(p.widened.filter(w => w.actions.some(a => a.startsWith('s3:List')))).toEqual([]);
  });

  test('what a READ grant adds over a statement that listed only some prefixes: both list actions, on the grant\'s prefix', () => {
    const p = planMigration({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bk1/p/*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/r' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bk1', Condition: { StringLike: { 's3:prefix': 'p/2024/*' } } },
      ],
    } as PolicyDocumentJson);
    expect(p.widened.filter(w => w.actions.includes('s3:ListBucket')).map(w => [w.keys, w.actions])).toEqual([['p/*', ['s3:ListBucket', 's3:ListBucketVersions']]]);
    expect(p.statements.map(s => s.outcome)).toEqual(['migrated', 'migrated']);
  });
});

describe('the corpus', () => {
  test('has at least 20 policies, each with its source in SOURCES.md', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
    const sources = fs.readFileSync(path.join(ROOT, 'test', 'migrate-corpus', 'SOURCES.md'), 'utf8');
    const rows = new Map([...sources.matchAll(/^\| ([a-z0-9-]+) \| ([^|]+) \|/gm)].filter(m => m[1] !== 'policy').map(m => [m[1], m[2]]));
    expect(CORPUS.map(c => c.name).filter(n => !rows.has(n))).toEqual([]);
    expect([...rows.keys()].filter(n => !CORPUS.some(c => c.name === n))).toEqual([]);
  });

  test('has a policy with s3:ListBucketVersions, one with hostile Sids, and empty results (Denies only, public or service principals only)', () => {
    expect(CORPUS.some(c => c.policy.Statement.some(s => [].concat(s.Action as any ?? []).includes('s3:ListBucketVersions' as never)))).toBe(true);
    expect(CORPUS.some(c => c.policy.Statement.some(s => /[\u2028\u2029]/.test(s.Sid ?? '')))).toBe(true);
    const empty = CORPUS.filter(c => c.plan.accessPoints.length === 0).map(c => c.name);
    expect(empty).toEqual(expect.arrayContaining(['data-perimeter-denies-only', 'aws-docs-public-read', 'aws-docs-inventory-destination']));
  });
});

describe('agreement with the library', () => {
  test.each(['READ', 'WRITE', 'READ_WRITE', 'DELETE'] as LevelName[])('%s: the planner\'s actions are the ones a grant writes', (level) => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'bk1');
    const ap = new PrefixAccessPoint(stack, 'Ap', { bucket, accessPointName: 'apx', prefix: 'p/' });
    const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::111111111111:role/r', { mutable: false });
    const method = { READ: 'grantRead', WRITE: 'grantWrite', READ_WRITE: 'grantReadWrite', DELETE: 'grantDelete' }[level] as 'grantRead';
    ap[method](role);
    expect(AccessLevel[level]).toBe(level);
    const template = Template.fromStack(stack);
    const policyOf = (name: string) => Object.values(template.findResources('AWS::S3::AccessPoint', { Properties: { Name: name } }))[0].Properties.Policy;
    const written = policyOf('apx').Statement.flatMap((s: any) => [].concat(s.Action)).filter((a: string) => !a.startsWith('s3:ListBucket'));
    expect(written).toEqual(levelObjectActions(level));
    // What the plan says a grant of the level allows (and so what it lists as added) is what the grant writes: objects and lists.
    const onAccessPoint = (s: any) => JSON.stringify(s.Resource).includes('/object/') === false;
    const statements = policyOf('apx').Statement;
    expect({
      objects: statements.filter((s: any) => !onAccessPoint(s)).flatMap((s: any) => [].concat(s.Action)),
      lists: statements.filter(onAccessPoint).flatMap((s: any) => [].concat(s.Action)),
    }).toEqual(levelGrantActions(level));
  });

  test('the delegation statement in the plan is the one AccessPointDelegation renders for the bucket', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const delegation = new AccessPointDelegation(stack, 'D', { bucket: s3.Bucket.fromBucketName(stack, 'B', 'bk1') });
    const rendered = stack.resolve(delegation.policyDocument.toJSON()).Statement[0];
    const resolved = JSON.parse(JSON.stringify(rendered).replace(/\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":s3:::bk1(\/\*)?"\]\]\}/g, (_m, star) => `"arn:aws:s3:::bk1${star ?? ''}"`));
    expect(planMigration(doc, { account: '111111111111', region: 'us-east-1' }).bucketPolicy.delegationStatement).toEqual(resolved);
  });
});

describe('the generated code', () => {
  // The TypeScript of every corpus policy is type-checked in test/migrate-codegen.test.ts (strict, no unused locals or parameters).

  test('the Python of every corpus policy compiles (it runs against the wheel in test/python/test_migrate.py)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-s3-ap-migrate-py-'));
    const files = CORPUS.map(c => {
      const file = path.join(dir, `${c.name.replace(/-/g, '_')}.py`);
      fs.writeFileSync(file, generateCode(c.plan, 'python'));
      return file;
    });
    expect(() => execFileSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });

  test('the same plan gives the same code; the code names every access point and grant of the plan', () => {
    const p = plan('user-folders');
    const code = generateCode(p, 'typescript');
    expect(generateCode(p, 'typescript')).toBe(code);
    expect(code).toContain('s3.Bucket.fromBucketName(this, \'Bucket\', \'corp-user-uploads\')');
    expect(code).toContain('new AccessPointDelegation(this, \'Delegation\', { bucket })');
    expect(code).toContain('.grantReadWrite(bob, { principalFolder: PrincipalFolder.USERNAME });');
    expect(code).toContain('iam.Role.fromRoleArn(this, \'AppServerRole\', \'arn:aws:iam::111111111111:role/app-server\', { mutable: false })');
    const python = generateCode(p, 'python');
    expect(python).toContain('.grant_read_write(bob, principal_folder=PrincipalFolder.USERNAME)');
    expect(python).toContain('PrefixAccessPoint(self, "BobPlus1Home", bucket=bucket, access_point_name="bob-plus-1-home", prefix="home/")');
    expect((generateCode(plan('tag-based-reader'), 'python'))).toContain('object_tags={"data": "emergency-room"}');
    expect((generateCode(plan('whole-bucket-auditor'), 'typescript'))).toContain('wholeBucket: true');
    // A role named like its access point (payments, payments/): distinct construct ids.
    const teams = generateCode(plan('full-access-teams'), 'typescript');
    expect(teams).toContain('iam.Role.fromRoleArn(this, \'PaymentsRole\'');
    expect(teams).toContain('new PrefixAccessPoint(this, \'Payments\', { bucket, accessPointName: \'payments\', prefix: \'payments/\' })');
  });
});

describe('the CLI and the planner load no CDK', () => {
  const SOURCES = ['src/cli/main.ts', ...fs.readdirSync(path.join(ROOT, 'src', 'migrate')).map(f => `src/migrate/${f}`)];
  const importsOf = (file: string) => [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map(m => m[1]);

  test.each(SOURCES)('%s imports neither aws-cdk-lib, constructs nor a construct file', (file) => {
    // The access level table (private/access-levels.ts) and the action classes (private/action-classes.ts)
    // are plain data, shared with the constructs.
    const allowed = /^(fs|path|util|crypto|\.\/[a-z0-9-]+|\.\.\/migrate\/[a-z0-9-]+|\.\.\/report\/(model|render)|\.\.\/access-level|\.\.\/private\/(access-levels|action-classes))$/;
    expect(importsOf(file).filter(i => !allowed.test(i))).toEqual([]);
  });

  test('what the CLI imports of report/ imports no construct either', () => {
    for (const file of ['src/report/model.ts', 'src/report/render.ts']) {
      expect(importsOf(file).filter(i => !/^(\.\/(model|render)|\.\.\/private\/action-classes)$/.test(i))).toEqual([]);
    }
  });

  test('the action classes the planner and the report share with the constructs import nothing', () => {
    expect(importsOf('src/private/action-classes.ts')).toEqual([]);
  });

  test('the access level table the planner shares with the constructs imports only the AccessLevel enum', () => {
    expect(importsOf('src/private/access-levels.ts')).toEqual(['../access-level']);
    expect(importsOf('src/access-level.ts')).toEqual([]);
  });
});
