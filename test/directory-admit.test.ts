/*
 * SharedDirectoryBucket.admitAccessPoint: a partner's directory bucket access point made outside the
 * app, admitted by its ARN for the operations and session mode of the levels given.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AccessLevel, AdmitDirectoryAccessPointOptions, SharedDirectoryBucket } from '../src';
import { Decision, evaluateWithoutContextFiltering } from './support/access-evaluator';
import { resolveTemplates } from './support/resolve-template';

const ACCOUNT = '111111111111';
const PARTNER = '222222222222';
const PARTNER_AP = `arn:aws:s3express:us-east-1:${PARTNER}:accesspoint/theirs--use1-az4--xa-s3`;
const BUCKET_ARN = `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/fast--use1-az4--x-s3`;

function build(admit?: AdmitDirectoryAccessPointOptions) {
  const stack = new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3', accessPointAccounts: [ACCOUNT, PARTNER] });
  if (admit) bucket.admitAccessPoint(admit);
  return { stack, bucket };
}

/** The bucket leg of a session through an access point: the bucket policy alone decides. */
function bucketLeg(stack: Stack, accessPointArn: string, sessionMode: string, permissions: string[]): Decision {
  const [template] = resolveTemplates([{ ...Template.fromStack(stack).toJSON(), account: ACCOUNT }]);
  const policy = Object.values(template.Resources ?? {}).find(r => r.Type === 'AWS::S3Express::BucketPolicy')!.Properties.PolicyDocument;
  return evaluateWithoutContextFiltering({
    principal: `arn:aws:iam::${PARTNER}:role/partner`,
    action: 's3express:CreateSession',
    resource: BUCKET_ARN,
    accountId: PARTNER,
    context: {
      'aws:SecureTransport': 'true',
      's3express:SessionMode': sessionMode,
      's3express:DataAccessPointArn': accessPointArn,
      's3express:DataAccessPointAccount': accessPointArn.split(':')[4],
      's3express:Permissions': permissions,
    },
    identityPolicies: [],
    resourcePolicy: policy,
    endpointPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

describe('SharedDirectoryBucket.admitAccessPoint', () => {
  test('evaluator: a READ admission lets ReadOnly sessions of read operations through that access point; not ReadWrite, not writes, not another one', () => {
    const { stack } = build({ accessPointArn: PARTNER_AP, levels: [AccessLevel.READ] });
    expect(bucketLeg(stack, PARTNER_AP, 'ReadOnly', ['GetObject', 'ListBucket'])).toBe('Allowed');
    expect(bucketLeg(stack, PARTNER_AP, 'ReadWrite', ['GetObject', 'ListBucket'])).toBe('ImplicitlyDenied');
    expect(bucketLeg(stack, PARTNER_AP, 'ReadOnly', ['GetObject', 'PutObject'])).toBe('ImplicitlyDenied');
    expect(bucketLeg(stack, PARTNER_AP.replace('theirs', 'second'), 'ReadOnly', ['GetObject'])).toBe('ImplicitlyDenied');
    // Without the admission, the bucket admits nothing through it (and says so).
    const before = build().stack;
    expect(bucketLeg(before, PARTNER_AP, 'ReadOnly', ['GetObject', 'ListBucket'])).toBe('ImplicitlyDenied');
    const admitsNothing = (s: Stack) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('accountAdmitsNothing'));
    expect(admitsNothing(before)).toHaveLength(1);
    expect(admitsNothing(stack)).toHaveLength(0);
  });

  test('a WRITE admission: ReadWrite sessions with the write operations only', () => {
    const { stack } = build({ accessPointArn: PARTNER_AP, levels: [AccessLevel.WRITE] });
    expect(bucketLeg(stack, PARTNER_AP, 'ReadWrite', ['PutObject', 'AbortMultipartUpload'])).toBe('Allowed');
    expect(bucketLeg(stack, PARTNER_AP, 'ReadWrite', ['PutObject', 'DeleteObject'])).toBe('ImplicitlyDenied');
  });

  test.each([
    ['a general purpose access point ARN', `arn:aws:s3:us-east-1:${PARTNER}:accesspoint/theirs`, [AccessLevel.READ], /is not a directory bucket access point ARN/],
    ['another zone', PARTNER_AP.replace('use1-az4', 'use1-az5'), [AccessLevel.READ], /must end with '--use1-az4--xa-s3'/],
    ['an account not delegated to', PARTNER_AP.replace(PARTNER, '333333333333'), [AccessLevel.READ], /account 333333333333 is not in accessPointAccounts/],
    ['the bucket\'s own account', PARTNER_AP.replace(PARTNER, ACCOUNT), [AccessLevel.READ], /bucket's own account/],
    ['no levels', PARTNER_AP, [], /levels must name at least one access level/],
  ])('refuses %s', (_what, accessPointArn, levels, rule) => {
    expect(() => build({ accessPointArn, levels })).toThrow(/^Stack\/Fast: invalid admitAccessPoint:/);
    expect(() => build({ accessPointArn, levels })).toThrow(rule);
  });
});
