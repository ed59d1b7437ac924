import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessPointGuardrails, OrganizationGuardrail, OrganizationPolicyType } from '../src';

describe('AccessPointGuardrails', () => {
  test('requireVpcNetworkOrigin: an SCP statement without a principal, on s3:CreateAccessPoint', () => {
    expect(AccessPointGuardrails.requireVpcNetworkOrigin({ exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin'] }).toJSON()).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'DenyAccessPointsOutsideVpc',
        Effect: 'Deny',
        Action: 's3:CreateAccessPoint',
        Resource: '*',
        Condition: {
          StringNotEquals: { 's3:AccessPointNetworkOrigin': 'VPC' },
          ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/platform-admin'] },
        },
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
    Content: { Version: '2012-10-17', Statement: [{ Sid: 'DenyAccessPointsOutsideVpc', Effect: 'Deny', Action: 's3:CreateAccessPoint' }] },
  });
});
