/*
 * Scenarios S2/S3, VPC-only access: an application in a VPC reads `app/` and an ingest job writes
 * `incoming/`, each through a VPC-only access point. Both share the VPC's S3 gateway endpoint, whose
 * policy lets through only requests made through approved access points, plus ECR image layers and
 * Amazon Linux repositories. A partner outside the VPC uses an internet access point. The bucket
 * denies object requests that come neither through an access point nor from the VPC.
 *
 * Presets name AWS-owned buckets by region, so the stack needs a concrete region.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { EndpointAllowance, EndpointApproval, PrefixAccessPoint, SharedDataBucket, VpcOnlyAccessPoint } from '../src';

/** Properties of the example stack. */
export interface VpcOnlyStackProps extends StackProps {
  /** How the endpoint approves access points. @default EndpointApproval.ACCESS_POINT */
  readonly endpointApproval?: EndpointApproval;
  /** Whether the bucket denies object requests from outside the access points and the VPC. @default true */
  readonly denyOutside?: boolean;
}

export class VpcOnlyStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly data: SharedDataBucket;
  public readonly app: VpcOnlyAccessPoint;
  public readonly ingest: VpcOnlyAccessPoint;
  public readonly partners: PrefixAccessPoint;
  public readonly appRole: iam.Role;
  public readonly ingestRole: iam.Role;
  public readonly partnerRole: iam.Role;

  constructor(scope: Construct, id: string, props: VpcOnlyStackProps = {}) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    this.data = new SharedDataBucket(this, 'Data');
    if (props.denyOutside ?? true) {
      this.data.denyObjectRequestsOutside({ vpcs: [this.vpc] });
    }

    const ec2Principal = new iam.ServicePrincipal('ec2.amazonaws.com');
    this.appRole = new iam.Role(this, 'AppRole', { assumedBy: ec2Principal });
    this.ingestRole = new iam.Role(this, 'IngestRole', { assumedBy: ec2Principal });
    this.partnerRole = new iam.Role(this, 'PartnerRole', { assumedBy: new iam.AccountRootPrincipal() });

    // The first VPC-only access point creates the VPC's S3 gateway endpoint; the second shares it.
    this.app = this.data.addVpcOnlyAccessPoint('App', {
      vpc: this.vpc,
      accessPointName: 'app-reader',
      prefix: 'app/',
      endpointApproval: props.endpointApproval,
      endpointAllowances: [EndpointAllowance.ECR, EndpointAllowance.AMAZON_LINUX],
    });
    this.app.grantRead(this.appRole);
    this.ingest = this.data.addVpcOnlyAccessPoint('Ingest', {
      vpc: this.vpc,
      accessPointName: 'app-ingest',
      prefix: 'incoming/',
      endpointApproval: props.endpointApproval,
    });
    this.ingest.grantWrite(this.ingestRole);

    this.partners = this.data.addPrefixAccessPoint('Partners', { accessPointName: 'partners', prefix: 'shared/' });
    this.partners.grantReadWrite(this.partnerRole);
  }
}

if (require.main === module) {
  const app = new App();
  new VpcOnlyStack(app, 'VpcOnly', { env: { region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' } });
  app.synth();
}
