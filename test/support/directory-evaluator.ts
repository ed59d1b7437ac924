/*
 * Asks the independent evaluator (@cloud-copilot/iam-simulate) whether a principal may create a
 * session (s3express:CreateSession) on a directory bucket of synthesized templates, through one of
 * its access points or straight on the bucket.
 *
 * How a session through a directory bucket access point is decided here, as for general purpose
 * access points (access-evaluator.ts):
 *   allowed  <=>  the access point leg is allowed  AND  the bucket leg is allowed
 * - access point leg: resource arn:aws:s3express:REGION:ACCOUNT:accesspoint/NAME, the access point
 *   policy as resource policy, the principal's identity policies (across accounts both must allow);
 * - bucket leg: resource arn:aws:s3express:REGION:ACCOUNT:bucket/NAME and the bucket policy alone (the
 *   delegation), evaluated without the evaluator's context-key filtering: its data does not list the
 *   s3express:DataAccessPoint* keys for CreateSession (the Service Authorization Reference does not
 *   either), while AWS's delegation example relies on them ("Delegating access control to access
 *   points", access-points-directory-buckets-policies.html).
 * Both legs get the keys S3 would set: s3express:SessionMode, s3express:DataAccessPointArn,
 * s3express:DataAccessPointAccount, s3express:AccessPointNetworkOrigin, s3express:Permissions (the
 * Scope's operations, as AWS's cross-account example reads them; none when the Scope has none).
 *
 * What the evaluator cannot do, and so these tests do not prove:
 * - the Scope: S3 checks each object request of a session against the access point's prefixes and
 *   permissions; a session is one CreateSession here, and what it then allows is asserted on the
 *   templates (unit tests) and written down in docs/threat-model.md;
 * - the session's per-request checks (ReadOnly sessions refusing writes): AWS's, not a policy's;
 * - KMS: it cannot match kms:EncryptionContext:* keys (checked on the templates);
 * - network origin (a VPC access point) and Block Public Access: properties, asserted on the templates.
 *
 * A request from the VPC (throughEndpoint) also passes the S3 Express gateway endpoint of the
 * templates: its policy joins both legs as a VPC endpoint policy ("both the access point and the
 * underlying bucket policy must permit the request": each leg is checked against the endpoint too,
 * as for general purpose access points, access-points-vpc.html).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Decision, evaluateWithoutContextFiltering } from './access-evaluator';
import { ACCOUNT, CfnTemplate, PARTITION, REGION, resolveTemplates } from './resolve-template';

/** A CreateSession request. */
export interface SessionRequest {
  /** ARN of the calling principal. */
  readonly principal: string;
  /** ReadOnly or ReadWrite. */
  readonly sessionMode: 'ReadOnly' | 'ReadWrite';
  /** An access point of the templates, by name; undefined for a session straight on the bucket. */
  readonly accessPoint?: string;
  /**
   * An access point not in the templates over the templates' bucket, by ARN, whose owner gave it a
   * policy that allows everything (an insider's own, a partner's second one).
   */
  readonly rogueAccessPoint?: string;
  /**
   * A directory bucket not in the templates, by ARN (another account's, an exfiltration target), whose
   * policy allows everything: the session is on it (straight, or through rogueAccessPoint).
   */
  readonly foreignBucket?: string;
  /** From the VPC, through the templates' S3 Express gateway endpoint (its policy applies). */
  readonly throughEndpoint?: boolean;
}

const ALL_OPERATIONS = ['GetObject', 'GetObjectAttributes', 'ListMultipartUploadParts', 'ListBucket', 'ListBucketMultipartUploads', 'PutObject',
  'DeleteObject', 'AbortMultipartUpload'];

/** A policy that allows everything: a rogue access point's, a foreign bucket's, a gateway endpoint's default. */
export const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const FULL_ACCESS = ALLOW_ALL;

interface AccessPoint { readonly policy?: any; readonly account: string; readonly vpc: boolean; readonly permissions: string[] }

export class DirectoryEvaluator {
  /** The policies of the stacks of one app, each in its own account (ACCOUNT where the stack has none). */
  public static fromStacks(...stacks: Stack[]): DirectoryEvaluator {
    const templates: CfnTemplate[] = stacks.map(stack => ({
      ...Template.fromStack(stack).toJSON(),
      account: Token.isUnresolved(stack.account) ? ACCOUNT : stack.account,
    }));
    const resources = resolveTemplates(templates)
      .flatMap(t => Object.entries(t.Resources ?? {}).map(([id, r]) => ({ id, r, account: t.account ?? ACCOUNT })));
    const byType = (type: string) => resources.filter(({ r }) => r.Type === type).map(({ r, account }) => ({ props: r.Properties ?? {}, account }));
    const buckets = byType('AWS::S3Express::DirectoryBucket');
    if (buckets.length !== 1) throw new Error(`expected one directory bucket, found ${buckets.length}`);
    const policies = byType('AWS::S3Express::BucketPolicy');
    const accessPoints = new Map<string, AccessPoint>();
    for (const ap of byType('AWS::S3Express::AccessPoint')) {
      accessPoints.set(ap.props.Name, {
        policy: ap.props.Policy, account: ap.account, vpc: ap.props.VpcConfiguration !== undefined, permissions: ap.props.Scope?.Permissions ?? [],
      });
    }
    const identityPolicies = new Map<string, { name: string; policy: any }[]>();
    for (const p of byType('AWS::IAM::Policy')) {
      for (const role of p.props.Roles ?? []) {
        const arn = `arn:${PARTITION}:iam::${p.account}:role/${role}`;
        identityPolicies.set(arn, [...identityPolicies.get(arn) ?? [], { name: p.props.PolicyName, policy: p.props.PolicyDocument }]);
      }
    }
    const endpoints = byType('AWS::EC2::VPCEndpoint').filter(e => JSON.stringify(e.props.ServiceName).endsWith('.s3express"'));
    if (endpoints.length > 1) throw new Error(`expected at most one S3 Express gateway endpoint, found ${endpoints.length}`);
    return new DirectoryEvaluator(buckets[0].props.BucketName, buckets[0].account, policies[0]?.props.PolicyDocument, accessPoints, identityPolicies,
      endpoints.length ? endpoints[0].props.PolicyDocument ?? FULL_ACCESS : undefined);
  }

  private constructor(
    public readonly bucketName: string,
    private readonly bucketAccount: string,
    public readonly bucketPolicy: any,
    private readonly accessPoints: Map<string, AccessPoint>,
    private readonly identityPolicies: Map<string, { name: string; policy: any }[]>,
    /** The S3 Express gateway endpoint's policy (its default, full access, when it has none); undefined: no endpoint. */
    public readonly endpointPolicy?: any,
  ) {}

  /** A copy with the endpoint's policy replaced (FULL_ACCESS: the default of an endpoint without one), to prove a test can fail. */
  public withEndpointPolicy(policy: any): DirectoryEvaluator {
    return new DirectoryEvaluator(this.bucketName, this.bucketAccount, this.bucketPolicy, this.accessPoints, this.identityPolicies, policy);
  }

  public get bucketArn(): string {
    return `arn:${PARTITION}:s3express:${REGION}:${this.bucketAccount}:bucket/${this.bucketName}`;
  }

  /** The access point policy, resolved. */
  public accessPointPolicy(name: string): any {
    return this.accessPoint(name).policy;
  }

  /** A copy with the bucket policy replaced (undefined: none), to prove a test can fail. */
  public withBucketPolicy(policy: any): DirectoryEvaluator {
    return new DirectoryEvaluator(this.bucketName, this.bucketAccount, policy, this.accessPoints, this.identityPolicies, this.endpointPolicy);
  }

  /** A copy with an access point policy replaced. */
  public withAccessPointPolicy(name: string, policy: any): DirectoryEvaluator {
    const accessPoints = new Map(this.accessPoints).set(name, { ...this.accessPoint(name), policy });
    return new DirectoryEvaluator(this.bucketName, this.bucketAccount, this.bucketPolicy, accessPoints, this.identityPolicies, this.endpointPolicy);
  }

  /** A copy in which an access point's Scope permits these operations (none: no Permissions, so no s3express:Permissions key), as its owner could set it. */
  public withScopePermissions(name: string, permissions: string[]): DirectoryEvaluator {
    const accessPoints = new Map(this.accessPoints).set(name, { ...this.accessPoint(name), permissions });
    return new DirectoryEvaluator(this.bucketName, this.bucketAccount, this.bucketPolicy, accessPoints, this.identityPolicies, this.endpointPolicy);
  }

  /** A copy in which a principal also has this identity policy. */
  public withIdentityPolicy(principal: string, policy: any): DirectoryEvaluator {
    const identityPolicies = new Map(this.identityPolicies).set(principal, [...this.identityPolicies.get(principal) ?? [], { name: 'given', policy }]);
    return new DirectoryEvaluator(this.bucketName, this.bucketAccount, this.bucketPolicy, this.accessPoints, identityPolicies, this.endpointPolicy);
  }

  /** A copy in which no principal has an identity policy. */
  public withoutIdentityPolicies(): DirectoryEvaluator {
    return new DirectoryEvaluator(this.bucketName, this.bucketAccount, this.bucketPolicy, this.accessPoints, new Map(), this.endpointPolicy);
  }

  /** The decision on a CreateSession request. */
  public async createSession(request: SessionRequest): Promise<Decision> {
    const identityPolicies = this.identityPolicies.get(request.principal) ?? [];
    const mode: Record<string, string | string[]> = { 's3express:SessionMode': request.sessionMode };
    let endpoints: { name: string; policy: any }[] = [];
    if (request.throughEndpoint) {
      if (this.endpointPolicy === undefined) throw new Error('the templates have no S3 Express gateway endpoint');
      endpoints = [{ name: 'S3ExpressEndpoint', policy: this.endpointPolicy }];
      mode['aws:SourceVpce'] = 'vpce-s3express';
    }
    const bucketArn = request.foreignBucket ?? this.bucketArn;
    const bucketPolicy = request.foreignBucket ? ALLOW_ALL : this.bucketPolicy;
    if (request.accessPoint === undefined && request.rogueAccessPoint === undefined) {
      return this.simulate(request.principal, bucketArn, bucketArn.split(':')[4], mode, identityPolicies, bucketPolicy, endpoints);
    }
    const ap = request.accessPoint !== undefined ? this.accessPoint(request.accessPoint) : undefined;
    const apArn = request.rogueAccessPoint ?? `arn:${PARTITION}:s3express:${REGION}:${ap!.account}:accesspoint/${request.accessPoint}`;
    const apAccount = apArn.split(':')[4];
    const context: Record<string, string | string[]> = {
      ...mode,
      'aws:SecureTransport': 'true',
      's3express:DataAccessPointArn': apArn,
      's3express:DataAccessPointAccount': apAccount,
      's3express:AccessPointNetworkOrigin': ap?.vpc ? 'VPC' : 'Internet',
    };
    // The Scope's operations; a rogue access point's owner permits them all; a Scope without
    // permissions sets no key (assumed: AWS does not say what S3 sets then).
    const permissions = ap ? ap.permissions : ALL_OPERATIONS;
    if (permissions.length > 0) context['s3express:Permissions'] = permissions;
    const apLeg = await this.simulate(request.principal, apArn, apAccount, context, identityPolicies, ap ? ap.policy : ALLOW_ALL, endpoints);
    if (apLeg !== 'Allowed') return apLeg;
    // Through an access point the bucket policy alone decides (same account as the caller, no identity policies).
    return evaluateWithoutContextFiltering({
      principal: request.principal,
      action: 's3express:CreateSession',
      resource: bucketArn,
      accountId: request.principal.split(':')[4],
      context,
      identityPolicies: [],
      resourcePolicy: bucketPolicy,
      endpointPolicies: endpoints,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    });
  }

  private async simulate(principal: string, resource: string, accountId: string, context: Record<string, string | string[]>,
    identityPolicies: { name: string; policy: any }[], resourcePolicy: any, endpointPolicies: { name: string; policy: any }[]): Promise<Decision> {
    const result = await runSimulation({
      request: { principal, action: 's3express:CreateSession', resource: { resource, accountId }, contextVariables: context },
      identityPolicies,
      vpcEndpointPolicies: endpointPolicies.length ? endpointPolicies : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    }, {});
    if (result.resultType === 'error') throw new Error(`evaluator refused the request: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
  }

  private accessPoint(name: string): AccessPoint {
    const ap = this.accessPoints.get(name);
    if (!ap) throw new Error(`no access point named ${name} in the templates (have: ${[...this.accessPoints.keys()].join(', ')})`);
    return ap;
  }
}
