import { Annotations, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { checkPolicySize, readable } from './policy-size';
import { EndpointAllowance } from '../endpoint-allowance';

/*
 * The part of a gateway endpoint's policy that this library writes: one per endpoint, shared by
 * every VPC-only access point on it. Two services have gateway endpoints that access points use: S3
 * (`com.amazonaws.REGION.s3`, VpcOnlyAccessPoint) and S3 Express (`com.amazonaws.REGION.s3express`,
 * a DirectoryBucketAccessPoint with a vpc); each endpoint serves one (see EndpointService). Statements are added to the endpoint with addToPolicy, after
 * any the endpoint already has (never replacing them), once each; their condition values (and, for
 * approval by account, the resources: access points of the accounts and the trusted buckets) are
 * rendered lazily from what the access points registered. At synthesis it warns where the
 * endpoint's own statements make the library's a silent change (see warnAboutOthersStatements).
 * An endpoint imported into the app (ec2.IGatewayVpcEndpoint) has a policy the library cannot write:
 * the same statements are rendered, and synthesis warns once per endpoint with what its owner must add.
 */

const ID = 'S3AccessPointsPolicy';

/** The service of a gateway endpoint, and how the library names and explains it. */
export interface EndpointService {
  /** The last part of the service name: `com.amazonaws.REGION.<suffix>`. */
  readonly suffix: 's3' | 's3express';
  /** The service as messages say it. */
  readonly label: string;
  /** The access points that use the endpoint, as messages say them. */
  readonly users: string;
  readonly service: ec2.GatewayVpcEndpointAwsService;
  /** The id of the endpoint this library creates in a VPC. */
  readonly endpointId: string;
}

/** S3's gateway endpoint, used by VpcOnlyAccessPoint. */
export const S3_ENDPOINT: EndpointService = {
  suffix: 's3', label: 'S3', users: 'VPC-only access points', service: ec2.GatewayVpcEndpointAwsService.S3, endpointId: 'S3AccessPointsEndpoint',
};

/**
 * S3 Express's gateway endpoint, used by directory bucket access points with a VPC. "You must access
 * both Zonal and Regional endpoints through a gateway virtual private cloud (VPC) endpoint"; its
 * policy is set as for any gateway endpoint ("choose Custom to attach a VPC endpoint policy"):
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-networking.html
 */
export const S3_EXPRESS_ENDPOINT: EndpointService = {
  suffix: 's3express',
  label: 'S3 Express',
  users: 'VPC-only directory bucket access points',
  service: ec2.GatewayVpcEndpointAwsService.S3_EXPRESS,
  endpointId: 'S3ExpressAccessPointsEndpoint',
};

/** The endpoints this library created (quiet: nobody else's traffic used them before). */
const createdEndpoints = new WeakSet<IConstruct>();

/** A bucket as the endpoint policy names it: an S3 bucket, or a directory bucket (S3 Express). */
interface NamedBucket extends IConstruct {
  readonly bucketArn: string;
  readonly bucketName: string;
}

/**
 * The bucket's ARN as the endpoint's stack can write it without a reference to another stack
 * (which would make the endpoint's stack depend on the bucket's, and cycle with
 * denyObjectRequestsOutside, or with the access point's reference to the VPC): the bucket's own ARN
 * in the same stack, else one built from its concrete name (`format`).
 */
function bucketArnFor(endpointStack: Stack, bucket: NamedBucket, format: (name: string) => string): string | undefined {
  if (Stack.of(bucket) === endpointStack) return bucket.bucketArn;
  const cfnName = (bucket.node.defaultChild as { bucketName?: unknown } | undefined)?.bucketName;
  const name = !Token.isUnresolved(bucket.bucketName) ? bucket.bucketName
    : typeof cfnName === 'string' && !Token.isUnresolved(cfnName) ? cfnName
      : undefined;
  return name === undefined ? undefined : format(name);
}

/** A general purpose bucket's ARN from its name. */
const s3Arn = (stack: Stack) => (name: string) => `arn:${stack.partition}:s3:::${name}`;

/** An endpoint statement that lets every request pass: Allow, principal *, action * or SERVICE:*, resource *, no condition. */
function allowsAll(statement: any, service: string): boolean {
  const list = (v: any): any[] => (Array.isArray(v) ? v : [v]);
  const principals = statement.Principal === '*' ? ['*'] : list(statement.Principal?.AWS);
  return statement.Effect === 'Allow'
    && principals.includes('*')
    && list(statement.Action).some(a => typeof a === 'string' && ['*', `${service}:*`].includes(a.toLowerCase()))
    && list(statement.Resource).includes('*')
    && Object.keys(statement.Condition ?? {}).length === 0;
}

/** Does this construct's CloudFormation endpoint serve the service, as a gateway? '' if so, else why not. */
function whyNotGatewayOf(endpoint: IConstruct, service: EndpointService): string {
  const cfn = endpoint.node.defaultChild;
  if (!(endpoint instanceof ec2.GatewayVpcEndpoint) || !(cfn instanceof ec2.CfnVPCEndpoint)) {
    return `${endpoint.node.path} is not a gateway endpoint created in this app (ec2.GatewayVpcEndpoint)`;
  }
  const name = JSON.stringify(Stack.of(endpoint).resolve(cfn.serviceName));
  // `.s3"` and `.s3express"` end differently: an endpoint of one service never passes for the other.
  if (!new RegExp(`\\.${service.suffix}"(\\]\\]\\})?$`).test(name)) {
    return `${endpoint.node.path} is a gateway endpoint for ${name}, not for ${service.label}`;
  }
  return '';
}

export class GatewayEndpointPolicy extends Construct {
  /**
   * Why the `endpoint` given to an access point with this VPC cannot serve it: none for an endpoint
   * imported into the app (the library cannot read its service or VPC), else what whyNotUsable says.
   */
  public static checkGiven(endpoint: ec2.IGatewayVpcEndpoint | undefined, vpc: ec2.IVpc, service: EndpointService): string[] {
    // An endpoint made in this app (it has its CloudFormation resource) must be the VPC's gateway endpoint of the service.
    if (!endpoint || !(endpoint instanceof ec2.GatewayVpcEndpoint || endpoint.node.defaultChild)) return [];
    const why = GatewayEndpointPolicy.whyNotUsable(endpoint, vpc, service);
    return why ? [`endpoint must be an ${service.label} gateway endpoint of the VPC: ${why}`] : [];
  }

  /**
   * The endpoint an access point with this VPC uses (the one given, else the one this library
   * creates for the VPC) and this library's policy part on it: written on an endpoint of this app,
   * said in a warning for an imported one.
   */
  public static forAccessPoint(given: ec2.IGatewayVpcEndpoint | undefined, vpc: ec2.IVpc, service: EndpointService): GatewayEndpointPolicy {
    const endpoint = given ?? GatewayEndpointPolicy.endpointFor(vpc, service);
    const existing = endpoint.node.tryFindChild(ID);
    if (existing instanceof GatewayEndpointPolicy) {
      return existing;
    }
    return new GatewayEndpointPolicy(endpoint, vpc, service, endpoint instanceof ec2.GatewayVpcEndpoint ? undefined : []);
  }

  /** Why this endpoint cannot serve the service's access points of this VPC ('' if it can). */
  public static whyNotUsable(endpoint: IConstruct, vpc: ec2.IVpc, service: EndpointService): string {
    const why = whyNotGatewayOf(endpoint, service);
    if (why) return why;
    const cfn = endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    const stack = Stack.of(endpoint);
    if (JSON.stringify(stack.resolve(cfn.vpcId)) !== JSON.stringify(stack.resolve(vpc.vpcId))) {
      return `${endpoint.node.path} belongs to another VPC than ${vpc.node.path}`;
    }
    return '';
  }

  /**
   * The gateway endpoint of the service this library creates for a VPC, shared by every access point on it.
   */
  private static endpointFor(vpc: ec2.IVpc, service: EndpointService): ec2.GatewayVpcEndpoint {
    const existing = vpc.node.tryFindChild(service.endpointId);
    if (existing instanceof ec2.GatewayVpcEndpoint) {
      return existing;
    }
    const endpoint = new ec2.GatewayVpcEndpoint(vpc, service.endpointId, { vpc, service: service.service });
    createdEndpoints.add(endpoint);
    return endpoint;
  }

  /** The endpoint: read as a GatewayVpcEndpoint only where notManaged is undefined (an endpoint of this app). */
  public readonly endpoint: ec2.GatewayVpcEndpoint;
  private readonly vpc: ec2.IVpc;
  private readonly service: EndpointService;
  /** For an imported endpoint: the statements its owner must add (none: the library writes the endpoint's policy). */
  private readonly notManaged?: iam.PolicyStatement[];
  private readonly accessPointArns: string[] = [];
  private readonly accounts: string[] = [];
  private readonly allowances = new Set<string>();
  /** The buckets of the VPC-only access points on this endpoint. */
  private readonly buckets: s3.IBucket[] = [];
  /** The directory bucket access points on this endpoint (S3 Express). */
  private readonly directoryAccessPoints: string[] = [];
  /** Their buckets: passed only through those access points. */
  private readonly directoryBuckets: string[] = [];
  /** Directory buckets of other stacks whose names are generated: the endpoint's stack cannot name them. */
  private readonly unnameable: IConstruct[] = [];
  /** More buckets, by name, that approval by account admits. */
  private readonly trustedBucketNames: string[] = [];
  /** The Sids of the statements this library wrote on the endpoint: every other statement is someone else's. */
  private readonly sids = new Set<string>();

  private constructor(endpoint: ec2.IGatewayVpcEndpoint, vpc: ec2.IVpc, service: EndpointService, notManaged?: iam.PolicyStatement[]) {
    super(endpoint, ID);
    this.endpoint = endpoint as ec2.GatewayVpcEndpoint;
    this.vpc = vpc;
    this.service = service;
    this.notManaged = notManaged;
    this.node.addValidation({
      validate: () => notManaged ? [...this.validateBucketsNameable(), ...this.warnNotManaged(notManaged)]
        : [...this.validateOneEndpoint(), ...this.validateBucketsNameable(), ...this.validateSize(), ...this.warnAboutOthersStatements()],
    });
  }

  /** Whether this library writes the endpoint's policy (false for an imported endpoint). */
  public get managed(): boolean {
    return this.notManaged === undefined;
  }

  /** Adds a statement to the endpoint's policy, or, for an imported endpoint, to what its owner must add. */
  private addStatement(statement: iam.PolicyStatement): void {
    if (this.notManaged) this.notManaged.push(statement);
    else this.endpoint.addToPolicy(statement);
  }

  /** Says, once per imported endpoint, the exact statements its owner must add. */
  private warnNotManaged(statements: iam.PolicyStatement[]): string[] {
    const id = readable(this, this.endpoint.vpcEndpointId);
    Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointPolicyNotManaged',
      `${this.service.label} gateway endpoint ${id} was imported: this app cannot write its policy, and until its owner adds these statements ` +
      `(beside any it has: an endpoint with no policy lets every ${this.service.label} request pass, and these then replace that default), requests from ` +
      `the VPC are not restricted to the approved access points: ${statements.map(s => readable(this, s.toStatementJson())).join(' ')}`);
    return [];
  }

  /** The bucket behind a VPC-only access point on this endpoint: trusted by approval by account. */
  public trustBucket(bucket: s3.IBucket): void {
    if (!this.buckets.includes(bucket)) this.buckets.push(bucket);
  }

  /**
   * Let requests through this access point pass the endpoint. Resource '*': S3 checks the endpoint
   * policy against the access point and against the bucket; the condition holds on both legs, and
   * only for requests through an access point this app made, whose bucket is fixed at creation.
   */
  public approveAccessPoint(accessPointArn: string): void {
    this.approve('AllowApprovedAccessPoints', this.accessPointArns, [accessPointArn], {
      actions: ['s3:*'], resources: ['*'], conditions: { StringEquals: { 's3:DataAccessPointArn': Lazy.list({ produce: () => this.accessPointArns }) } },
    });
  }

  /**
   * Let requests through any access point of these accounts over a trusted bucket pass the endpoint.
   * The condition alone would hold on both legs for an access point of an approved account over
   * any bucket at all; so the statement's resources name the accounts' access points (the access
   * point leg) and the trusted buckets (the bucket leg), and a foreign bucket matches no resource.
   * "Requests from your VPC to S3 only succeed through an access point if the VPC endpoint policy
   * grants access to both the access point and the underlying bucket":
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-vpc.html
   */
  public approveAccounts(accountIds: string[], trustedBucketNames: string[]): void {
    for (const name of trustedBucketNames) {
      if (!this.trustedBucketNames.includes(name)) this.trustedBucketNames.push(name);
    }
    this.approve('AllowAccessPointsOfApprovedAccounts', this.accounts, accountIds, {
      actions: ['s3:*'],
      resources: Lazy.list({ produce: () => this.accountResources() }),
      conditions: { StringEquals: { 's3:DataAccessPointAccount': Lazy.list({ produce: () => this.accounts }) } },
    });
  }

  /** The access points of the approved accounts, and the trusted buckets with their objects. */
  private accountResources(): string[] {
    const stack = Stack.of(this.endpoint);
    const accessPoints = this.accounts.map(a => `arn:${stack.partition}:s3:${stack.region}:${a}:accesspoint/*`);
    const buckets = [
      ...this.buckets.map(b => bucketArnFor(stack, b, s3Arn(stack))).filter((arn): arn is string => arn !== undefined),
      ...this.trustedBucketNames.map(n => `arn:${stack.partition}:s3:::${n}`),
    ].filter((arn, i, all) => all.indexOf(arn) === i);
    return [...accessPoints.flatMap(ap => [ap, `${ap}/object/*`]), ...buckets.flatMap(b => [b, `${b}/*`])];
  }

  /**
   * Let sessions on this directory bucket access point pass the S3 Express endpoint.
   * s3express:CreateSession authorizes every Zonal (object) operation of the session, CopyObject and
   * HeadBucket included (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-create-session.html).
   * S3 checks the endpoint on both legs of a session through an access point: "both the access point
   * and the underlying bucket policy must permit the request"
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-directory-buckets-policies.html).
   * Two statements:
   * - the access point leg: the approved access points by ARN, unconditioned;
   * - the bucket leg: their buckets, only with s3express:DataAccessPointArn one of the approved access
   *   points. Unconditioned, it let a caller whose identity policy allows CreateSession on the bucket
   *   open a session straight on it from the VPC, around the access point's Scope, ReadOnly mode and
   *   VPC origin. The Service Authorization Reference lists no s3express:DataAccessPoint* key for
   *   CreateSession (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3express.html),
   *   but the user guide page above documents s3express:DataAccessPointArn for filtering by access
   *   point, and the library already relies on these keys on this very request's bucket leg (the
   *   bucket policy's DelegateAccessControlToAccessPoints, access-policy.ts, and the guardrail
   *   DenyDirectoryBucketSessionsOutsideAccessPoints). Were the key absent, sessions through the
   *   endpoint would be denied (fail closed), never widened: unverified without a deployment
   *   (docs/threat-model.md).
   * No Regional (bucket-level) action passes: CloudFormation, not the VPC, manages the buckets.
   */
  public approveDirectoryAccessPoint(accessPointArn: string, bucket: NamedBucket & { readonly env: { account: string; region: string } }): void {
    const stack = Stack.of(this.endpoint);
    const bucketArn = bucketArnFor(stack, bucket, name => `arn:${stack.partition}:s3express:${bucket.env.region}:${bucket.env.account}:bucket/${name}`);
    if (bucketArn === undefined && !this.unnameable.includes(bucket)) this.unnameable.push(bucket);
    this.approve('AllowApprovedDirectoryAccessPoints', this.directoryAccessPoints, [accessPointArn], {
      actions: ['s3express:CreateSession'], resources: Lazy.list({ produce: () => this.directoryAccessPoints }),
    });
    if (bucketArn === undefined) return;
    this.approve('AllowDirectoryBucketsThroughApprovedAccessPoints', this.directoryBuckets, [bucketArn], {
      actions: ['s3express:CreateSession'],
      resources: Lazy.list({ produce: () => this.directoryBuckets }),
      conditions: { StringEquals: { 's3express:DataAccessPointArn': Lazy.list({ produce: () => this.directoryAccessPoints }) } },
    });
  }

  /** Adds `values` to an approval list; the first time, adds the statement that renders the list. */
  private approve(sid: string, approved: string[], values: string[], shape: { actions: string[]; resources: string[]; conditions?: any }): void {
    if (approved.length === 0) {
      this.sids.add(sid);
      this.addStatement(new iam.PolicyStatement({ sid, principals: [new iam.StarPrincipal()], ...shape }));
    }
    for (const value of values) {
      if (!approved.includes(value)) approved.push(value);
    }
  }

  /** Let other S3 traffic pass the endpoint. Throws for a preset that needs a concrete region. */
  public allow(allowance: EndpointAllowance, requestedBy: IConstruct): void {
    if (this.allowances.has(allowance.name)) return;
    const stack = Stack.of(this.endpoint);
    if (allowance._needsRegion && Token.isUnresolved(stack.region)) {
      throw new Error(`${requestedBy.node.path}: endpointAllowances: ${allowance.name} names buckets by region, but stack ` +
        `${stack.stackName} (of ${this.endpoint.node.path}) has no concrete region: set env.region on the stack`);
    }
    this.allowances.add(allowance.name);
    const statement = allowance._toStatement(stack.partition, stack.region, stack.account);
    if (statement.sid) this.sids.add(statement.sid);
    this.addStatement(statement);
  }

  /**
   * Approval by account names the trusted buckets; a bucket of another stack with a generated name
   * could only be named through a cross-stack reference (see bucketArnFor).
   */
  private validateBucketsNameable(): string[] {
    const stack = Stack.of(this.endpoint);
    const directory = this.unnameable.map(b => `${this.service.label} gateway endpoint ${this.endpoint.node.path} must name the directory ` +
      `bucket ${b.node.path} of its VPC-only access points, but the bucket is in stack ${Stack.of(b).stackName} and its name is generated ` +
      `at deployment, so stack ${stack.stackName} cannot name it without depending on that stack (which depends on the VPC's): give the ` +
      'SharedDirectoryBucket a bucketName, or put the VPC in the bucket\'s stack');
    if (this.accounts.length === 0) return directory;
    return this.buckets.filter(b => bucketArnFor(stack, b, s3Arn(stack)) === undefined).map(b =>
      `EndpointApproval.accounts() on S3 gateway endpoint ${this.endpoint.node.path} lets access points of the approved accounts ` +
      `pass only over the buckets it names, but bucket ${b.node.path} is in stack ${Stack.of(b).stackName} and its name is generated ` +
      `at deployment, so stack ${stack.stackName} cannot name it without depending on that stack: give the bucket a bucketName, ` +
      'put the endpoint in the bucket\'s stack, or approve by access point (EndpointApproval.ACCESS_POINT)').concat(directory);
  }

  /**
   * Warns where the endpoint's other statements (those this library did not write) make its own
   * a silent change: none at all (CloudFormation's default policy lets every S3 request pass, and
   * the library's statements replace it), or one that allows every S3 request (the library's
   * restriction then does nothing). The endpoint this library created is its own: no warning.
   * Also warns when none of the library's statements reach the template (the CloudFormation
   * property was replaced).
   */
  private warnAboutOthersStatements(): string[] {
    const cfn = this.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    const statements: any[] = Stack.of(this).resolve(cfn.policyDocument)?.Statement ?? [];
    const path = this.endpoint.node.path;
    const label = this.service.label;
    if (!statements.some(s => this.sids.has(s.Sid))) {
      // The CloudFormation property was set directly (an escape hatch): addToPolicy no longer reaches it.
      Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointPolicyOverridden',
        `The policy of ${label} gateway endpoint ${path} was set on its CloudFormation resource, which replaces the statements ` +
        `its ${this.service.users} add: the endpoint does not restrict ${label} requests to them. Add your statements with ` +
        'endpoint.addToPolicy() instead.');
      return [];
    }
    if (createdEndpoints.has(this.endpoint)) return [];
    const others = statements.filter(s => !this.sids.has(s.Sid));
    if (others.length === 0) {
      const allowances = this.allowances.size > 0 ? ` and the endpoint allowances (${[...this.allowances].join(', ')})` : '';
      const denied = this.service === S3_ENDPOINT ? '(ECR image layers, yum/dnf repositories, SSM, CloudFormation responses, other buckets). ' +
        'Add endpointAllowances (the EndpointAllowance presets, or EndpointAllowance.buckets([...])) for the S3 traffic the VPC needs.'
        : '(sessions on other directory buckets and access points, and every Regional (bucket-level) S3 Express call). Add ' +
          'statements for the S3 Express traffic the VPC needs with endpoint.addToPolicy().';
      Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointDefaultPolicyReplaced',
        `${label} gateway endpoint ${path} had no policy of its own, so CloudFormation's default let every ${label} request from the VPC ` +
        `through it. The statements of its ${this.service.users} replace that default: now only requests through the approved ` +
        `access points${allowances} pass, and every other ${label} request from the VPC through it is denied ${denied}`);
    }
    const open = others.find(st => allowsAll(st, this.service.suffix));
    if (open) {
      Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointAllowsAll',
        `${label} gateway endpoint ${path} has a statement${open.Sid ? ` (${open.Sid})` : ''} that allows every ${label} request (Allow, ` +
        `Principal *, Action * or ${this.service.suffix}:*, Resource *, no condition): the statements of its ${this.service.users} restrict nothing, ` +
        'and requests from the VPC reach any bucket, not only through the approved access points. Remove that statement ' +
        '(and add statements for the other traffic the VPC needs) to make the restriction take effect.');
    }
    return [];
  }

  /** The endpoint policy must fit its limit of 20,480 characters. */
  private validateSize(): string[] {
    const cfn = this.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    return checkPolicySize(this, `The policy of ${this.service.label} gateway endpoint ${this.endpoint.node.path}`, cfn.policyDocument, 20_480,
      this.service === S3_ENDPOINT ? 'Approve access points by account (endpointApproval: EndpointApproval.accounts()): that statement ' +
        'stays the same size however many access points there are.' : 'Spread the directory bucket access points over more VPCs.');
  }

  /** Two gateway endpoints of one service on one VPC's route tables fail at deploy time: catch it at synthesis. */
  private validateOneEndpoint(): string[] {
    const others = this.node.root.node.findAll().filter(c => c !== this.endpoint
      && c instanceof ec2.GatewayVpcEndpoint && !GatewayEndpointPolicy.whyNotUsable(c, this.vpc, this.service));
    return others.map(o => `${this.vpc.node.path} has a second ${this.service.label} gateway endpoint, ${o.node.path}, beside ${this.endpoint.node.path} ` +
      `which its ${this.service.users} use: pass that endpoint as \`endpoint\` to the access points instead`);
  }
}
