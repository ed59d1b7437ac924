/*
 * The S3 gateway endpoint statements of VpcOnlyAccessPoint: what approval by account names (the
 * trusted buckets), and the warnings for an endpoint passed in whose own policy makes the library's
 * statements a silent change (threat model: endpoint findings).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EndpointAllowance, EndpointApproval, SharedDataBucket, VpcOnlyAccessPoint } from '../src';

function setup() {
  const stack = new Stack(new App(), 'Stack', { env: { region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const data = new SharedDataBucket(stack, 'Data');
  return { stack, vpc, data };
}

const statements = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'))[0].Properties.PolicyDocument.Statement;
const bySid = (stack: Stack, sid: string) => statements(stack).find((s: any) => s.Sid === sid);
const join = (...parts: any[]) => ({ 'Fn::Join': ['', parts] });
const accessPointsOf = (account: string) => [
  join('arn:', { Ref: 'AWS::Partition' }, `:s3:eu-west-1:${account}:accesspoint/*`),
  join('arn:', { Ref: 'AWS::Partition' }, `:s3:eu-west-1:${account}:accesspoint/*/object/*`),
];
const namedBucket = (name: string) => [join('arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}`), join('arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}/*`)];

describe('EndpointApproval.accounts() names the trusted buckets', () => {
  test('listed accounts: their access points, and the bucket of the VPC-only access point', () => {
    const { stack, vpc, data } = setup();
    data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/', endpointApproval: EndpointApproval.accounts(['111111111111', '222222222222']) });
    const bucketArn = stack.resolve(data.bucketArn);
    expect(bySid(stack, 'AllowAccessPointsOfApprovedAccounts')).toEqual({
      Sid: 'AllowAccessPointsOfApprovedAccounts',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: [...accessPointsOf('111111111111'), ...accessPointsOf('222222222222'), bucketArn, join(bucketArn, '/*')],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': ['111111111111', '222222222222'] } },
    });
  });

  test('trustedBucketNames add their buckets, once each; two access points over one bucket name it once', () => {
    const { stack, vpc, data } = setup();
    const approval = EndpointApproval.accounts(undefined, { trustedBucketNames: ['team-archive', 'team-archive', 'shared.logs'] });
    data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/', endpointApproval: approval });
    data.addVpcOnlyAccessPoint('B', { vpc, accessPointName: 'b-reader', prefix: 'b/', endpointApproval: EndpointApproval.accounts(undefined, { trustedBucketNames: ['team-archive'] }) });
    const bucketArn = stack.resolve(data.bucketArn);
    expect(approval.trustedBucketNames).toEqual(['team-archive', 'team-archive', 'shared.logs']);
    expect(bySid(stack, 'AllowAccessPointsOfApprovedAccounts').Resource).toEqual([
      join('arn:', { Ref: 'AWS::Partition' }, ':s3:eu-west-1:', { Ref: 'AWS::AccountId' }, ':accesspoint/*'),
      join('arn:', { Ref: 'AWS::Partition' }, ':s3:eu-west-1:', { Ref: 'AWS::AccountId' }, ':accesspoint/*/object/*'),
      bucketArn, join(bucketArn, '/*'),
      ...namedBucket('team-archive'),
      ...namedBucket('shared.logs'),
    ]);
  });

  test('the buckets of access points approved by ARN on the same endpoint are trusted too; the ARN statement keeps Resource "*"', () => {
    const { stack, vpc, data } = setup();
    const other = new s3.Bucket(stack, 'Other');
    data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/' });
    new VpcOnlyAccessPoint(stack, 'B', { bucket: other, vpc, accessPointName: 'b-reader', prefix: 'b/', endpointApproval: EndpointApproval.accounts() });
    expect(bySid(stack, 'AllowApprovedAccessPoints').Resource).toBe('*');
    const resources = JSON.stringify(bySid(stack, 'AllowAccessPointsOfApprovedAccounts').Resource);
    expect(resources).toContain(JSON.stringify(stack.resolve(data.bucketArn)));
    expect(resources).toContain(JSON.stringify(stack.resolve(other.bucketArn)));
  });

  test('a bucket of another stack is named by its concrete name, without a reference to that stack', () => {
    const app = new App();
    const env = { region: 'eu-west-1' };
    const network = new Stack(app, 'Network', { env });
    const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const data = new SharedDataBucket(new Stack(app, 'Data', { env }), 'Bucket', { bucketName: 'team-data' });
    const imported = s3.Bucket.fromBucketName(new Stack(app, 'Imports', { env }), 'Imported', 'legacy-data');
    const team = new Stack(app, 'Team', { env });
    new VpcOnlyAccessPoint(team, 'A', { bucket: data, vpc, accessPointName: 'a-reader', prefix: 'a/', endpointApproval: EndpointApproval.accounts() });
    new VpcOnlyAccessPoint(team, 'B', { bucket: imported, vpc, accessPointName: 'b-reader', prefix: 'b/', endpointApproval: EndpointApproval.accounts() });
    const assembly = app.synth();
    expect(assembly.getStackByName('Network').dependencies.map(d => d.id).filter(id => !id.endsWith('.assets'))).toEqual([]);
    const endpoint: any = Object.values(assembly.getStackByName('Network').template.Resources).find((r: any) => r.Type === 'AWS::EC2::VPCEndpoint');
    const resources = endpoint.Properties.PolicyDocument.Statement[0].Resource;
    expect(resources.slice(2)).toEqual([...namedBucket('team-data'), ...namedBucket('legacy-data')]);
  });

  test('a bucket of another stack with a generated name fails synthesis with the way out', () => {
    const app = new App();
    const network = new Stack(app, 'Network');
    const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const data = new SharedDataBucket(new Stack(app, 'Data'), 'Bucket');
    new VpcOnlyAccessPoint(new Stack(app, 'Team'), 'A', { bucket: data, vpc, accessPointName: 'a-reader', prefix: 'a/', endpointApproval: EndpointApproval.accounts() });
    expect(() => app.synth()).toThrow(/EndpointApproval\.accounts\(\) on S3 gateway endpoint Network\/Vpc\/S3AccessPointsEndpoint .* bucket Data\/Bucket is in stack Data and its name is generated at deployment, .*give the bucket a bucketName, put the endpoint in the bucket's stack, or approve by access point \(EndpointApproval\.ACCESS_POINT\)/);
  });

  test('the same layout approved by access point needs no bucket name', () => {
    const app = new App();
    const network = new Stack(app, 'Network');
    const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const data = new SharedDataBucket(new Stack(app, 'Data'), 'Bucket');
    new VpcOnlyAccessPoint(new Stack(app, 'Team'), 'A', { bucket: data, vpc, accessPointName: 'a-reader', prefix: 'a/' });
    expect(() => app.synth()).not.toThrow();
  });

  test.each([
    ['an ARN', 'arn:aws:s3:::team-archive'],
    ['a pattern', 'team-*'],
    ['uppercase', 'Team-Archive'],
    ['too short', 'ab'],
  ])('trustedBucketNames refuses %s', (_what, name) => {
    expect(() => EndpointApproval.accounts(undefined, { trustedBucketNames: [name] }))
      .toThrow(new RegExp(`EndpointApproval.accounts: trustedBucketNames '${name.replace(/[*.]/g, '\\$&')}' must be a bucket name`));
  });
});

describe('an endpoint passed in: warnings where the library\'s statements are a silent change', () => {
  const DEFAULT_REPLACED = 'cdk-s3-access-points:endpointDefaultPolicyReplaced';
  const ALLOWS_ALL = 'cdk-s3-access-points:endpointAllowsAll';
  const warnings = (stack: Stack, id: string) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: ${id}\\]`));

  test('no policy of its own (CloudFormation\'s allow-all default): warns that the default is replaced, what passes now, and endpointAllowances', () => {
    const { stack, vpc, data } = setup();
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    data.addVpcOnlyAccessPoint('A', { vpc, endpoint, accessPointName: 'a-reader', prefix: 'a/', endpointAllowances: [EndpointAllowance.ECR] });
    data.addVpcOnlyAccessPoint('B', { vpc, endpoint, accessPointName: 'b-reader', prefix: 'b/' });
    const found = warnings(stack, DEFAULT_REPLACED);
    expect(found).toHaveLength(1);
    expect(found[0].id).toBe('/Stack/Vpc/S3');
    expect(found[0].entry.data).toMatch(/S3 gateway endpoint Stack\/Vpc\/S3 had no policy of its own, so CloudFormation's default let every S3 request from the VPC through it\. .* now only requests through the approved access points and the endpoint allowances \(ECR\) pass, .*Add endpointAllowances/);
    expect(warnings(stack, ALLOWS_ALL)).toEqual([]);
  });

  test.each([
    ['Action s3:*', { actions: ['s3:*'] }],
    ['Action *', { actions: ['*'] }],
  ])('an allow-all statement (%s): warns that the restriction does nothing', (_what, { actions }) => {
    const { stack, vpc, data } = setup();
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    endpoint.addToPolicy(new iam.PolicyStatement({ sid: 'Everything', principals: [new iam.StarPrincipal()], actions, resources: ['*'] }));
    data.addVpcOnlyAccessPoint('A', { vpc, endpoint, accessPointName: 'a-reader', prefix: 'a/' });
    const found = warnings(stack, ALLOWS_ALL);
    expect(found).toHaveLength(1);
    expect(found[0].id).toBe('/Stack/Vpc/S3');
    expect(found[0].entry.data).toMatch(/S3 gateway endpoint Stack\/Vpc\/S3 has a statement \(Everything\) that allows every S3 request .*restrict nothing/);
    expect(warnings(stack, DEFAULT_REPLACED)).toEqual([]);
  });

  test('an allow-all statement added after the access point is found too (the policy is read at synthesis)', () => {
    const { stack, vpc, data } = setup();
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    data.addVpcOnlyAccessPoint('A', { vpc, endpoint, accessPointName: 'a-reader', prefix: 'a/' });
    endpoint.addToPolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:*'], resources: ['*'] }));
    expect(warnings(stack, ALLOWS_ALL)).toHaveLength(1);
  });

  test.each([
    ['limited to some buckets', { resources: ['arn:aws:s3:::my-tools/*'] }],
    ['limited by a condition', { resources: ['*'], conditions: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } }],
    ['limited to some actions', { resources: ['*'], actions: ['s3:GetObject'] }],
  ])('a statement of its own %s: no warning', (_what, extra) => {
    const { stack, vpc, data } = setup();
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    endpoint.addToPolicy(new iam.PolicyStatement({ sid: 'Mine', principals: [new iam.StarPrincipal()], actions: ['s3:*'], ...extra }));
    data.addVpcOnlyAccessPoint('A', { vpc, endpoint, accessPointName: 'a-reader', prefix: 'a/', endpointAllowances: [EndpointAllowance.ECR] });
    expect(warnings(stack, DEFAULT_REPLACED)).toEqual([]);
    expect(warnings(stack, ALLOWS_ALL)).toEqual([]);
  });

  test('a policy set on the CloudFormation resource (escape hatch) drops the library\'s statements: warns', () => {
    const { stack, vpc, data } = setup();
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    (endpoint.node.defaultChild as ec2.CfnVPCEndpoint).policyDocument = {
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-tools/*' }],
    };
    data.addVpcOnlyAccessPoint('A', { vpc, endpoint, accessPointName: 'a-reader', prefix: 'a/' });
    const found = warnings(stack, 'cdk-s3-access-points:endpointPolicyOverridden');
    expect(found).toHaveLength(1);
    expect(found[0].entry.data).toMatch(/The policy of S3 gateway endpoint Stack\/Vpc\/S3 was set on its CloudFormation resource, .*endpoint\.addToPolicy\(\)/);
    expect(warnings(stack, DEFAULT_REPLACED)).toEqual([]);
  });

  test('the endpoint the library creates: quiet', () => {
    const { stack, vpc, data } = setup();
    data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/', endpointApproval: EndpointApproval.accounts() });
    data.addVpcOnlyAccessPoint('B', { vpc, accessPointName: 'b-reader', prefix: 'b/', endpointAllowances: [EndpointAllowance.ECR] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
