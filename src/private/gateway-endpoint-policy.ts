import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { checkPolicySize } from './policy-size';
import { EndpointAllowance } from '../endpoint-allowance';

/*
 * The part of an S3 gateway endpoint's policy that this library writes: one per endpoint, shared by
 * every VPC-only access point on it. Statements are added to the endpoint with addToPolicy, after
 * any the endpoint already has (never replacing them), once each; their condition values are
 * rendered lazily from what the access points registered.
 */

const ID = 'S3AccessPointsPolicy';

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
    return new ec2.GatewayVpcEndpoint(vpc, id, { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
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
  private readonly accessPointArns: string[] = [];
  private readonly accounts: string[] = [];
  private readonly allowances = new Set<string>();

  private constructor(endpoint: ec2.GatewayVpcEndpoint, vpc: ec2.IVpc) {
    super(endpoint, ID);
    this.endpoint = endpoint;
    this.vpc = vpc;
    this.node.addValidation({ validate: () => [...this.validateOneEndpoint(), ...this.validateSize()] });
  }

  /** Let requests through this access point pass the endpoint. */
  public approveAccessPoint(accessPointArn: string): void {
    this.approve('AllowApprovedAccessPoints', 's3:DataAccessPointArn', this.accessPointArns, [accessPointArn]);
  }

  /** Let requests through any access point of these accounts pass the endpoint. */
  public approveAccounts(accountIds: string[]): void {
    this.approve('AllowAccessPointsOfApprovedAccounts', 's3:DataAccessPointAccount', this.accounts, accountIds);
  }

  /**
   * Adds `values` to an approval list; the first time, adds the statement that renders the list.
   * Resource '*': S3 checks the endpoint policy against the access point and against the bucket;
   * the condition holds for both, and only for requests made through an approved access point.
   */
  private approve(sid: string, conditionKey: string, approved: string[], values: string[]): void {
    if (approved.length === 0) {
      this.endpoint.addToPolicy(new iam.PolicyStatement({
        sid,
        principals: [new iam.StarPrincipal()],
        actions: ['s3:*'],
        resources: ['*'],
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
    this.endpoint.addToPolicy(allowance._toStatement(stack.partition, stack.region));
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
