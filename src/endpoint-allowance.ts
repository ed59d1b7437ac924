import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * S3 traffic, other than through access points, that a VPC's S3 gateway endpoint still lets pass
 * once this library restricts its policy.
 *
 * A restrictive endpoint policy denies every S3 request it does not allow, including requests to
 * buckets that AWS services own: without `ECR`, image pulls fail; without `AMAZON_LINUX`, `yum` and
 * `dnf` fail; without `SSM`, Systems Manager agents and patching fail; without `CLOUDFORMATION`,
 * custom resources and wait conditions in the VPC time out. The bucket names come from
 * aws-samples/data-perimeter-policy-examples; they need the VPC stack's concrete region.
 */
export class EndpointAllowance {
  /** ECR image layers: `s3:GetObject` on `prod-REGION-starport-layer-bucket`. */
  public static readonly ECR = new EndpointAllowance('ECR', ['s3:GetObject'], ['prod-{region}-starport-layer-bucket']);

  /** Amazon Linux package repositories (AL1, AL2, AL2023): `s3:GetObject`. */
  public static readonly AMAZON_LINUX = new EndpointAllowance('AMAZON_LINUX', ['s3:GetObject'], [
    'packages.{region}.amazonaws.com', 'repo.{region}.amazonaws.com', 'amazonlinux.{region}.amazonaws.com',
    'amazonlinux-2-repos-{region}', 'al2023-repos-{region}-de612dc2',
  ]);

  /** AWS Systems Manager agent, documents, distributor and patch baselines: `s3:GetObject`. */
  public static readonly SSM = new EndpointAllowance('SSM', ['s3:GetObject'], [
    'aws-ssm-{region}', 'amazon-ssm-{region}', 'amazon-ssm-packages-{region}', '{region}-birdwatcher-prod',
    'aws-ssm-distributor-file-{region}', 'aws-ssm-document-attachments-{region}', 'patch-baseline-snapshot-{region}',
  ]);

  /** The CloudWatch agent's downloads: `s3:GetObject`. */
  public static readonly CLOUDWATCH_AGENT = new EndpointAllowance('CLOUDWATCH_AGENT', ['s3:GetObject'], [
    'amazoncloudwatch-agent-{region}', 'amazoncloudwatch-agent',
  ]);

  /** The CodeDeploy agent's downloads: `s3:GetObject`. */
  public static readonly CODEDEPLOY = new EndpointAllowance('CODEDEPLOY', ['s3:GetObject'], ['aws-codedeploy-{region}']);

  /** CloudFormation custom resource responses and wait condition signals (presigned `s3:PutObject`). */
  public static readonly CLOUDFORMATION = new EndpointAllowance('CLOUDFORMATION', ['s3:PutObject'], [
    'cloudformation-waitcondition-{region}', 'cloudformation-custom-resource-response-{regionWithoutDashes}',
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
   * @param bucketPatterns bucket names, with `{region}` / `{regionWithoutDashes}` placeholders
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
   * @internal
   */
  public _toStatement(partition: string, region: string): iam.PolicyStatement {
    const buckets = this.bucketPatterns.map(b => b.replace('{regionWithoutDashes}', region.replace(/-/g, '')).replace('{region}', region));
    return new iam.PolicyStatement({
      sid: this.name.startsWith('buckets:') ? 'AllowNamedBuckets' : `Allow${this.name.split('_').map(w => w[0] + w.slice(1).toLowerCase()).join('')}`,
      principals: [new iam.StarPrincipal()],
      actions: this.actions,
      resources: buckets.flatMap(b => [
        ...(this.includeBuckets ? [`arn:${partition}:s3:::${b}`] : []),
        `arn:${partition}:s3:::${b}/*`,
      ]),
    });
  }
}
