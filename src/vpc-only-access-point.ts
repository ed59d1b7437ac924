import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessPointBase } from './access-point';
import { AccessPointDelegation } from './access-point-delegation';
import { AccessPointOptions } from './access-point-options';
import { EndpointAllowance } from './endpoint-allowance';
import { EndpointApproval } from './endpoint-approval';
import { NetworkDescription } from './private/access-point-description';
import { bucketOf } from './private/bucket-ref';
import { GatewayEndpointPolicy, S3_ENDPOINT } from './private/gateway-endpoint-policy';
import { delegationOf } from './private/registry';
import { throwIfInvalid } from './private/rules';

/**
 * Options of a `VpcOnlyAccessPoint` on a given bucket (see `SharedDataBucket.addVpcOnlyAccessPoint`).
 */
export interface VpcOnlyAccessPointOptions extends AccessPointOptions {
  /**
   * The VPC the access point accepts requests from, and only from. Changing it replaces the access point.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The VPC's S3 gateway endpoint. For an endpoint made in this app (`ec2.GatewayVpcEndpoint`), the
   * library adds its statements to the endpoint's policy after any it already has; it never replaces
   * a policy it did not write. Synthesis warns when the endpoint had no statements (CloudFormation's
   * default policy let every S3 request pass, and the library's statements replace it: add
   * `endpointAllowances` for other traffic) and when one of its statements allows every S3 request
   * (the library's restriction then does nothing).
   *
   * An endpoint that exists already (`ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(this, 'S3', 'vpce-...')`)
   * has a policy the library cannot write: synthesis warns once per endpoint with the exact
   * statements its owner must add, and the access report marks the endpoint as not managed. The
   * library cannot check that it is the VPC's S3 gateway endpoint.
   *
   * @default - the S3 gateway endpoint this library creates for the VPC, shared by all its VPC-only access points
   */
  readonly endpoint?: ec2.IGatewayVpcEndpoint;

  /**
   * Which access point requests the endpoint lets pass: this access point by ARN, or every access
   * point of some accounts over the trusted buckets (see `EndpointApproval.accounts`). Any other S3
   * request through the endpoint is denied unless one of `endpointAllowances` allows it.
   *
   * @default EndpointApproval.ACCESS_POINT
   */
  readonly endpointApproval?: EndpointApproval;

  /**
   * Other S3 traffic the endpoint lets pass (ECR image layers, Amazon Linux repositories, SSM,
   * CloudFormation responses, named buckets). Allowances of all access points on one endpoint add up.
   *
   * @default - none: only requests through approved access points pass the endpoint
   */
  readonly endpointAllowances?: EndpointAllowance[];
}

/**
 * Properties of a `VpcOnlyAccessPoint`.
 */
export interface VpcOnlyAccessPointProps extends VpcOnlyAccessPointOptions {
  /** The bucket the access point serves (an `s3.IBucket`, or an L1 `s3.CfnBucket`: any `s3.IBucketRef`). */
  readonly bucket: s3.IBucketRef;
}

/**
 * An access point whose network origin is a VPC: S3 accepts requests to it only from that VPC,
 * through the VPC's S3 gateway endpoint, whose policy this construct writes.
 *
 * Same prefix, grant and validation behaviour as `PrefixAccessPoint`.
 *
 * @example
 * declare const data: SharedDataBucket;
 * declare const vpc: ec2.IVpc;
 * declare const appRole: iam.Role;
 * const app = new VpcOnlyAccessPoint(this, 'App', { bucket: data, vpc, accessPointName: 'app-reader', prefix: 'app/' });
 * app.grantRead(appRole);
 */
export class VpcOnlyAccessPoint extends AccessPointBase {
  /** The VPC the access point accepts requests from. */
  public readonly vpc: ec2.IVpc;

  /** The S3 gateway endpoint the VPC's requests pass: the one given (made here or imported), or the one this library created. */
  public readonly gatewayEndpoint: ec2.IGatewayVpcEndpoint;

  /** Whether this library writes the endpoint's policy (false for an imported endpoint). */
  public readonly endpointManaged: boolean;

  /** How the endpoint approves this access point. */
  public readonly endpointApproval: EndpointApproval;

  /** The other S3 traffic this access point asked the endpoint to let pass. */
  public readonly endpointAllowances: EndpointAllowance[];

  /** The CloudFormation access point. */
  public readonly resource: s3.CfnAccessPoint;

  constructor(scope: Construct, id: string, props: VpcOnlyAccessPointProps) {
    super(scope, id);
    const errors: string[] = [];
    if (!props.vpc) {
      errors.push('vpc is required: a VPC-only access point accepts requests from one VPC');
    } else {
      errors.push(...GatewayEndpointPolicy.checkGiven(props.endpoint, props.vpc, S3_ENDPOINT));
    }
    throwIfInvalid(this.node.path, errors);

    const bucket = bucketOf(props.bucket);
    // A bucket made elsewhere gets its delegation (once) from the first access point over it.
    if (!delegationOf(bucket)) AccessPointDelegation.of(bucket);
    this.resource = this._createResource(bucket, props, { vpcId: props.vpc.vpcId });
    this.vpc = props.vpc;

    const policy = GatewayEndpointPolicy.forAccessPoint(props.endpoint, props.vpc, S3_ENDPOINT);
    this.gatewayEndpoint = policy.endpoint;
    this.endpointManaged = policy.managed;
    this.endpointApproval = props.endpointApproval ?? EndpointApproval.ACCESS_POINT;
    this.endpointAllowances = props.endpointAllowances ?? [];
    policy.trustBucket(bucket);
    const accounts = this.endpointApproval.accountIds;
    if (accounts === undefined) {
      policy.approveAccessPoint(this.accessPointArn);
    } else {
      policy.approveAccounts(accounts.length > 0 ? accounts : [this.stack.account], this.endpointApproval.trustedBucketNames);
    }
    for (const allowance of this.endpointAllowances) {
      policy.allow(allowance, this);
    }
  }

  /**
   * The S3 gateway endpoint, when it was made in this app. Throws for an imported endpoint: use `gatewayEndpoint`.
   */
  public get endpoint(): ec2.GatewayVpcEndpoint {
    if (!(this.gatewayEndpoint instanceof ec2.GatewayVpcEndpoint)) {
      throw new Error(`${this.node.path}: the gateway endpoint was imported (its policy is not this app's): use gatewayEndpoint`);
    }
    return this.gatewayEndpoint;
  }

  /** @internal */
  protected _describeNetwork(): NetworkDescription {
    return {
      origin: 'VPC',
      vpc: this.vpc,
      endpoint: {
        construct: this.gatewayEndpoint,
        approval: this.endpointApproval.accountIds === undefined ? 'ACCESS_POINT' : 'ACCOUNTS',
        allowances: this.endpointAllowances.map(a => a.name),
        managed: this.endpointManaged,
      },
    };
  }
}
