import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccessPointGuardrails, OrganizationGuardrail, OrganizationPolicyType } from '../src';

describe('AccessPointGuardrails', () => {
  test('requireVpcNetworkOrigin: SCP statements without a principal, on every way to create an access point', () => {
    const condition = (key: string) => ({
      StringNotEquals: { [key]: 'VPC' },
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/platform-admin'] },
    });
    expect(AccessPointGuardrails.requireVpcNetworkOrigin({ exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin'] }).toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyAccessPointsOutsideVpc',
        Effect: 'Deny',
        Action: ['s3:CreateAccessPoint', 's3:CreateAccessPointForObjectLambda', 's3:CreateMultiRegionAccessPoint'],
        Resource: '*',
        Condition: condition('s3:AccessPointNetworkOrigin'),
      }, {
        Sid: 'DenyDirectoryBucketAccessPointsOutsideVpc',
        Effect: 'Deny',
        Action: 's3express:CreateAccessPoint',
        Resource: '*',
        Condition: condition('s3express:AccessPointNetworkOrigin'),
      }],
    });
  });

  test('requireAccessPoints as an SCP: data actions only, on the buckets in any partition, no principal', () => {
    const [statement] = AccessPointGuardrails.requireAccessPoints({
      policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY,
      bucketNames: ['lake'],
      accessPointAccounts: ['111111111111'],
    }).toJSON().Statement;
    expect(statement.Principal).toBeUndefined();
    expect(statement.Action).toContain('s3:GetObject*');
    expect(statement.Action).not.toContain('s3:PutBucketPolicy');
    // Replication writes land directly in the bucket, never through an access point: denied too.
    // (s3:Replicate*: ReplicateObject, ReplicateDelete, ReplicateTags, ReplicateObjectAnnotation in the snapshot.)
    expect(statement.Action).toEqual(expect.arrayContaining(['s3:Replicate*', 's3:GetObject*', 's3:ListBucket*', 's3:PutObject*']));
    expect(statement.Resource).toEqual(['arn:*:s3:::lake', 'arn:*:s3:::lake/*']);
    expect(statement.Condition).toEqual({ StringNotEquals: { 's3:DataAccessPointAccount': ['111111111111'] } });
  });

  test('requireAccessPoints as an RCP: principal "*", and AWS services acting for themselves are not affected', () => {
    const [statement] = AccessPointGuardrails.requireAccessPoints({
      policyType: OrganizationPolicyType.RESOURCE_CONTROL_POLICY,
      bucketNames: ['lake'],
      accessPointAccounts: ['111111111111', '222222222222'],
      exemptPrincipalArns: ['arn:aws:iam::111111111111:role/replication'],
    }).toJSON().Statement;
    expect(statement.Principal).toBe('*');
    expect(statement.Condition).toEqual({
      StringNotEquals: { 's3:DataAccessPointAccount': ['111111111111', '222222222222'] },
      ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/replication'] },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    });
  });

  test('requireAccessPoints also denies the export configurations to all but the exempt and the deployment roles', () => {
    const [, exports] = AccessPointGuardrails.requireAccessPoints({
      policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY,
      bucketNames: ['lake'],
      accessPointAccounts: ['111111111111'],
      exemptPrincipalArns: ['arn:aws:iam::111111111111:role/admin'],
    }).toJSON().Statement;
    expect(exports.Sid).toBe('DenyExportConfiguration');
    expect(exports.Action).toEqual(expect.arrayContaining(['s3:PutBucketLogging', 's3:PutInventoryConfiguration', 's3:PutReplicationConfiguration',
      's3:CreateBucketMetadataTableConfiguration', 's3:PutBucketNotification']));
    expect(exports.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/admin', 'arn:*:iam::*:role/cdk-*-cfn-exec-role-*'] } });
  });

  test('requireAccessPoints with a directory bucket: S3 Express actions on its S3 Express ARN', () => {
    const statements = AccessPointGuardrails.requireAccessPoints({
      policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY,
      bucketNames: ['logs--use1-az4--x-s3'],
      accessPointAccounts: ['111111111111'],
      deploymentRoleArns: [],
    }).toJSON().Statement;
    expect(statements).toEqual([{
      Sid: 'DenyDirectoryBucketSessionsOutsideAccessPoints',
      Effect: 'Deny',
      Action: 's3express:CreateSession',
      Resource: 'arn:*:s3express:*:*:bucket/logs--use1-az4--x-s3',
      Condition: { StringNotEquals: { 's3express:DataAccessPointAccount': ['111111111111'] } },
    }, {
      Sid: 'DenyDirectoryBucketExportConfiguration',
      Effect: 'Deny',
      Action: 's3express:PutInventoryConfiguration',
      Resource: 'arn:*:s3express:*:*:bucket/logs--use1-az4--x-s3',
    }]);
  });

  test('a policy over 5,120 characters fails with its size and the way out', () => {
    const bucketNames = Array.from({ length: 120 }, (_, i) => `data-lake-bucket-number-${i}`);
    expect(() => AccessPointGuardrails.requireAccessPoints({ policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY, bucketNames, accessPointAccounts: ['111111111111'] }))
      .toThrow(/AccessPointGuardrails.requireAccessPoints: the policy is [\d,]+ characters; SCPs and RCPs are limited to 5,120\. Split the buckets/);
  });

  test('requireAccessPoints needs buckets and accounts', () => {
    expect(() => AccessPointGuardrails.requireAccessPoints({ policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY, bucketNames: [], accessPointAccounts: ['111111111111'] }))
      .toThrow(/bucketNames and accessPointAccounts must each name at least one/);
  });
});

test('OrganizationGuardrail deploys the document as an organization policy', () => {
  const stack = new Stack(new App(), 'Management');
  new OrganizationGuardrail(stack, 'VpcOnly', {
    policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY,
    policyName: 'vpc-access-points-only',
    document: AccessPointGuardrails.requireVpcNetworkOrigin(),
    targetIds: ['ou-abcd-12345678'],
  });
  Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', {
    Type: 'SERVICE_CONTROL_POLICY',
    Name: 'vpc-access-points-only',
    TargetIds: ['ou-abcd-12345678'],
    Content: {
      Version: '2012-10-17',
      Statement: [
        Match.objectLike({ Sid: 'DenyAccessPointsOutsideVpc', Effect: 'Deny', Action: Match.arrayWith(['s3:CreateAccessPoint']) }),
        Match.objectLike({ Sid: 'DenyDirectoryBucketAccessPointsOutsideVpc', Effect: 'Deny', Action: 's3express:CreateAccessPoint' }),
      ],
    },
  });
});
