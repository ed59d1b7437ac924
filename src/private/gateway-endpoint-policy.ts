import { Annotations, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { checkPolicySize, readable } from './policy-size';
import { EndpointAllowance } from '../endpoint-allowance';

/*
 * The part of an S3 gateway endpoint's policy that this library writes: one per endpoint, shared by
 * every VPC-only access point on it. Statements are added to the endpoint with addToPolicy, after
 * any the endpoint already has (never replacing them), once each; their condition values (and, for
 * approval by account, the resources: access points of the accounts and the trusted buckets) are
 * rendered lazily from what the access points registered. At synthesis it warns where the
 * endpoint's own statements make the library's a silent change (see warnAboutOthersStatements).
 * An endpoint imported into the app (ec2.IGatewayVpcEndpoint) has a policy the library cannot write:
 * the same statements are rendered, and synthesis warns once per endpoint with what its owner must add.
 */

const ID = 'S3AccessPointsPolicy';

/** The endpoints this library created (quiet: nobody else's traffic used them before). */
const createdEndpoints = new WeakSet<IConstruct>();

/**
 * The bucket's ARN as the endpoint's stack can write it without a reference to another stack
 * (which would make the endpoint's stack depend on the bucket's, and cycle with
 * denyObjectRequestsOutside): the bucket's own ARN in the same stack, else its concrete name.
 */
function bucketArnFor(endpointStack: Stack, bucket: s3.IBucket): string | undefined {
  if (Stack.of(bucket) === endpointStack) return bucket.bucketArn;
  const cfn = bucket.node.defaultChild;
  const name = !Token.isUnresolved(bucket.bucketName) ? bucket.bucketName
    : cfn instanceof s3.CfnBucket && typeof cfn.bucketName === 'string' && !Token.isUnresolved(cfn.bucketName) ? cfn.bucketName
      : undefined;
  return name === undefined ? undefined : `arn:${endpointStack.partition}:s3:::${name}`;
}

/** An endpoint statement that lets every S3 request pass: Allow, principal *, action * or s3:*, resource *, no condition. */
function allowsAll(statement: any): boolean {
  const list = (v: any): any[] => (Array.isArray(v) ? v : [v]);
  const principals = statement.Principal === '*' ? ['*'] : list(statement.Principal?.AWS);
  return statement.Effect === 'Allow'
    && principals.includes('*')
    && list(statement.Action).some(a => typeof a === 'string' && ['*', 's3:*'].includes(a.toLowerCase()))
    && list(statement.Resource).includes('*')
    && Object.keys(statement.Condition ?? {}).length === 0;
}

/** Does this construct's CloudFormation endpoint serve S3, as a gateway? '' if so, else why not. */
function whyNotS3Gateway(endpoint: IConstruct): string {
  const cfn = endpoint.node.defaultChild;
  if (!(endpoint instanceof ec2.GatewayVpcEndpoint) || !(cfn instanceof ec2.CfnVPCEndpoint)) {
    return `${endpoint.node.path} is not a gateway endpoint created in this app (ec2.GatewayVpcEndpoint)`;
  }
  const service = JSON.stringify(Stack.of(endpoint).resolve(cfn.serviceName));
  if (!/\.s3"(\]\]\})?$/.test(service)) {
    return `${endpoint.node.path} is a gateway endpoint for ${service}, not for S3`;
  }
  return '';
}

export class GatewayEndpointPolicy extends Construct {
  /** The policy part of this library on an endpoint, created on first use (check the endpoint with whyNotUsable first). */
  public static of(endpoint: ec2.GatewayVpcEndpoint, vpc: ec2.IVpc): GatewayEndpointPolicy {
    const existing = endpoint.node.tryFindChild(ID);
    if (existing instanceof GatewayEndpointPolicy) {
      return existing;
    }
    return new GatewayEndpointPolicy(endpoint, vpc);
  }

  /**
   * The S3 gateway endpoint this library creates for a VPC, shared by every VPC-only access point on it.
   */
  public static endpointFor(vpc: ec2.IVpc): ec2.GatewayVpcEndpoint {
    const id = 'S3AccessPointsEndpoint';
    const existing = vpc.node.tryFindChild(id);
    if (existing instanceof ec2.GatewayVpcEndpoint) {
      return existing;
    }
    const endpoint = new ec2.GatewayVpcEndpoint(vpc, id, { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
    createdEndpoints.add(endpoint);
    return endpoint;
  }

  /**
   * The statements of this library for an S3 gateway endpoint imported into the app, whose policy
   * it cannot write: said once per endpoint at synthesis, for its owner to add.
   */
  public static ofImported(endpoint: ec2.IGatewayVpcEndpoint, vpc: ec2.IVpc): GatewayEndpointPolicy {
    const existing = endpoint.node.tryFindChild(ID);
    if (existing instanceof GatewayEndpointPolicy) {
      return existing;
    }
    return new GatewayEndpointPolicy(endpoint, vpc, []);
  }

  /** Why this endpoint cannot serve VPC-only access points ('' if it can). */
  public static whyNotUsable(endpoint: IConstruct, vpc: ec2.IVpc): string {
    const why = whyNotS3Gateway(endpoint);
    if (why) return why;
    const cfn = endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    const stack = Stack.of(endpoint);
    if (JSON.stringify(stack.resolve(cfn.vpcId)) !== JSON.stringify(stack.resolve(vpc.vpcId))) {
      return `${endpoint.node.path} belongs to another VPC than ${vpc.node.path}`;
    }
    return '';
  }

  private readonly endpoint: ec2.GatewayVpcEndpoint;
  private readonly vpc: ec2.IVpc;
  /** For an imported endpoint: the statements its owner must add (none: the library writes the endpoint's policy). */
  private readonly notManaged?: iam.PolicyStatement[];
  private readonly accessPointArns: string[] = [];
  private readonly accounts: string[] = [];
  private readonly allowances = new Set<string>();
  /** The buckets of the VPC-only access points on this endpoint. */
  private readonly buckets: s3.IBucket[] = [];
  /** More buckets, by name, that approval by account admits. */
  private readonly trustedBucketNames: string[] = [];
  /** The Sids of the statements this library wrote on the endpoint: every other statement is someone else's. */
  private readonly sids = new Set<string>();

  private constructor(endpoint: ec2.IGatewayVpcEndpoint, vpc: ec2.IVpc, notManaged?: iam.PolicyStatement[]) {
    super(endpoint, ID);
    // Read as a GatewayVpcEndpoint only where notManaged is undefined (an endpoint of this app).
    this.endpoint = endpoint as ec2.GatewayVpcEndpoint;
    this.vpc = vpc;
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
      `S3 gateway endpoint ${id} was imported: this app cannot write its policy, and until its owner adds these statements ` +
      '(beside any it has: an endpoint with no policy lets every S3 request pass, and these then replace that default), requests from ' +
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
    this.approve('AllowApprovedAccessPoints', 's3:DataAccessPointArn', this.accessPointArns, [accessPointArn], ['*']);
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
    this.approve('AllowAccessPointsOfApprovedAccounts', 's3:DataAccessPointAccount', this.accounts, accountIds,
      Lazy.list({ produce: () => this.accountResources() }));
  }

  /** The access points of the approved accounts, and the trusted buckets with their objects. */
  private accountResources(): string[] {
    const stack = Stack.of(this.endpoint);
    const accessPoints = this.accounts.map(a => `arn:${stack.partition}:s3:${stack.region}:${a}:accesspoint/*`);
    const buckets = [
      ...this.buckets.map(b => bucketArnFor(stack, b)).filter((arn): arn is string => arn !== undefined),
      ...this.trustedBucketNames.map(n => `arn:${stack.partition}:s3:::${n}`),
    ].filter((arn, i, all) => all.indexOf(arn) === i);
    return [...accessPoints.flatMap(ap => [ap, `${ap}/object/*`]), ...buckets.flatMap(b => [b, `${b}/*`])];
  }

  /** Adds `values` to an approval list; the first time, adds the statement that renders the list. */
  private approve(sid: string, conditionKey: string, approved: string[], values: string[], resources: string[]): void {
    if (approved.length === 0) {
      this.sids.add(sid);
      this.addStatement(new iam.PolicyStatement({
        sid,
        principals: [new iam.StarPrincipal()],
        actions: ['s3:*'],
        resources,
        conditions: { StringEquals: { [conditionKey]: Lazy.list({ produce: () => approved }) } },
      }));
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
    if (this.accounts.length === 0) return [];
    const stack = Stack.of(this.endpoint);
    return this.buckets.filter(b => bucketArnFor(stack, b) === undefined).map(b =>
      `EndpointApproval.accounts() on S3 gateway endpoint ${this.endpoint.node.path} lets access points of the approved accounts ` +
      `pass only over the buckets it names, but bucket ${b.node.path} is in stack ${Stack.of(b).stackName} and its name is generated ` +
      `at deployment, so stack ${stack.stackName} cannot name it without depending on that stack: give the bucket a bucketName, ` +
      'put the endpoint in the bucket\'s stack, or approve by access point (EndpointApproval.ACCESS_POINT)');
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
    if (!statements.some(s => this.sids.has(s.Sid))) {
      // The CloudFormation property was set directly (an escape hatch): addToPolicy no longer reaches it.
      Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointPolicyOverridden',
        `The policy of S3 gateway endpoint ${path} was set on its CloudFormation resource, which replaces the statements ` +
        'its VPC-only access points add: the endpoint does not restrict S3 requests to them. Add your statements with ' +
        'endpoint.addToPolicy() instead.');
      return [];
    }
    if (createdEndpoints.has(this.endpoint)) return [];
    const others = statements.filter(s => !this.sids.has(s.Sid));
    if (others.length === 0) {
      const allowances = this.allowances.size > 0 ? ` and the endpoint allowances (${[...this.allowances].join(', ')})` : '';
      Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointDefaultPolicyReplaced',
        `S3 gateway endpoint ${path} had no policy of its own, so CloudFormation's default let every S3 request from the VPC ` +
        'through it. The statements of its VPC-only access points replace that default: now only requests through the approved ' +
        `access points${allowances} pass, and every other S3 request from the VPC through it is denied (ECR image layers, ` +
        'yum/dnf repositories, SSM, CloudFormation responses, other buckets). Add endpointAllowances (the EndpointAllowance ' +
        'presets, or EndpointAllowance.buckets([...])) for the S3 traffic the VPC needs.');
    }
    const open = others.find(allowsAll);
    if (open) {
      Annotations.of(this.endpoint).addWarningV2('cdk-s3-access-points:endpointAllowsAll',
        `S3 gateway endpoint ${path} has a statement${open.Sid ? ` (${open.Sid})` : ''} that allows every S3 request (Allow, ` +
        'Principal *, Action * or s3:*, Resource *, no condition): the statements of its VPC-only access points restrict nothing, ' +
        'and requests from the VPC reach any bucket, not only through the approved access points. Remove that statement ' +
        '(and add endpointAllowances for the other traffic the VPC needs) to make the restriction take effect.');
    }
    return [];
  }

  /** The endpoint policy must fit its limit of 20,480 characters. */
  private validateSize(): string[] {
    const cfn = this.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
    return checkPolicySize(this, `The policy of S3 gateway endpoint ${this.endpoint.node.path}`, cfn.policyDocument, 20_480,
      'Approve access points by account (endpointApproval: EndpointApproval.accounts()): that statement stays the same size ' +
      'however many access points there are.');
  }

  /** Two S3 gateway endpoints on one VPC's route tables fail at deploy time: catch it at synthesis. */
  private validateOneEndpoint(): string[] {
    const others = this.node.root.node.findAll().filter(c => c !== this.endpoint
      && c instanceof ec2.GatewayVpcEndpoint && !whyNotS3Gateway(c) && !GatewayEndpointPolicy.whyNotUsable(c, this.vpc));
    return others.map(o => `${this.vpc.node.path} has a second S3 gateway endpoint, ${o.node.path}, beside ${this.endpoint.node.path} ` +
      'which its VPC-only access points use: pass that endpoint as `endpoint` to the access points instead');
  }
}
