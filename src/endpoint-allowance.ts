import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * S3 traffic, other than through access points, that a VPC's S3 gateway endpoint still lets pass
 * once this library restricts its policy.
 *
 * A restrictive endpoint policy denies every S3 request it does not allow, including requests to
 * buckets that AWS services own: without `ECR`, image pulls fail; without `AMAZON_LINUX`, `yum` and
 * `dnf` fail; without `SSM`, Systems Manager agents and patching fail; without `CLOUDFORMATION`,
 * custom resources and wait conditions in the VPC time out.
 *
 * Source of every preset: the `AllowRequestsToAWSOwnedResources` statement of
 * aws-samples/data-perimeter-policy-examples, `vpc_endpoint_policies/s3_endpoint_policy.json`
 * (https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json,
 * read at commit 031eaa58). Together the presets cover every bucket it lists. The bucket names
 * need the VPC stack's concrete region.
 */
export class EndpointAllowance {
  /**
   * ECR image layers: `s3:GetObject` on `prod-REGION-starport-layer-bucket`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`; Amazon ECR user guide,
   * "Amazon ECR interface VPC endpoints", minimum S3 gateway endpoint policy.
   */
  public static readonly ECR = new EndpointAllowance('ECR', ['s3:GetObject'], ['prod-{region}-starport-layer-bucket']);

  /**
   * Amazon Linux package repositories (AL1, AL2, AL2023) and AL2023 kernel live patching: `s3:GetObject` on
   * `packages.REGION.amazonaws.com`, `repo.REGION.amazonaws.com`, `amazonlinux.REGION.amazonaws.com`,
   * `amazonlinux-2-repos-REGION`, `al2023-repos-REGION-de612dc2`, `al2023-REGION`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly AMAZON_LINUX = new EndpointAllowance('AMAZON_LINUX', ['s3:GetObject'], [
    'packages.{region}.amazonaws.com', 'repo.{region}.amazonaws.com', 'amazonlinux.{region}.amazonaws.com',
    'amazonlinux-2-repos-{region}', 'al2023-repos-{region}-de612dc2', 'al2023-{region}',
  ]);

  /**
   * AWS Systems Manager: the agent, documents, Distributor, patch baselines, and the Windows and
   * macOS downloads of Patch Manager: `s3:GetObject` on `aws-ssm-REGION`, `aws-windows-downloads-REGION`,
   * `amazon-ssm-REGION`, `amazon-ssm-packages-REGION`, `REGION-birdwatcher-prod`,
   * `aws-ssm-distributor-file-REGION`, `aws-ssm-document-attachments-REGION`,
   * `patch-baseline-snapshot-REGION`, `aws-patchmanager-macos-REGION`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`; AWS Systems Manager user guide,
   * "Amazon S3 bucket permissions for SSM Agent".
   */
  public static readonly SSM = new EndpointAllowance('SSM', ['s3:GetObject'], [
    'aws-ssm-{region}', 'aws-windows-downloads-{region}', 'amazon-ssm-{region}', 'amazon-ssm-packages-{region}',
    '{region}-birdwatcher-prod', 'aws-ssm-distributor-file-{region}', 'aws-ssm-document-attachments-{region}',
    'patch-baseline-snapshot-{region}', 'aws-patchmanager-macos-{region}',
  ]);

  /**
   * The CloudWatch agent's downloads: `s3:GetObject` on `amazoncloudwatch-agent-REGION`, `amazoncloudwatch-agent`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly CLOUDWATCH_AGENT = new EndpointAllowance('CLOUDWATCH_AGENT', ['s3:GetObject'], [
    'amazoncloudwatch-agent-{region}', 'amazoncloudwatch-agent',
  ]);

  /**
   * The CodeDeploy agent's downloads: `s3:GetObject` on `aws-codedeploy-REGION`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly CODEDEPLOY = new EndpointAllowance('CODEDEPLOY', ['s3:GetObject'], ['aws-codedeploy-{region}']);

  /**
   * Amazon EMR in a private subnet: its package repository and application metadata,
   * `s3:GetObject` on `repo.REGION.emr.amazonaws.com`, `prod.REGION.appinfo.src`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`; Amazon EMR management guide,
   * "Minimum Amazon S3 policy for private subnet".
   */
  public static readonly EMR = new EndpointAllowance('EMR', ['s3:GetObject'], [
    'repo.{region}.emr.amazonaws.com', 'prod.{region}.appinfo.src',
  ]);

  /**
   * EC2 Image Builder: the task orchestrator (AWSTOE) and managed components, `s3:GetObject` on
   * `ec2imagebuilder-toe-REGION-prod` and `ec2imagebuilder-managed-resources-REGION-prod/components/`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly EC2_IMAGE_BUILDER = new EndpointAllowance('EC2_IMAGE_BUILDER', ['s3:GetObject'], [
    'ec2imagebuilder-toe-{region}-prod', 'ec2imagebuilder-managed-resources-{region}-prod/components/',
  ]);

  /**
   * AWS Application Migration Service (MGN) replication agents: `s3:GetObject` on `aws-mgn-clients-REGION`,
   * `aws-mgn-clients-hashes-REGION`, `aws-mgn-internal-REGION`, `aws-mgn-internal-hashes-REGION`,
   * `aws-application-migration-service-REGION`, `aws-application-migration-service-hashes-REGION`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly APPLICATION_MIGRATION_SERVICE = new EndpointAllowance('APPLICATION_MIGRATION_SERVICE', ['s3:GetObject'], [
    'aws-mgn-clients-{region}', 'aws-mgn-clients-hashes-{region}', 'aws-mgn-internal-{region}', 'aws-mgn-internal-hashes-{region}',
    'aws-application-migration-service-{region}', 'aws-application-migration-service-hashes-{region}',
  ]);

  /**
   * AWS Elastic Disaster Recovery (DRS) replication agents: `s3:GetObject` on `aws-drs-clients-REGION`,
   * `aws-drs-clients-hashes-REGION`, `aws-drs-internal-REGION`, `aws-drs-internal-hashes-REGION`,
   * `aws-elastic-disaster-recovery-REGION`, `aws-elastic-disaster-recovery-hashes-REGION`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly ELASTIC_DISASTER_RECOVERY = new EndpointAllowance('ELASTIC_DISASTER_RECOVERY', ['s3:GetObject'], [
    'aws-drs-clients-{region}', 'aws-drs-clients-hashes-{region}', 'aws-drs-internal-{region}', 'aws-drs-internal-hashes-{region}',
    'aws-elastic-disaster-recovery-{region}', 'aws-elastic-disaster-recovery-hashes-{region}',
  ]);

  /**
   * AWS Certificate Manager for Nitro Enclaves: `s3:GetObject` on `aws-ec2-enclave-certificate-REGION-prod`.
   *
   * Source: data-perimeter-policy-examples `s3_endpoint_policy.json`.
   */
  public static readonly NITRO_ENCLAVES = new EndpointAllowance('NITRO_ENCLAVES', ['s3:GetObject'], ['aws-ec2-enclave-certificate-{region}-prod']);

  /**
   * CloudFormation custom resource responses and wait condition signals of the endpoint's own
   * account: `s3:PutObject` on `cloudformation-waitcondition-REGION` and
   * `cloudformation-custom-resource-response-REGIONWITHOUTDASHES`, only on keys that begin with a
   * stack ARN of the endpoint's account and region (`arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/`).
   *
   * CloudFormation names the object of a presigned response URL after the stack it belongs to: the
   * key of a custom resource response is `STACK_ARN|LOGICAL_ID|REQUEST_ID` (AWS Lambda developer
   * guide, "Using Lambda with CloudFormation", the `ResponseURL` of the message event,
   * https://docs.aws.amazon.com/lambda/latest/dg/services-cloudformation.html), and a wait condition
   * handle's URL names `STACK_ARN/HANDLE`. Any key would let a workload write up to 4 KB per response
   * to a presigned URL of a stack in another account, an attacker's, and read it back there.
   *
   * Source of the buckets: data-perimeter-policy-examples `s3_endpoint_policy.json`, which lists them
   * under `s3:GetObject`; the response and the signal are uploads to a presigned URL, so this preset
   * allows `s3:PutObject` (AWS CloudFormation user guide, "Custom resources": the response is sent
   * with an HTTPS PUT to a presigned S3 URL).
   */
  public static readonly CLOUDFORMATION = new EndpointAllowance('CLOUDFORMATION', ['s3:PutObject'], [
    'cloudformation-waitcondition-{region}/arn:{partition}:cloudformation:{region}:{account}:stack/',
    'cloudformation-custom-resource-response-{regionWithoutDashes}/arn:{partition}:cloudformation:{region}:{account}:stack/',
  ]);

  /**
   * Any S3 request to these buckets and their objects, e.g. a bucket the VPC's workloads use directly.
   *
   * @param bucketNames bucket names (not ARNs)
   */
  public static buckets(bucketNames: string[]): EndpointAllowance {
    return new EndpointAllowance(`buckets:${bucketNames.join(',')}`, ['s3:*'], bucketNames, true);
  }

  /**
   * @param name identifies the allowance, so that it is written once per endpoint
   * @param actions the S3 actions allowed
   * @param bucketPatterns bucket names, with `{region}` / `{regionWithoutDashes}` placeholders; a
   *   pattern with a `/` is a bucket and a key prefix, and allows only the keys under that prefix
   * @param includeBuckets whether the bucket itself (not only its objects) is a resource
   */
  private constructor(
    /** Identifies the allowance, so that it is written once per endpoint. */
    public readonly name: string,
    private readonly actions: string[],
    private readonly bucketPatterns: string[],
    private readonly includeBuckets: boolean = false,
  ) {}

  /**
   * Whether the bucket names depend on the region.
   * @internal
   */
  public get _needsRegion(): boolean {
    return this.bucketPatterns.some(b => b.includes('{region'));
  }

  /**
   * The endpoint policy statement for this allowance in a region.
   *
   * @param partition the AWS partition, e.g. `aws`
   * @param region a concrete region, e.g. `eu-west-1`
   * @param account the endpoint's account (a token is fine), for the presets that name its stacks
   * @internal
   */
  public _toStatement(partition: string, region: string, account: string = '*'): iam.PolicyStatement {
    const buckets = this.bucketPatterns.map(b => b.replace('{regionWithoutDashes}', region.replace(/-/g, '')).replace(/\{region\}/g, region)
      .replace(/\{partition\}/g, partition).replace(/\{account\}/g, account));
    return new iam.PolicyStatement({
      sid: this.name.startsWith('buckets:') ? 'AllowNamedBuckets' : `Allow${this.name.split('_').map(w => w[0] + w.slice(1).toLowerCase()).join('')}`,
      principals: [new iam.StarPrincipal()],
      actions: this.actions,
      resources: buckets.flatMap(b => b.includes('/') ? [`arn:${partition}:s3:::${b}*`] : [
        ...(this.includeBuckets ? [`arn:${partition}:s3:::${b}`] : []),
        `arn:${partition}:s3:::${b}/*`,
      ]),
    });
  }
}
