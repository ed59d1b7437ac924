/*
 * The access matrix of a Multi-Region Access Point, decided by an evaluator this project did not
 * write (@cloud-copilot/iam-simulate), on the synthesized and resolved templates.
 *
 * How a request through a Multi-Region Access Point is decided here (S3 user guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html):
 *   allowed  <=>  the Multi-Region Access Point leg is allowed  AND  the bucket leg of the bucket the
 *                 request is routed to is allowed
 * - MRAP leg: resource arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY (or the MRAP ARN for a list),
 *   the MRAP policy as resource policy, the principal's identity policies;
 * - bucket leg: resource arn:aws:s3:::BUCKET/KEY (or the bucket ARN), the bucket policy alone (as for
 *   regional access points, test/support/access-evaluator.ts).
 * Each request is evaluated against EACH member bucket: routing (nearest Region, failover) is not the
 * caller's choice, so an allowed request must be allowed by every bucket.
 *
 * Context keys: s3:DataAccessPointArn (the MRAP ARN, as AWS's delegation example for Multi-Region
 * Access Points conditions on it), aws:SecureTransport, s3:prefix for lists. s3:DataAccessPointAccount
 * is NOT set: the documentation does not say that S3 sets it for Multi-Region Access Point requests,
 * so the bucket must admit them without it (this library admits them by ARN pattern).
 *
 * Limits of the evaluator (0.1.173), measured: its validated entry point refuses Multi-Region Access
 * Point ARNs for object and list actions ("no.resource.types": the Service Authorization Reference
 * gives those actions no multiregionaccesspoint resource type), so both legs run through its core
 * engine (evaluateWithoutContextFiltering), which matches ARNs as strings and checks no resource type;
 * it knows nothing of routing, SigV4A or Block Public Access (asserted on the template in the unit
 * tests); KMS is checked on the template (kms:ViaService per Region), not here.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DelegationScope, PrincipalFolder } from '../src';
import { Decision, evaluateWithoutContextFiltering } from './support/access-evaluator';
import { MRAP_ACCOUNT, MultiRegionApp, MultiRegionAppOptions, multiRegionApp } from './support/multi-region-app';
import { resolveTemplates } from './support/resolve-template';

const role = (name: string) => `arn:aws:iam::${MRAP_ACCOUNT}:role/${name}`;
const user = (name: string) => `arn:aws:iam::${MRAP_ACCOUNT}:user/${name}`;
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
const LIST = ['s3:ListBucket', 's3:ListBucketVersions'];

interface Request {
  readonly principal: string;
  readonly action: string;
  readonly key?: string;
  readonly listPrefix?: string;
  /** More context keys (aws:username, aws:userid, aws:PrincipalTag/KEY): the evaluator fills in none. */
  readonly context?: Record<string, string>;
}

/** The resolved policies of a Multi-Region app, and the two ways to reach its buckets. */
class Matrix {
  public readonly mrapArn: string;
  private readonly mrapPolicy: any;
  private readonly bucketPolicies = new Map<string, any>();
  private readonly identity = new Map<string, any[]>();

  constructor(a: MultiRegionApp) {
    const stacks = [a.east, a.west, a.global];
    const [east, west, global] = resolveTemplates(stacks.map(s => ({ ...Template.fromStack(s).toJSON(), account: MRAP_ACCOUNT })));
    const ofType = (t: any, type: string) => Object.values(t.Resources ?? {}).filter((r: any) => r.Type === type) as any[];
    this.mrapPolicy = ofType(global, 'AWS::S3::MultiRegionAccessPointPolicy')[0]?.Properties.Policy;
    const alias = `${a.global.getLogicalId(a.mrap.node.defaultChild as s3.CfnMultiRegionAccessPoint).toLowerCase()}.mrap`;
    this.mrapArn = `arn:aws:s3::${MRAP_ACCOUNT}:accesspoint/${alias}`;
    for (const [name, t] of [['data-use1', east], ['data-euw1', west]] as const) {
      const policy = ofType(t, 'AWS::S3::BucketPolicy').find(p => JSON.stringify(p).includes('DelegateAccessControlToAccessPoints'));
      this.bucketPolicies.set(name, policy.Properties.PolicyDocument);
    }
    for (const p of ofType(global, 'AWS::IAM::Policy')) {
      for (const r of [...p.Properties.Roles ?? [], ...p.Properties.Users ?? []]) {
        this.identity.set(r, [...this.identity.get(r) ?? [], { name: p.Properties.PolicyName, policy: p.Properties.PolicyDocument }]);
      }
    }
  }

  public get buckets(): string[] {
    return [...this.bucketPolicies.keys()];
  }

  /**
   * A request through the Multi-Region Access Point (or, with `rogueMrap`, through another one of
   * the account whose owner gave it an allow-all policy), routed to `bucket`.
   */
  public through(r: Request, bucket: string, rogueMrap?: string): Decision {
    const arn = rogueMrap ?? this.mrapArn;
    const isList = LIST.includes(r.action);
    const context = this.contextOf(r, arn);
    const mrapLeg = this.evaluate(r, isList ? arn : `${arn}/object/${r.key}`, rogueMrap ? ALLOW_ALL : this.mrapPolicy, this.identityOf(r.principal), context);
    const bucketLeg = this.evaluate(r, isList ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${r.key}`, this.bucketPolicies.get(bucket), [], context);
    return mrapLeg !== 'Allowed' ? mrapLeg : bucketLeg;
  }

  /**
   * A caller of the buckets' own account whose identity policy is `identityPolicy`, through the
   * Multi-Region Access Point. "For same account requests, only the underlying IAM policy, which
   * grants the appropriate access, is required" (MultiRegionAccessPointPermissions): both legs are
   * evaluated with the identity policy as a same-account request, so an identity Allow is enough and
   * a Deny of the MRAP or bucket policy still wins. `withoutCaps` drops the bucket policies' Denies
   * pinned to Multi-Region Access Points (the shape before them).
   */
  public throughAsSameAccount(r: Request, bucket: string, identityPolicy: any, withoutCaps = false): Decision {
    const arn = this.mrapArn;
    const isList = LIST.includes(r.action);
    const context = this.contextOf(r, arn);
    const identity = [{ name: 'given', policy: identityPolicy }];
    const mrapLeg = this.evaluate(r, isList ? arn : `${arn}/object/${r.key}`, this.mrapPolicy, identity, context);
    const policy = this.bucketPolicies.get(bucket);
    const bucketPolicy = withoutCaps
      ? { ...policy, Statement: policy.Statement.filter((st: any) => !(st.Effect === 'Deny' && st.Condition?.StringLike?.['s3:DataAccessPointArn'])) }
      : policy;
    const bucketLeg = this.evaluate(r, isList ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${r.key}`, bucketPolicy, identity, context);
    return mrapLeg !== 'Allowed' ? mrapLeg : bucketLeg;
  }

  /**
   * The Multi-Region Access Point leg alone, with one layer: its policy without the principal's
   * identity policies (as for a principal of another account, whose own account must allow too), or
   * the identity policies without its policy. Each layer must hold on its own.
   */
  public mrapLayer(r: Request, layer: 'policy' | 'identity'): Decision {
    const isList = LIST.includes(r.action);
    return this.evaluate(r, isList ? this.mrapArn : `${this.mrapArn}/object/${r.key}`, layer === 'policy' ? this.mrapPolicy : undefined,
      layer === 'identity' ? this.identityOf(r.principal) : [], this.contextOf(r, this.mrapArn));
  }

  /**
   * The bucket leg with only the bucket policy's Allows (its Denies removed): what the admission
   * itself lets through, so that an Allow that loses its narrowing fails a test even while a Deny
   * beside it still denies.
   */
  public bucketAllowsOnly(r: Request, bucket: string): Decision {
    const isList = LIST.includes(r.action);
    const policy = this.bucketPolicies.get(bucket);
    const allows = { ...policy, Statement: policy.Statement.filter((st: any) => st.Effect === 'Allow') };
    return this.evaluate(r, isList ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${r.key}`, allows, [], this.contextOf(r, this.mrapArn));
  }

  /** The bucket policy statements of `bucket` that admit Multi-Region Access Points (Allow, by ARN pattern). */
  public admissions(bucket: string): any[] {
    return this.bucketPolicies.get(bucket).Statement.filter((st: any) => st.Effect === 'Allow' && st.Condition?.StringLike?.['s3:DataAccessPointArn']);
  }

  /** Allowed only if allowed whichever bucket the request is routed to. */
  public throughEveryBucket(r: Request): Decision[] {
    return this.buckets.map(b => this.through(r, b));
  }

  /** A request straight to a bucket, with the principal's identity policies (or `identityPolicy`). */
  public direct(r: Request, bucket: string, identityPolicy?: any): Decision {
    const isList = LIST.includes(r.action);
    const identity = identityPolicy ? [{ name: 'given', policy: identityPolicy }] : this.identityOf(r.principal);
    return this.evaluate(r, isList ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${r.key}`, this.bucketPolicies.get(bucket), identity,
      { 'aws:SecureTransport': 'true', ...(r.listPrefix !== undefined ? { 's3:prefix': r.listPrefix } : {}) });
  }

  /** A request through a regional access point of the account over `bucket` (with its own allow-all policy). */
  public throughRegionalAccessPoint(r: Request, bucket: string, name: string): Decision {
    const arn = `arn:aws:s3:us-east-1:${MRAP_ACCOUNT}:accesspoint/${name}`;
    const context = { 's3:DataAccessPointArn': arn, 's3:DataAccessPointAccount': MRAP_ACCOUNT, 'aws:SecureTransport': 'true' };
    const apLeg = this.evaluate(r, `${arn}/object/${r.key}`, undefined, this.identityOf(r.principal), context);
    return apLeg !== 'Allowed' ? apLeg : this.evaluate(r, `arn:aws:s3:::${bucket}/${r.key}`, this.bucketPolicies.get(bucket), [], context);
  }

  private contextOf(r: Request, arn: string): Record<string, string> {
    const isList = LIST.includes(r.action);
    return { 's3:DataAccessPointArn': arn, 'aws:SecureTransport': 'true', ...(isList && r.listPrefix !== undefined ? { 's3:prefix': r.listPrefix } : {}), ...r.context };
  }

  private identityOf(principal: string): any[] {
    return this.identity.get(principal.split('/').pop()!) ?? [];
  }

  private evaluate(r: Request, resource: string, resourcePolicy: any, identityPolicies: any[], context: Record<string, string>): Decision {
    return evaluateWithoutContextFiltering({
      principal: r.principal,
      action: r.action,
      resource,
      accountId: MRAP_ACCOUNT,
      context,
      identityPolicies,
      resourcePolicy,
      endpointPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    });
  }
}

const matrixOf = (options: MultiRegionAppOptions = {}) => new Matrix(multiRegionApp(options));
const ALLOWED_EVERYWHERE: Decision[] = ['Allowed', 'Allowed'];

describe.each([
  ['ACCOUNT', DelegationScope.ACCOUNT],
  ['ACCESS_POINTS with an object boundary', DelegationScope.ACCESS_POINTS],
])('a Multi-Region Access Point over two SharedDataBuckets (delegation %s)', (_, scope) => {
  const m = matrixOf({ delegationScope: scope, boundary: scope === DelegationScope.ACCESS_POINTS });

  test('the reader reads and lists its prefix through the MRAP, whichever bucket serves it', () => {
    expect(m.throughEveryBucket({ principal: role('reader'), action: 's3:GetObject', key: 'reports/2026/q1.csv' })).toEqual(ALLOWED_EVERYWHERE);
    expect(m.throughEveryBucket({ principal: role('reader'), action: 's3:ListBucket', listPrefix: 'reports/2026/' })).toEqual(ALLOWED_EVERYWHERE);
  });

  test('the writer writes its prefix through the MRAP', () => {
    expect(m.throughEveryBucket({ principal: role('writer'), action: 's3:PutObject', key: 'reports/new.csv' })).toEqual(ALLOWED_EVERYWHERE);
  });

  test('near misses are denied: a sibling prefix, one sharing a string prefix, the whole bucket\'s listing', () => {
    for (const key of ['sales/a.csv', 'reports-archive/a.csv', 'reportsx']) {
      expect(m.throughEveryBucket({ principal: role('reader'), action: 's3:GetObject', key })).not.toContain('Allowed');
    }
    expect(m.throughEveryBucket({ principal: role('reader'), action: 's3:ListBucket' })).not.toContain('Allowed');
    expect(m.throughEveryBucket({ principal: role('reader'), action: 's3:ListBucket', listPrefix: 'sales/' })).not.toContain('Allowed');
  });

  test('each layer of the MRAP leg alone (its policy; the identity policy) allows the grant and denies the near misses', () => {
    // The bucket's narrowing would otherwise hide an MRAP policy or identity statement that lost its own.
    for (const layer of ['policy', 'identity'] as const) {
      expect(m.mrapLayer({ principal: role('reader'), action: 's3:GetObject', key: 'reports/2026/q1.csv' }, layer)).toBe('Allowed');
      expect(m.mrapLayer({ principal: role('reader'), action: 's3:ListBucket', listPrefix: 'reports/2026/' }, layer)).toBe('Allowed');
      expect(m.mrapLayer({ principal: role('writer'), action: 's3:PutObject', key: 'reports/new.csv' }, layer)).toBe('Allowed');
      for (const key of ['sales/a.csv', 'reports-archive/a.csv', 'reportsx']) {
        expect(m.mrapLayer({ principal: role('reader'), action: 's3:GetObject', key }, layer)).toBe('ImplicitlyDenied');
      }
      for (const listPrefix of [undefined, 'sales/', 'reports-archive/']) {
        expect(m.mrapLayer({ principal: role('reader'), action: 's3:ListBucket', listPrefix }, layer)).toBe('ImplicitlyDenied');
      }
      expect(m.mrapLayer({ principal: role('reader'), action: 's3:PutObject', key: 'reports/x.csv' }, layer)).toBe('ImplicitlyDenied');
      expect(m.mrapLayer({ principal: role('writer'), action: 's3:DeleteObject', key: 'reports/x.csv' }, layer)).toBe('ImplicitlyDenied');
    }
  });

  test('a write or a delete with a read grant is denied', () => {
    expect(m.throughEveryBucket({ principal: role('reader'), action: 's3:PutObject', key: 'reports/x.csv' })).not.toContain('Allowed');
    expect(m.throughEveryBucket({ principal: role('writer'), action: 's3:DeleteObject', key: 'reports/x.csv' })).not.toContain('Allowed');
  });

  test('another principal of the same account is denied', () => {
    expect(m.throughEveryBucket({ principal: role('someone-else'), action: 's3:GetObject', key: 'reports/a.csv' })).not.toContain('Allowed');
  });

  test('the grantee cannot go around the MRAP: the buckets directly, or another access point, are denied', () => {
    for (const bucket of m.buckets) {
      expect(m.direct({ principal: role('reader'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket)).not.toBe('Allowed');
      expect(m.throughRegionalAccessPoint({ principal: role('reader'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket, 'other')).not.toBe('Allowed');
    }
  });
});

describe('what the member buckets admit through Multi-Region Access Points (ACCESS_POINTS scope)', () => {
  const m = matrixOf({ delegationScope: DelegationScope.ACCESS_POINTS, boundary: true });
  const rogue = `arn:aws:s3::${MRAP_ACCOUNT}:accesspoint/insider.mrap`;

  test('whatever an MRAP\'s policy allows, the buckets admit only the granted levels on the prefix', () => {
    for (const bucket of m.buckets) {
      expect(m.through({ principal: role('writer'), action: 's3:GetObject', key: 'sales/a.csv' }, bucket, rogue)).not.toBe('Allowed');
      expect(m.through({ principal: role('writer'), action: 's3:DeleteObject', key: 'reports/a.csv' }, bucket, rogue)).not.toBe('Allowed');
      expect(m.through({ principal: role('writer'), action: 's3:ListBucket', listPrefix: 'sales/' }, bucket, rogue)).not.toBe('Allowed');
    }
  });

  test('residual risk (docs/threat-model.md): another MRAP of the same account reaches the same prefix and levels', () => {
    // The bucket admits the account's Multi-Region Access Points by ARN pattern: their alias is only
    // known after the buckets exist. Whoever may create one over the bucket, and give it a policy,
    // reaches what this app grants through its own. Control case for the deny above.
    for (const bucket of m.buckets) {
      expect(m.through({ principal: role('writer'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket, rogue)).toBe('Allowed');
    }
  });

  test('a regional access point that the bucket does not admit is denied by the bucket', () => {
    for (const bucket of m.buckets) {
      expect(m.throughRegionalAccessPoint({ principal: role('writer'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket, 'rogue'))
        .toBe('ImplicitlyDenied');
    }
  });

  test('the object boundary denies even an administrator with s3:* around the access points', () => {
    const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    for (const bucket of m.buckets) {
      expect(m.direct({ principal: role('admin'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket, admin)).toBe('ExplicitlyDenied');
    }
  });
});

describe.each([
  ['ACCOUNT', DelegationScope.ACCOUNT, false],
  ['ACCESS_POINTS with an object boundary', DelegationScope.ACCESS_POINTS, true],
])('an insider of the buckets\' account with s3:* on * in its identity policy, through the MRAP (%s)', (_, scope, boundary) => {
  // Same-account requests through a Multi-Region Access Point need only the identity policy: the
  // MRAP policy and the buckets' Allows do not bound them. The buckets' Denies pinned to the
  // account's Multi-Region Access Points do (docs/threat-model.md, "Multi-Region Access Points").
  const m = matrixOf({ delegationScope: scope, boundary });
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const insider = role('insider');

  test('control: what the app grants through the MRAP (read and write on its prefix) still works', () => {
    for (const bucket of m.buckets) {
      expect(m.throughAsSameAccount({ principal: insider, action: 's3:GetObject', key: 'reports/2026/q1.csv' }, bucket, admin)).toBe('Allowed');
      expect(m.throughAsSameAccount({ principal: insider, action: 's3:PutObject', key: 'reports/new.csv' }, bucket, admin)).toBe('Allowed');
      expect(m.throughAsSameAccount({ principal: insider, action: 's3:ListBucket', listPrefix: 'reports/' }, bucket, admin)).toBe('Allowed');
    }
  });

  test.each([
    ['another prefix', { action: 's3:GetObject', key: 'secret/payroll.csv' }],
    ['a key sharing the prefix\'s string', { action: 's3:GetObject', key: 'reports-archive/a.csv' }],
    ['a delete, which no grant gives', { action: 's3:DeleteObject', key: 'reports/a.csv' }],
    ['an ACL change', { action: 's3:PutObjectAcl', key: 'reports/a.csv' }],
    ['the whole bucket\'s listing', { action: 's3:ListBucket' }],
    ['another prefix\'s listing', { action: 's3:ListBucket', listPrefix: 'secret/' }],
  ])('%s is denied by the buckets; the shape without the Denies allowed it', (_name, request) => {
    for (const bucket of m.buckets) {
      const r = { principal: insider, ...request };
      expect(m.throughAsSameAccount(r, bucket, admin)).toBe('ExplicitlyDenied');
      expect(m.throughAsSameAccount(r, bucket, admin, true)).toBe('Allowed');
    }
  });
});

test('residual risk (docs/threat-model.md, failover routes): routes can change outside the template, so every member bucket decides alike', () => {
  // Whoever may call s3:SubmitMultiRegionAccessPointRoutes can send all traffic to one bucket between
  // deployments. That must change where data is served, not who may reach it: each request gets the
  // same decision from either bucket (a bucket that admitted more would turn routing into access).
  const m = matrixOf({ delegationScope: DelegationScope.ACCESS_POINTS, boundary: true });
  const requests: Request[] = [
    { principal: role('reader'), action: 's3:GetObject', key: 'reports/a.csv' },
    { principal: role('reader'), action: 's3:GetObject', key: 'sales/a.csv' },
    { principal: role('reader'), action: 's3:ListBucket', listPrefix: 'reports/' },
    { principal: role('reader'), action: 's3:ListBucket', listPrefix: 'sales/' },
    { principal: role('writer'), action: 's3:PutObject', key: 'reports/a.csv' },
    { principal: role('writer'), action: 's3:DeleteObject', key: 'reports/a.csv' },
  ];
  for (const r of requests) {
    const [east, west] = m.throughEveryBucket(r);
    expect(west).toBe(east);
    expect(m.bucketAllowsOnly(r, m.buckets[1])).toBe(m.bucketAllowsOnly(r, m.buckets[0]));
  }
});

describe('without grants', () => {
  test('no MRAP request reaches a bucket, even through an MRAP with an allow-all policy', () => {
    const m = matrixOf({ noGrants: true, delegationScope: DelegationScope.ACCESS_POINTS });
    for (const bucket of m.buckets) {
      expect(m.through({ principal: role('writer'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket, `arn:aws:s3::${MRAP_ACCOUNT}:accesspoint/x.mrap`))
        .not.toBe('Allowed');
    }
  });
});

test('the evaluator refuses the MRAP ARN on its validated entry point (why both legs use the core engine)', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runSimulation } = require('@cloud-copilot/iam-simulate');
  const arn = `arn:aws:s3::${MRAP_ACCOUNT}:accesspoint/abc.mrap/object/reports/a`;
  const result = await runSimulation({
    request: { principal: role('reader'), action: 's3:GetObject', resource: { resource: arn, accountId: MRAP_ACCOUNT }, contextVariables: {} },
    identityPolicies: [{ name: 'id', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: arn }] } }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  expect(result).toMatchObject({ resultType: 'error', errors: { message: 'no.resource.types' } });
});

describe.each([
  ['ACCOUNT', DelegationScope.ACCOUNT, false],
  ['ACCESS_POINTS with an object boundary', DelegationScope.ACCESS_POINTS, true],
])('each layer of a member bucket\'s admission holds on its own, without the Denies beside it (%s)', (_, scope, boundary) => {
  // The bucket's Denies pinned to Multi-Region Access Points also deny what its Allows must not admit:
  // a test of the whole policy still passes when an Allow loses its narrowing. Here the Allows alone.
  const m = matrixOf({ delegationScope: scope, boundary });

  test('control: the Allows alone admit the grants (read, list and write of the prefix)', () => {
    for (const bucket of m.buckets) {
      expect(m.bucketAllowsOnly({ principal: role('reader'), action: 's3:GetObject', key: 'reports/a.csv' }, bucket)).toBe('Allowed');
      expect(m.bucketAllowsOnly({ principal: role('reader'), action: 's3:ListBucket', listPrefix: 'reports/2026/' }, bucket)).toBe('Allowed');
      expect(m.bucketAllowsOnly({ principal: role('writer'), action: 's3:PutObject', key: 'reports/new.csv' }, bucket)).toBe('Allowed');
    }
  });

  test.each([
    ['another prefix\'s listing', { action: 's3:ListBucket', listPrefix: 'secret/' }],
    ['a listing sharing the prefix\'s string', { action: 's3:ListBucket', listPrefix: 'reports-archive/' }],
    ['the whole bucket\'s listing (no s3:prefix)', { action: 's3:ListBucket' }],
    ['an object of another prefix', { action: 's3:GetObject', key: 'secret/payroll.csv' }],
    ['a delete, which no grant gives', { action: 's3:DeleteObject', key: 'reports/a.csv' }],
    ['an ACL change', { action: 's3:PutObjectAcl', key: 'reports/a.csv' }],
  ])('%s is not admitted by the Allows alone', (_name, request) => {
    for (const bucket of m.buckets) {
      expect(m.bucketAllowsOnly({ principal: role('reader'), ...request }, bucket)).toBe('ImplicitlyDenied');
    }
  });

  test('the list admission carries its own s3:prefix narrowing and the ARN pattern', () => {
    for (const bucket of m.buckets) {
      const list = m.admissions(bucket).filter(st => [st.Action].flat().includes('s3:ListBucket'));
      expect(list).toHaveLength(1);
      expect(list[0].Condition).toEqual({ StringLike: { 's3:DataAccessPointArn': `arn:aws:s3::${MRAP_ACCOUNT}:accesspoint/*`, 's3:prefix': 'reports/*' } });
    }
  });
});

describe('per-principal folders through a Multi-Region Access Point (principalFolder)', () => {
  /** Bob and Alice, IAM users, granted read-write on the Multi-Region Access Point with or without their folders. */
  const build = (principalFolder?: PrincipalFolder) => {
    const a = multiRegionApp({ delegationScope: DelegationScope.ACCESS_POINTS, boundary: true });
    for (const name of ['Bob', 'Alice']) {
      a.mrap.grantReadWrite(new iam.User(a.global, name, { userName: name }), { principalFolder });
    }
    return new Matrix(a);
  };
  const m = build(PrincipalFolder.USERNAME);
  const bob = (r: Omit<Request, 'principal'>): Request => ({ principal: user('Bob'), context: { 'aws:username': 'Bob' }, ...r });

  test.each([
    ['get from his folder', bob({ action: 's3:GetObject', key: 'reports/Bob/a.csv' })],
    ['put into his folder', bob({ action: 's3:PutObject', key: 'reports/Bob/new.csv' })],
    ['list his folder', bob({ action: 's3:ListBucket', listPrefix: 'reports/Bob/' })],
  ])('control: Bob may %s, whichever bucket serves it, by the MRAP policy alone and by his identity policy alone', (_what, r) => {
    expect(m.throughEveryBucket(r)).toEqual(ALLOWED_EVERYWHERE);
    expect(m.mrapLayer(r, 'policy')).toBe('Allowed');
    expect(m.mrapLayer(r, 'identity')).toBe('Allowed');
  });

  test.each([
    ['get from Alice\'s folder', bob({ action: 's3:GetObject', key: 'reports/Alice/a.csv' })],
    ['put into Alice\'s folder', bob({ action: 's3:PutObject', key: 'reports/Alice/x.csv' })],
    ['put into a folder sharing his name\'s string', bob({ action: 's3:PutObject', key: 'reports/Bobby/x.csv' })],
    ['put at the prefix\'s root', bob({ action: 's3:PutObject', key: 'reports/x.csv' })],
    ['list Alice\'s folder', bob({ action: 's3:ListBucket', listPrefix: 'reports/Alice/' })],
    ['list the prefix\'s root', bob({ action: 's3:ListBucket', listPrefix: 'reports/' })],
  ])('Bob may not %s: denied through every bucket, by each layer alone', (_what, r) => {
    expect(m.throughEveryBucket(r)).not.toContain('Allowed');
    expect(m.mrapLayer(r, 'policy')).not.toBe('Allowed');
    expect(m.mrapLayer(r, 'identity')).not.toBe('Allowed');
  });

  test('the previous shape (the same grants without principalFolder) let Bob into Alice\'s folder', () => {
    const before = build();
    expect(before.throughEveryBucket(bob({ action: 's3:GetObject', key: 'reports/Alice/a.csv' }))).toEqual(ALLOWED_EVERYWHERE);
    expect(before.throughEveryBucket(bob({ action: 's3:ListBucket', listPrefix: 'reports/Alice/' }))).toEqual(ALLOWED_EVERYWHERE);
  });

  test('a principal tag folder: a tag value with a / (a folder inside another\'s) is denied, the plain value allowed', () => {
    const t = build(PrincipalFolder.principalTag('team'));
    const as = (team: string, key: string): Request =>
      ({ principal: user('Bob'), action: 's3:GetObject', key, context: { 'aws:PrincipalTag/team': team } });
    expect(t.throughEveryBucket(as('finance', 'reports/finance/a.csv'))).toEqual(ALLOWED_EVERYWHERE);
    expect(t.throughEveryBucket(as('finance/private', 'reports/finance/private/a.csv'))).not.toContain('Allowed');
    expect(t.throughEveryBucket(as('', 'reports//a.csv'))).not.toContain('Allowed');
  });
});
