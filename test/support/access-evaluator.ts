/*
 * Asks an IAM evaluator this project did not write (@cloud-copilot/iam-simulate) whether a request
 * is allowed by the policies of synthesized templates.
 *
 * How a request through an access point is decided here (DESIGN.md, "How S3 decides"):
 *   allowed  <=>  the access point leg is allowed  AND  the bucket leg is allowed
 * - access point leg: resource ACCESS_POINT_ARN/object/KEY (or the access point ARN for a list),
 *   the access point's policy as resource policy, the principal's identity policies;
 * - bucket leg: resource arn:aws:s3:::BUCKET/KEY (or the bucket ARN) and the bucket policy alone:
 *   S3 checks the caller's identity policies against the access point, not the bucket, so the
 *   bucket policy must allow by itself (the delegation statement). Evaluated as a request of the
 *   bucket's own account with no identity policies: an Allow in the bucket policy is enough, a
 *   Deny anywhere wins.
 * Both legs get the context keys S3 would set: s3:DataAccessPointArn, s3:DataAccessPointAccount,
 * s3:AccessPointNetworkOrigin, aws:SecureTransport, and s3:prefix for a list.
 * A request straight to the bucket is one ordinary evaluation: identity policies, bucket policy and
 * the cross-account rule, without the access point keys.
 *
 * From a VPC (`fromVpc`), both legs also carry aws:SourceVpc and aws:SourceVpce and are checked
 * against the policy of the VPC's S3 gateway endpoint in the templates (none: full access).
 * Network origin is a property of the access point, not a policy, so this helper applies it itself:
 * an access point with a VpcConfiguration refuses any request that does not come from that VPC
 * ('NetworkOriginDenied'), and sets s3:AccessPointNetworkOrigin to VPC.
 *
 * Assumptions, stated because the evaluator cannot check them: Block Public Access is a property of
 * resources (the templates' settings are asserted in unit tests); each stack deploys to its env's
 * account (ACCOUNT where it has none); SCPs and RCPs apply only where given
 * (`withOrganizationPolicies`), both legs alike; no permission boundaries. An access point of another account (`foreignAccessPoint`) or another bucket
 * (`foreignBucket`) is assumed to allow everything: only this app's identity and endpoint policies decide.
 * Given alone, `foreignAccessPoint` is evaluated on its access point leg only, and `foreignBucket`
 * as a request straight to that bucket. Given together, they are a request through an access point
 * that is not in the templates over a bucket that is not either (e.g. one an insider made over a
 * bucket of another account): both legs, each with an allow-all resource policy and the access
 * point keys, and both checked against the endpoint policy, the bucket leg on
 * arn:aws:s3:::FOREIGN_BUCKET/KEY. The foreign bucket's owner is not modelled (no policy here names
 * it): its bucket leg is evaluated like any bucket leg through an access point.
 *
 * The evaluator's public entry point drops s3:DataAccessPoint* keys on a bucket ARN (it lists them as
 * ignored context keys), so the delegation statement could never match there. The bucket leg is
 * therefore run through its core engine (authorize), the way its runUnsafeSimulation does (that entry
 * point itself fails on an unnamed resource policy in 0.1.173); the access point leg goes through the
 * validated entry point, so a malformed policy or ARN still fails loudly.
 */
import * as path from 'path';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ACCOUNT, CfnTemplate, PARTITION, REGION, resolveTemplates } from './resolve-template';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'NetworkOriginDenied';

/** A request to S3, by a principal, through an access point (by name) or straight to the bucket. */
export interface S3Request {
  /** ARN of the calling principal (role or user). */
  readonly principal: string;
  /** e.g. s3:GetObject, s3:PutObject, s3:ListBucket */
  readonly action: string;
  /** The access point name, or undefined for a request straight to the bucket. */
  readonly accessPoint?: string;
  /** The object key (object actions) */
  readonly key?: string;
  /** The s3:prefix of a list request; undefined for a list without a prefix. */
  readonly listPrefix?: string;
  /** Extra context keys (aws:username, ...). */
  readonly context?: Record<string, string | string[]>;
  /** The VPC the request comes from, by its id in the resolved templates (the VPC's logical id). */
  readonly fromVpc?: string;
  /** An access point of another account, not in these templates, by ARN. */
  readonly foreignAccessPoint?: string;
  /** Another bucket than the templates' shared one (e.g. an AWS-owned one), by name; with foreignAccessPoint, the bucket behind it. */
  readonly foreignBucket?: string;
  /**
   * An access point not in the templates over the templates' bucket, by ARN, whose owner gave it a
   * policy that allows everything: an insider's own, or a partner's second one. Its access point leg
   * allows whatever identity policies allow; the templates' bucket policy decides the bucket leg.
   */
  readonly rogueAccessPoint?: string;
  /**
   * The caller is of the bucket's own account: through an access point, its identity policies also
   * count on the bucket leg, since such a caller needs no bucket policy Allow when its identity policy
   * allows (as for Multi-Region Access Points, "only the underlying IAM policy ... is required"). A
   * Deny of the bucket policy still wins. Off by default: the other tests ask what the bucket policy
   * alone admits.
   */
  readonly sameAccountAsBucket?: boolean;
}

/** Actions on the bucket (or the access point) rather than an object: they take s3:prefix, not a key. */
const LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'];

type IdentityPolicy = { name: string; policy: any };
type Context = Record<string, string | string[]>;

/** A request that is not an object or list request, e.g. s3:CreateAccessPoint. */
interface ActionRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Context;
  /** The principal's identity policy, instead of the templates'. */
  readonly identityPolicy?: any;
  /** The resource's policy, e.g. a KMS key policy (KMS requires one). */
  readonly resourcePolicy?: any;
}

/** How the bucket leg is evaluated. */
interface BucketLegOptions {
  /** Another bucket's policy (default: the templates' bucket policy). */
  readonly bucketPolicy?: any;
  readonly bucketAccount?: string;
  /** Through an access point, the bucket policy alone decides. */
  readonly throughAccessPoint?: boolean;
}

/** What both legs of one request share. */
interface Legs {
  readonly request: S3Request;
  readonly identityPolicies: IdentityPolicy[];
  readonly endpointPolicies: IdentityPolicy[];
}

/** The context keys S3 sets for a request through an access point. */
function accessPointKeys(apArn: string, account: string, origin: 'VPC' | 'Internet'): Record<string, string> {
  return { 's3:DataAccessPointArn': apArn, 's3:DataAccessPointAccount': account, 's3:AccessPointNetworkOrigin': origin };
}

interface AccessPoint {
  readonly policy?: any;
  readonly bucketName: string;
  readonly account: string;
  /** The VPC of a VPC-only access point. */
  readonly vpc?: string;
}

interface PolicySet {
  readonly bucketName: string;
  readonly bucketAccount: string;
  readonly bucketPolicy?: any;
  readonly accessPoints: Map<string, AccessPoint>;
  /** Organization policies over the principal's account (SCPs) and the resources' accounts (RCPs). */
  readonly scps: any[];
  readonly rcps: any[];
  /** The S3 gateway endpoint of each VPC: its id and policy (undefined: full access). */
  readonly endpoints: Map<string, { id: string; policy?: any }>;
  readonly identityPolicies: Map<string, { name: string; policy: any }[]>;
}

/** The policies of an app's synthesized templates, with every intrinsic resolved. */
export class AccessEvaluator {
  /** The policies of one or more templates of one app. */
  public static fromTemplates(...templates: CfnTemplate[]): AccessEvaluator {
    return new AccessEvaluator(resolveTemplates(templates));
  }

  /** The policies of the stacks of one app, each in its own account (ACCOUNT where the stack has none). */
  public static fromStacks(...stacks: Stack[]): AccessEvaluator {
    return AccessEvaluator.fromTemplates(...stacks.map(stack => ({
      ...Template.fromStack(stack).toJSON(),
      account: Token.isUnresolved(stack.account) ? ACCOUNT : stack.account,
    })));
  }

  /** The ARN of a role in an account, by its name. */
  public static namedRoleArn(account: string, roleName: string): string {
    return `arn:${PARTITION}:iam::${account}:role/${roleName}`;
  }

  /** The ARN of an IAM user of the templates, by its UserName. */
  public static userArn(userName: string): string {
    return `arn:${PARTITION}:iam::${ACCOUNT}:user/${userName}`;
  }

  /** The ARN the templates' role with this logical id has (a made-up name, as no RoleName is set). */
  public static roleArn(logicalId: string): string {
    return `arn:${PARTITION}:iam::${ACCOUNT}:role/role-${logicalId}`;
  }

  private set: PolicySet;

  private constructor(resolved: CfnTemplate[]) {
    const resources = resolved.flatMap(t => Object.entries(t.Resources ?? {}).map(([id, r]) => ({ id, r, account: t.account ?? ACCOUNT })));
    const byType = (type: string) => resources
      .filter(({ r }) => r.Type === type)
      .map(({ id, r, account }) => ({ id, props: r.Properties ?? {}, account }));

    // The bucket under test: server access log buckets (a LoggingConfiguration destination) are not.
    const logBuckets = new Set(byType('AWS::S3::Bucket').map(b => b.props.LoggingConfiguration?.DestinationBucketName).filter(Boolean));
    const buckets = byType('AWS::S3::BucketPolicy').filter(p => !logBuckets.has(p.props.Bucket));
    if (buckets.length !== 1) throw new Error(`expected one bucket policy, found ${buckets.length}`);

    const accessPoints = new Map<string, AccessPoint>();
    for (const ap of byType('AWS::S3::AccessPoint')) {
      accessPoints.set(ap.props.Name, {
        policy: ap.props.Policy,
        bucketName: ap.props.Bucket,
        account: ap.account,
        vpc: ap.props.VpcConfiguration?.VpcId,
      });
    }

    const endpoints = new Map<string, { id: string; policy?: any }>();
    for (const ep of byType('AWS::EC2::VPCEndpoint').filter(e => String(e.props.ServiceName).endsWith('.s3') && e.props.VpcEndpointType === 'Gateway')) {
      if (endpoints.has(ep.props.VpcId)) throw new Error(`VPC ${ep.props.VpcId} has two S3 gateway endpoints`);
      endpoints.set(ep.props.VpcId, { id: `vpce-${ep.id}`, policy: ep.props.PolicyDocument });
    }

    // Identity policies, keyed by the principal's ARN. AWS::IAM::Policy and managed policies name
    // roles, users and groups by Ref (resolved to their names); a group's policies apply to the
    // users that list the group; inline Policies sit on the role or user itself.
    const arnOf = (kind: string, name: string, account: string) => `arn:${PARTITION}:iam::${account}:${kind}/${name}`;
    const identityPolicies = new Map<string, IdentityPolicy[]>();
    const add = (arn: string, name: string, policy: any) => identityPolicies.set(arn, [...(identityPolicies.get(arn) ?? []), { name, policy }]);
    const users = byType('AWS::IAM::User').map(u => ({
      name: u.props.UserName ?? `user-${u.id}`, groups: u.props.Groups ?? [], inline: u.props.Policies ?? [], account: u.account,
    }));
    for (const p of [...byType('AWS::IAM::Policy'), ...byType('AWS::IAM::ManagedPolicy')]) {
      for (const role of p.props.Roles ?? []) add(arnOf('role', role, p.account), p.id, p.props.PolicyDocument);
      for (const user of p.props.Users ?? []) add(arnOf('user', user, p.account), p.id, p.props.PolicyDocument);
      for (const group of p.props.Groups ?? []) {
        for (const user of users.filter(u => u.groups.includes(group))) add(arnOf('user', user.name, p.account), p.id, p.props.PolicyDocument);
      }
    }
    for (const role of byType('AWS::IAM::Role')) {
      for (const inline of role.props.Policies ?? []) {
        add(arnOf('role', role.props.RoleName ?? `role-${role.id}`, role.account), inline.PolicyName, inline.PolicyDocument);
      }
    }
    for (const user of users) {
      for (const inline of user.inline) add(arnOf('user', user.name, user.account), inline.PolicyName, inline.PolicyDocument);
    }

    this.set = {
      bucketName: buckets[0].props.Bucket,
      bucketAccount: buckets[0].account,
      bucketPolicy: buckets[0].props.PolicyDocument,
      accessPoints,
      endpoints,
      identityPolicies,
      scps: [],
      rcps: [],
    };
  }

  /** The access point policy, resolved, as deployed. */
  public accessPointPolicy(name: string): any {
    return this.accessPoint(name).policy;
  }

  /** The name of the templates' bucket, as deployed. */
  public get bucketName(): string {
    return this.set.bucketName;
  }

  /** The bucket policy, resolved, as deployed. */
  public get bucketPolicy(): any {
    return this.set.bucketPolicy;
  }

  /** A copy with an access point's policy replaced, to prove that a test can fail. */
  public withAccessPointPolicy(name: string, policy: any): AccessEvaluator {
    const accessPoints = new Map(this.set.accessPoints);
    accessPoints.set(name, { ...this.accessPoint(name), policy });
    return this.copy({ accessPoints });
  }

  /** A copy with the bucket policy replaced. */
  public withBucketPolicy(bucketPolicy: any): AccessEvaluator {
    return this.copy({ bucketPolicy });
  }

  /** A principal's identity policy documents, resolved, as deployed. */
  public identityPoliciesOf(principal: string): any[] {
    return (this.set.identityPolicies.get(principal) ?? []).map(p => p.policy);
  }

  /** A copy in which a principal also has this identity policy (e.g. an insider with s3:* on *, a partner account's own grant). */
  public withIdentityPolicy(principalArn: string, policy: any): AccessEvaluator {
    const identityPolicies = new Map(this.set.identityPolicies);
    identityPolicies.set(principalArn, [...(identityPolicies.get(principalArn) ?? []), { name: `given-${identityPolicies.size}`, policy }]);
    return this.copy({ identityPolicies });
  }

  /** A copy in which no principal has an identity policy: resource policies alone decide. */
  public withoutIdentityPolicies(): AccessEvaluator {
    return this.copy({ identityPolicies: new Map() });
  }

  /** A copy under these organization policies (FullAWSAccess / RCPFullAWSAccess are implied). */
  public withOrganizationPolicies(policies: { scps?: any[]; rcps?: any[] }): AccessEvaluator {
    return this.copy({ scps: policies.scps ?? [], rcps: policies.rcps ?? [] });
  }

  /** The decision on a request that is not an object or list request (e.g. s3:CreateAccessPoint): identity policies and SCPs. */
  public async evaluateAction(request: ActionRequest): Promise<Decision> {
    const result = await runSimulation({
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resource.split(':')[4] || ACCOUNT },
        contextVariables: request.context ?? {},
      },
      identityPolicies: request.identityPolicy
        ? [{ name: 'given', policy: request.identityPolicy }]
        : this.set.identityPolicies.get(request.principal) ?? [],
      ...this.organizationPolicies(),
      resourcePolicy: request.resourcePolicy,
    }, {});
    if (result.resultType === 'error') throw new Error(`evaluator refused the request: ${JSON.stringify(result.errors)}`);
    return result.overallResult;
  }

  /** The organization policies in the evaluator's input form. */
  private organizationPolicies() {
    const fullAccess = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const named = (prefix: string, docs: any[]) => docs.map((policy, i) => ({ name: `${prefix}${i}`, policy }));
    return {
      serviceControlPolicies: this.set.scps.length
        ? [{ orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: fullAccess }, ...named('scp', this.set.scps)] }]
        : [],
      resourceControlPolicies: this.set.rcps.length ? [{ orgIdentifier: 'r-root', policies: named('rcp', this.set.rcps) }] : [],
    };
  }

  /** The policy of a VPC's S3 gateway endpoint, resolved, as deployed (undefined: the default, full access). */
  public endpointPolicy(vpc: string): any {
    return this.endpoint(vpc).policy;
  }

  /** A copy with a VPC's endpoint policy replaced, to prove that a test can fail. */
  public withEndpointPolicy(vpc: string, policy: any): AccessEvaluator {
    const { id } = this.endpoint(vpc);
    return this.copy({ endpoints: new Map(this.set.endpoints).set(vpc, { id, policy }) });
  }

  /**
   * A copy in which a VPC's requests pass an endpoint made elsewhere (imported, not in the templates):
   * its policy is its owner's (undefined: the default, full access).
   */
  public withImportedEndpoint(vpc: string, id: string, policy?: any): AccessEvaluator {
    return this.copy({ endpoints: new Map(this.set.endpoints).set(vpc, { id, ...(policy ? { policy } : {}) }) });
  }

  private endpoint(vpc: string): { id: string; policy?: any } {
    const endpoint = this.set.endpoints.get(vpc);
    if (!endpoint) throw new Error(`VPC ${vpc} has no S3 gateway endpoint in the templates`);
    return endpoint;
  }

  /** A copy in which every S3 gateway endpoint has its default, full-access policy. */
  public withoutEndpointPolicies(): AccessEvaluator {
    const endpoints = new Map([...this.set.endpoints].map(([vpc, ep]) => [vpc, { id: ep.id }]));
    return this.copy({ endpoints });
  }

  private copy(changes: Partial<PolicySet>): AccessEvaluator {
    const copy = Object.create(AccessEvaluator.prototype);
    copy.set = { ...this.set, ...changes };
    return copy;
  }

  /** The decision S3 would make. */
  public async evaluate(request: S3Request): Promise<Decision> {
    const identityPolicies = this.set.identityPolicies.get(request.principal) ?? [];
    const isList = LIST_ACTIONS.includes(request.action);
    if (!isList && request.key === undefined) throw new Error(`${request.action} needs a key`);
    const context: Context = { 'aws:SecureTransport': 'true', ...request.context };
    if (isList && request.listPrefix !== undefined) context['s3:prefix'] = request.listPrefix;
    const endpointPolicies = this.endpointPolicies(request, context);

    const bucketArn = `arn:${PARTITION}:s3:::${this.set.bucketName}`;
    const bucketResource = isList ? bucketArn : `${bucketArn}/${request.key}`;
    const legs = { request, identityPolicies, endpointPolicies };

    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };
    if (request.foreignAccessPoint !== undefined && request.foreignBucket !== undefined) {
      const account = request.foreignAccessPoint.split(':')[4];
      const apContext = { ...context, ...accessPointKeys(request.foreignAccessPoint, account, 'Internet') };
      const apLeg = await this.accessPointLeg(legs, request.foreignAccessPoint, allowAll, account, apContext);
      if (apLeg !== 'Allowed') return apLeg;
      const arn = `arn:${PARTITION}:s3:::${request.foreignBucket}`;
      return this.bucketLeg(legs, isList ? arn : `${arn}/${request.key}`, apContext, { bucketPolicy: allowAll, throughAccessPoint: true });
    }
    if (request.rogueAccessPoint !== undefined) {
      const account = request.rogueAccessPoint.split(':')[4];
      const apContext = { ...context, ...accessPointKeys(request.rogueAccessPoint, account, 'Internet') };
      const apLeg = await this.accessPointLeg(legs, request.rogueAccessPoint, allowAll, account, apContext);
      if (apLeg !== 'Allowed') return apLeg;
      return this.bucketLeg(legs, bucketResource, apContext, { throughAccessPoint: true });
    }
    if (request.foreignBucket !== undefined) {
      const arn = `arn:${PARTITION}:s3:::${request.foreignBucket}`;
      return this.bucketLeg(legs, isList ? arn : `${arn}/${request.key}`, context, { bucketPolicy: allowAll, bucketAccount: ACCOUNT });
    }
    if (request.foreignAccessPoint !== undefined) {
      const account = request.foreignAccessPoint.split(':')[4];
      return this.accessPointLeg(legs, request.foreignAccessPoint, allowAll, account, { ...context, ...accessPointKeys(request.foreignAccessPoint, account, 'Internet') });
    }
    if (request.accessPoint === undefined) {
      return this.bucketLeg(legs, bucketResource, context);
    }

    const ap = this.accessPoint(request.accessPoint);
    if (ap.bucketName !== this.set.bucketName) throw new Error(`access point ${request.accessPoint} is on another bucket`);
    if (ap.vpc !== undefined && ap.vpc !== request.fromVpc) return 'NetworkOriginDenied';
    const apArn = `arn:${PARTITION}:s3:${REGION}:${ap.account}:accesspoint/${request.accessPoint}`;
    const apContext = { ...context, ...accessPointKeys(apArn, ap.account, ap.vpc ? 'VPC' : 'Internet') };
    const apLeg = await this.accessPointLeg(legs, apArn, ap.policy, ap.account, apContext);
    if (apLeg !== 'Allowed') return apLeg;
    return this.bucketLeg(legs, bucketResource, apContext, { throughAccessPoint: true });
  }

  /** The policy of the S3 gateway endpoint a request from a VPC passes; adds the VPC's context keys. */
  private endpointPolicies(request: S3Request, context: Context): IdentityPolicy[] {
    if (request.fromVpc === undefined) return [];
    const endpoint = this.set.endpoints.get(request.fromVpc);
    if (!endpoint) throw new Error(`VPC ${request.fromVpc} has no S3 gateway endpoint in the templates`);
    context['aws:SourceVpc'] = request.fromVpc;
    context['aws:SourceVpce'] = endpoint.id;
    return endpoint.policy ? [{ name: endpoint.id, policy: endpoint.policy }] : [];
  }

  private async accessPointLeg(legs: Legs, apArn: string, policy: any, account: string, context: Context): Promise<Decision> {
    const { request, identityPolicies, endpointPolicies } = legs;
    const simulation: Simulation = {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: LIST_ACTIONS.includes(request.action) ? apArn : `${apArn}/object/${request.key}`, accountId: account },
        contextVariables: context,
      },
      identityPolicies,
      ...this.organizationPolicies(),
      resourcePolicy: policy,
      vpcEndpointPolicies: endpointPolicies,
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new Error(`evaluator refused the access point leg: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult;
  }

  private bucketLeg(legs: Legs, resource: string, context: Context, options: BucketLegOptions = {}): Decision {
    const bucketPolicy = options.bucketPolicy ?? this.set.bucketPolicy;
    const principalAccount = legs.request.principal.split(':')[4];
    return evaluateWithoutContextFiltering({
      principal: legs.request.principal,
      action: legs.request.action,
      resource,
      // Through an access point the bucket policy alone decides: no identity policies, same account;
      // unless the caller is of the bucket's account (sameAccountAsBucket).
      accountId: options.throughAccessPoint ? principalAccount : (options.bucketAccount ?? this.set.bucketAccount),
      context,
      identityPolicies: options.throughAccessPoint && !legs.request.sameAccountAsBucket ? [] : legs.identityPolicies,
      resourcePolicy: bucketPolicy,
      endpointPolicies: legs.endpointPolicies,
      ...this.organizationPolicies(),
    });
  }

  private accessPoint(name: string) {
    const ap = this.set.accessPoints.get(name);
    if (!ap) throw new Error(`no access point named ${name} in the templates (have: ${[...this.set.accessPoints.keys()].join(', ')})`);
    return ap;
  }
}

/*
 * The evaluator's core engine, reached by file path because its package exports only its entry point.
 * Pinned by the lockfile; a new version that moves these files fails here, loudly.
 */
const engineDir = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string) => require(file);
const engine = {
  ...load(path.join(engineDir, 'core_engine/CoreSimulatorEngine.js')),
  ...load(path.join(engineDir, 'request/request.js')),
  ...load(path.join(engineDir, 'requestContext.js')),
  ...load(path.join(engineDir, 'context_keys/discoveryContextKeyConstraints.js')),
  loadPolicy: load(require.resolve('@cloud-copilot/iam-policy', { paths: [engineDir] })).loadPolicy,
};

function loadOrganizationPolicies(levels: { orgIdentifier: string; policies: IdentityPolicy[] }[]) {
  return levels.map(level => ({
    orgIdentifier: level.orgIdentifier,
    policies: level.policies.map(p => engine.loadPolicy(p.policy, { name: p.name })),
  }));
}

/**
 * One request against identity policies and one resource policy, with every context key kept.
 * Exported for the Multi-Region Access Point matrix, whose ARNs the validated entry point refuses
 * (the Service Authorization Reference gives object actions no Multi-Region Access Point resource type),
 * and for the directory bucket matrix (its data lists no s3express:DataAccessPoint* key for CreateSession).
 */
export function evaluateWithoutContextFiltering(r: {
  principal: string;
  action: string;
  resource: string;
  accountId: string;
  context: Context;
  identityPolicies: { name: string; policy: any }[];
  resourcePolicy?: any;
  endpointPolicies: IdentityPolicy[];
  serviceControlPolicies: { orgIdentifier: string; policies: IdentityPolicy[] }[];
  resourceControlPolicies: { orgIdentifier: string; policies: IdentityPolicy[] }[];
}): Decision {
  // The core engine does not derive aws:PrincipalArn and aws:PrincipalAccount from the principal (its
  // public entry point does): without them, a condition on either in the bucket policy could never apply.
  const request = new engine.AwsRequestImpl(r.principal, { resource: r.resource, accountId: r.accountId }, r.action,
    new engine.RequestContextImpl({ 'aws:PrincipalArn': r.principal, 'aws:PrincipalAccount': r.principal.split(':')[4], ...r.context }));
  const analysis = engine.authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: r.identityPolicies.map(p => engine.loadPolicy(p.policy, { name: p.name })),
    serviceControlPolicies: loadOrganizationPolicies(r.serviceControlPolicies),
    // The default RCPFullAWSAccess is implied, as runSimulation does.
    resourceControlPolicies: loadOrganizationPolicies(r.resourceControlPolicies.map(level =>
      ({ ...level, policies: [{ name: 'RCPFullAWSAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } }, ...level.policies] }))),
    resourcePolicy: r.resourcePolicy ? engine.loadPolicy(r.resourcePolicy, { name: 'BucketPolicy' }) : undefined,
    permissionBoundaries: undefined,
    vpcEndpointPolicies: r.endpointPolicies.length ? r.endpointPolicies.map(p => engine.loadPolicy(p.policy, { name: p.name })) : undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new engine.DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
  return analysis.result;
}
