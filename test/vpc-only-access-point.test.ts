import { App, CliCredentialsStackSynthesizer, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EndpointAllowance, EndpointApproval, SharedDataBucket, VpcOnlyAccessPoint } from '../src';

function setup(env: { region?: string } = { region: 'eu-west-1' }) {
  const stack = new Stack(new App(), 'Stack', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const data = new SharedDataBucket(stack, 'Data');
  return { stack, vpc, data };
}

const endpoints = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
const endpointStatements = (stack: Stack) => endpoints(stack)[0].Properties.PolicyDocument.Statement;

describe('VpcOnlyAccessPoint', () => {
  test('is an access point with the VPC as its network origin, and creates the VPC\'s S3 gateway endpoint', () => {
    const { stack, vpc, data } = setup();
    const ap = data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::S3::AccessPoint', {
      Name: 'app-reader',
      VpcConfiguration: { VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) } },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
      VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) },
    });
    expect(ap.endpoint).toBeInstanceOf(ec2.GatewayVpcEndpoint);
    expect(ap.endpoint.node.scope).toBe(vpc);
    expect(ap.vpc).toBe(vpc);
    expect(ap.resource.node.id).toBe('Resource');
  });

  test('the endpoint policy approves the access point by ARN and denies all else (no other statement)', () => {
    const { stack, vpc, data } = setup();
    const ap = data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/' });
    expect(endpointStatements(stack)).toEqual([{
      Sid: 'AllowApprovedAccessPoints',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringEquals: { 's3:DataAccessPointArn': [stack.resolve(ap.accessPointArn)] } },
    }]);
  });

  test('several VPC-only access points on one VPC share one endpoint, whose policy lists them all', () => {
    const { stack, vpc, data } = setup();
    const a = data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/' });
    const b = new VpcOnlyAccessPoint(stack, 'B', { bucket: data, vpc, accessPointName: 'b-reader', prefix: 'b/' });
    expect(b.endpoint).toBe(a.endpoint);
    expect(endpoints(stack)).toHaveLength(1);
    expect(endpointStatements(stack)[0].Condition.StringEquals['s3:DataAccessPointArn']).toEqual([stack.resolve(a.accessPointArn), stack.resolve(b.accessPointArn)]);
  });

  test('access points on two VPCs get one endpoint each', () => {
    const { stack, vpc, data } = setup();
    const other = new ec2.Vpc(stack, 'Other', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/' });
    data.addVpcOnlyAccessPoint('B', { vpc: other, accessPointName: 'b-reader', prefix: 'b/' });
    expect(endpoints(stack)).toHaveLength(2);
  });

  test('an endpoint it is given is used and added to, never overwritten', () => {
    const { stack, vpc, data } = setup();
    const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    endpoint.addToPolicy(new iam.PolicyStatement({ sid: 'Mine', principals: [new iam.StarPrincipal()], actions: ['s3:GetObject'], resources: ['arn:aws:s3:::my-tools/*'] }));
    const ap = data.addVpcOnlyAccessPoint('App', { vpc, endpoint, accessPointName: 'app-reader', prefix: 'app/' });
    expect(ap.endpoint).toBe(endpoint);
    expect(endpoints(stack)).toHaveLength(1);
    expect(endpointStatements(stack).map((s: any) => s.Sid)).toEqual(['Mine', 'AllowApprovedAccessPoints']);
  });

  test('approval by account: one statement on s3:DataAccessPointAccount, over the account\'s access points and the trusted bucket, whose size does not grow with the access points', () => {
    const policyWith = (n: number) => {
      const { stack, vpc, data } = setup();
      for (let i = 0; i < n; i++) {
        data.addVpcOnlyAccessPoint(`Ap${i}`, { vpc, accessPointName: `reader-${i}`, prefix: `team-${i}/`, endpointApproval: EndpointApproval.accounts() });
      }
      return { statements: endpointStatements(stack), bucketArn: stack.resolve(data.bucketArn) };
    };
    const { statements: one, bucketArn } = policyWith(1);
    const accessPoints = (suffix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:eu-west-1:', { Ref: 'AWS::AccountId' }, `:accesspoint/*${suffix}`]] });
    expect(one).toEqual([{
      Sid: 'AllowAccessPointsOfApprovedAccounts',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: [accessPoints(''), accessPoints('/object/*'), bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': [{ Ref: 'AWS::AccountId' }] } },
    }]);
    expect(policyWith(20).statements).toEqual(one);
  });

  test('approval by listed accounts', () => {
    const { stack, vpc, data } = setup();
    data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/', endpointApproval: EndpointApproval.accounts(['111111111111', '222222222222']) });
    expect(endpointStatements(stack)[0].Condition).toEqual({ StringEquals: { 's3:DataAccessPointAccount': ['111111111111', '222222222222'] } });
  });

  test('allowances add one statement each per endpoint, in the endpoint\'s region', () => {
    const { stack, vpc, data } = setup();
    data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/', endpointAllowances: [EndpointAllowance.ECR, EndpointAllowance.CLOUDFORMATION] });
    data.addVpcOnlyAccessPoint('B', { vpc, accessPointName: 'b-reader', prefix: 'b/', endpointAllowances: [EndpointAllowance.ECR, EndpointAllowance.buckets(['my-tools'])] });
    const statements = endpointStatements(stack);
    expect(statements.map((s: any) => s.Sid)).toEqual(['AllowApprovedAccessPoints', 'AllowEcr', 'AllowCloudformation', 'AllowNamedBuckets']);
    const arn = (b: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${b}`]] });
    expect(statements[1]).toMatchObject({ Action: 's3:GetObject', Resource: arn('prod-eu-west-1-starport-layer-bucket/*') });
    // Only keys of the endpoint account's own stacks (docs/threat-model.md, "VPC workload").
    const ownStacks = (b: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${b}/arn:`, { Ref: 'AWS::Partition' },
        ':cloudformation:eu-west-1:', { Ref: 'AWS::AccountId' }, ':stack/*']],
    });
    expect(statements[2]).toMatchObject({
      Action: 's3:PutObject',
      Resource: [ownStacks('cloudformation-waitcondition-eu-west-1'), ownStacks('cloudformation-custom-resource-response-euwest1')],
    });
    expect(statements[3]).toMatchObject({ Action: 's3:*', Resource: [arn('my-tools'), arn('my-tools/*')] });
  });

  test.each([
    ['AMAZON_LINUX', EndpointAllowance.AMAZON_LINUX, 'al2023-repos-eu-west-1-de612dc2/*'],
    ['SSM', EndpointAllowance.SSM, 'eu-west-1-birdwatcher-prod/*'],
    ['CLOUDWATCH_AGENT', EndpointAllowance.CLOUDWATCH_AGENT, 'amazoncloudwatch-agent-eu-west-1/*'],
    ['CODEDEPLOY', EndpointAllowance.CODEDEPLOY, 'aws-codedeploy-eu-west-1/*'],
  ])('%s names its buckets in the region', (_name, allowance, bucket) => {
    const { stack, vpc, data } = setup();
    data.addVpcOnlyAccessPoint('A', { vpc, accessPointName: 'a-reader', prefix: 'a/', endpointAllowances: [allowance] });
    expect(JSON.stringify(endpointStatements(stack)[1])).toContain(`:s3:::${bucket}`);
  });

  test('grants and prefixes behave as on a PrefixAccessPoint', () => {
    const { stack, vpc, data } = setup();
    const ap = data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app' });
    ap.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(ap.prefix).toBe('app/');
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::S3::AccessPoint'))[0].Properties.Policy;
    expect(policy.Statement[1].Condition).toEqual({ StringLike: { 's3:prefix': 'app/*' } });
  });
});

describe('VpcOnlyAccessPoint refuses bad input', () => {
  test('no VPC', () => {
    const { stack, data } = setup();
    expect(() => new VpcOnlyAccessPoint(stack, 'App', { bucket: data, accessPointName: 'app-reader', prefix: 'app/' } as any))
      .toThrow(/Stack\/App: invalid properties:\n {2}- vpc is required/);
  });

  test('an endpoint for another service', () => {
    const { vpc, data } = setup();
    const dynamo = vpc.addGatewayEndpoint('Dynamo', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    expect(() => data.addVpcOnlyAccessPoint('App', { vpc, endpoint: dynamo, accessPointName: 'app-reader', prefix: 'app/' }))
      .toThrow(/endpoint must be an S3 gateway endpoint of the VPC: Stack\/Vpc\/Dynamo is a gateway endpoint for .*dynamodb.*, not for S3/);
  });

  test('an interface endpoint', () => {
    const { vpc, data } = setup();
    const iface = vpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM });
    expect(() => data.addVpcOnlyAccessPoint('App', { vpc, endpoint: iface as any, accessPointName: 'app-reader', prefix: 'app/' }))
      .toThrow(/Stack\/Vpc\/Ssm is not a gateway endpoint/);
  });

  test('an endpoint of another VPC', () => {
    const { stack, vpc, data } = setup();
    const other = new ec2.Vpc(stack, 'Other', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const endpoint = other.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    expect(() => data.addVpcOnlyAccessPoint('App', { vpc, endpoint, accessPointName: 'app-reader', prefix: 'app/' }))
      .toThrow(/Stack\/Other\/S3 belongs to another VPC than Stack\/Vpc/);
  });

  test('a preset that needs a region, in a stack without a concrete region', () => {
    const { vpc, data } = setup({});
    expect(() => data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/', endpointAllowances: [EndpointAllowance.ECR] }))
      .toThrow(/Stack\/Data\/App: endpointAllowances: ECR names buckets by region, but stack Stack .* has no concrete region: set env.region/);
  });

  test('a named-bucket allowance needs no region', () => {
    const { stack, vpc, data } = setup({});
    data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/', endpointAllowances: [EndpointAllowance.buckets(['my-tools'])] });
    expect(endpointStatements(stack)).toHaveLength(2);
  });

  test('a second S3 gateway endpoint on the VPC, made elsewhere, fails synthesis instead of deployment', () => {
    const { stack, vpc, data } = setup();
    data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'app-reader', prefix: 'app/' });
    vpc.addGatewayEndpoint('MyS3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    expect(() => Template.fromStack(stack)).toThrow(/Stack\/Vpc has a second S3 gateway endpoint, Stack\/Vpc\/MyS3, .*pass that endpoint as `endpoint`/);
  });

  test('name and prefix rules are the shared ones', () => {
    const { vpc, data } = setup();
    expect(() => data.addVpcOnlyAccessPoint('App', { vpc, accessPointName: 'App_Reader', prefix: '/app*' }))
      .toThrow(/Stack\/Data\/App: invalid properties:[\s\S]*lowercase[\s\S]*wildcards[\s\S]*must not start with '\/'/);
  });
});

describe('policy sizes are checked at synthesis', () => {
  const withListedAccessPoints = (n: number) => {
    const { stack, vpc, data } = setup();
    for (let i = 0; i < n; i++) {
      data.addVpcOnlyAccessPoint(`Ap${i}`, { vpc, accessPointName: `consumer-${i}`, prefix: `team-${i}/` });
    }
    return stack;
  };

  test('an endpoint policy certainly over 20,480 characters fails with its size, the limit and the way out', () => {
    expect(() => Template.fromStack(withListedAccessPoints(400)))
      .toThrow(/The policy of S3 gateway endpoint Stack\/Vpc\/S3AccessPointsEndpoint is 2\d,\d{3} to 2\d,\d{3} characters \(depending on deployed names\); its limit is 20,480\. Approve access points by account \(endpointApproval: EndpointApproval\.accounts\(\)\)/);
  });

  test('an endpoint policy that may come near its limit warns', () => {
    const stack = withListedAccessPoints(240);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('S3 gateway endpoint .* is 1\\d,\\d{3} to 1\\d,\\d{3} characters .*: over 80% of its limit of 20,480'));
  });

  test('an access point policy certainly over its limit fails, naming the access point', () => {
    const { stack, data } = setup();
    const ap = data.addPrefixAccessPoint('Crowded', { accessPointName: 'crowded', prefix: 'shared/' });
    for (let i = 0; i < 220; i++) {
      ap.grantRead(new iam.ArnPrincipal(`arn:aws:iam::123456789012:role/consumer-${String(i).padStart(3, '0')}`));
    }
    expect(() => Template.fromStack(stack)).toThrow(/The access point policy of Stack\/Data\/Crowded is 2\d,\d{3} to 2\d,\d{3} characters \(depending on deployed names\); its limit is 20,480\. Give groups of consumers their own access points/);
  });

  test('a hundred consumers on one access point: two statements, near the limit only in the worst case', () => {
    const { stack, data } = setup();
    const ap = data.addPrefixAccessPoint('Shared', { accessPointName: 'shared', prefix: 'shared/' });
    for (let i = 0; i < 100; i++) {
      ap.grantReadWrite(new iam.Role(stack, `Consumer${i}`, { assumedBy: new iam.AccountRootPrincipal() }));
    }
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::S3::AccessPoint'))[0].Properties.Policy;
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[0].Principal.AWS).toHaveLength(100);
  });
});

describe('SharedDataBucket.denyObjectRequestsOutside', () => {
  test('denies object requests and listing neither through an access point nor from the VPCs, exempting administrators and service roles, not the CDK roles', () => {
    const { stack, vpc, data } = setup();
    const replication = new iam.Role(stack, 'Replication', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    data.denyObjectRequestsOutside({
      vpcs: [vpc],
      administratorArns: ['arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*'],
      serviceRoles: [replication],
    });
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const deny = statements.find((s: any) => s.Sid === 'DenyObjectRequestsOutsideAccessPoints');
    expect(deny).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Data/), 'Arn'] }, '/*']] },
      Condition: {
        StringNotEquals: {
          's3:DataAccessPointAccount': [{ Ref: 'AWS::AccountId' }],
          'aws:SourceVpc': [{ Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) }],
        },
      },
    });
    const exempt = JSON.stringify(deny.Condition.ArnNotLike['aws:PrincipalArn']);
    expect(exempt).toContain('AWSReservedSSO_Admin_*');
    expect(exempt).toContain(stack.getLogicalId(replication.node.defaultChild as iam.CfnRole));
    // Every CDK app of the account and region shares the bootstrap roles: they are not exempt.
    expect(exempt).not.toContain('-deploy-role-');
    expect(exempt).not.toContain('-cfn-exec-role-');
    const list = statements.find((s: any) => s.Sid === 'DenyListingOutsideAccessPoints');
    expect(list).toMatchObject({
      Effect: 'Deny',
      // ListBucket, ListBucketVersions, ListBucketMultipartUploads: the snapshot has no other (test/action-classes.test.ts).
      Action: 's3:ListBucket*',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Data/), 'Arn'] },
      Condition: deny.Condition,
    });
    // Export configurations and reopening settings: the deployment role passes, and only the
    // export deny exempts the service roles.
    const exportDeny = statements.find((s: any) => s.Sid === 'DenyExportConfiguration');
    const reopenDeny = statements.find((s: any) => s.Sid === 'DenyReopeningTheBucket');
    expect(exportDeny.Action).toEqual(expect.arrayContaining(['s3:PutBucketLogging', 's3:PutInventoryConfiguration', 's3:PutReplicationConfiguration']));
    expect(reopenDeny.Action).toEqual(['s3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:PutBucketOwnershipControls', 's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock']);
    expect(exportDeny.Condition.StringNotEquals).toBeUndefined();
    expect(JSON.stringify(exportDeny.Condition)).toContain('-cfn-exec-role-');
    expect(JSON.stringify(exportDeny.Condition)).toContain(stack.getLogicalId(replication.node.defaultChild as iam.CfnRole));
    expect(JSON.stringify(reopenDeny.Condition)).toContain('-cfn-exec-role-');
    expect(JSON.stringify(reopenDeny.Condition)).not.toContain(stack.getLogicalId(replication.node.defaultChild as iam.CfnRole));
  });

  test('keeps the auto-delete function able to empty the bucket', () => {
    const stack = new Stack(new App(), 'Stack');
    const data = new SharedDataBucket(stack, 'Data', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    data.denyObjectRequestsOutside();
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const deny = statements.find((s: any) => s.Sid === 'DenyObjectRequestsOutsideAccessPoints');
    expect(deny.Condition.StringNotEquals['aws:SourceVpc']).toBeUndefined();
    expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toContainEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CustomS3AutoDeleteObjectsCustomResourceProviderRole/), 'Arn'] });
  });

  test('deployment roles: the synthesizer\'s CloudFormation execution role by default; a warning when the synthesizer names none; given ones replace it', () => {
    const unknown = new Stack(new App(), 'Cli', { synthesizer: new CliCredentialsStackSynthesizer() });
    new SharedDataBucket(unknown, 'Data').denyObjectRequestsOutside();
    Annotations.fromStack(unknown).hasWarning('/Cli/Data', Match.stringLikeRegexp('boundaryDeploymentRoleUnknown|names no CloudFormation execution role'));
    const given = new Stack(new App(), 'Given', { synthesizer: new CliCredentialsStackSynthesizer() });
    new SharedDataBucket(given, 'Data').denyObjectRequestsOutside({ deploymentRoleArns: ['arn:aws:iam::111111111111:role/deployer'] });
    Annotations.fromStack(given).hasNoWarning('/Given/Data', Match.stringLikeRegexp('names no CloudFormation execution role'));
    const statements = Object.values(Template.fromStack(given).findResources('AWS::S3::BucketPolicy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Sid === 'DenyReopeningTheBucket');
    expect(JSON.stringify(statements)).toContain('role/deployer');
    expect(JSON.stringify(statements)).not.toContain('cfn-exec');
  });

  test('without administrators nobody reads the locked logs: a warning; with one, none', () => {
    const stack = new Stack(new App(), 'NoAdmin', { env: { account: '111111111111', region: 'us-east-1' } });
    new SharedDataBucket(stack, 'Data').denyObjectRequestsOutside();
    Annotations.fromStack(stack).hasWarning('/NoAdmin/Data', Match.stringLikeRegexp('no administratorArns: only S3 log delivery reaches the server access logs'));
    const withAdmin = new Stack(new App(), 'Admin', { env: { account: '111111111111', region: 'us-east-1' } });
    new SharedDataBucket(withAdmin, 'Data').denyObjectRequestsOutside({ administratorArns: ['arn:aws:iam::111111111111:role/admin'] });
    Annotations.fromStack(withAdmin).hasNoWarning('/Admin/Data', Match.stringLikeRegexp('no administratorArns'));
  });

  test('an imported logs bucket cannot be locked: a warning', () => {
    const stack = new Stack(new App(), 'Imported', { env: { account: '111111111111', region: 'us-east-1' } });
    const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'central-logs');
    new SharedDataBucket(stack, 'Data', { serverAccessLogsBucket: logs }).denyObjectRequestsOutside();
    Annotations.fromStack(stack).hasWarning('/Imported/Data', Match.stringLikeRegexp('imported, so denyObjectRequestsOutside cannot lock it'));
  });

  test('can be called once', () => {
    const { data } = setup();
    data.denyObjectRequestsOutside();
    expect(() => data.denyObjectRequestsOutside()).toThrow(/Stack\/Data: denyObjectRequestsOutside was already called/);
  });
});

describe('layouts across stacks', () => {
  test('VPC in a network stack, bucket in a data stack, VPC-only access points in team stacks: no cycle, one endpoint', () => {
    const app = new App();
    const env = { region: 'eu-west-1' };
    const network = new Stack(app, 'Network', { env });
    const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const dataStack = new Stack(app, 'Data', { env });
    const data = new SharedDataBucket(dataStack, 'Bucket');
    for (const team of ['TeamA', 'TeamB']) {
      const stack = new Stack(app, team, { env });
      const ap = new VpcOnlyAccessPoint(stack, 'Ap', { bucket: data, vpc, accessPointName: team.toLowerCase(), prefix: `${team}/`, endpointAllowances: [EndpointAllowance.ECR] });
      ap.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
    }
    const assembly = app.synth();
    const deps = (name: string) => assembly.getStackByName(name).dependencies.map(d => d.id).filter(id => !id.endsWith('.assets'));
    expect(deps('Network')).toEqual([]);
    expect(deps('Data')).toEqual([]);
    expect(deps('TeamA').sort()).toEqual(['Data', 'Network']);
    const endpointsIn = (name: string) => Object.values(assembly.getStackByName(name).template.Resources).filter((r: any) => r.Type === 'AWS::EC2::VPCEndpoint');
    expect(endpointsIn('Network')).toHaveLength(1);
    expect(JSON.stringify(endpointsIn('Network')[0])).toMatch(/accesspoint\/teama.*accesspoint\/teamb/);
  });
});

describe('identity and bucket policy sizes', () => {
  test('an IAM user whose inline policy outgrows 2,048 characters fails synthesis, naming the user', () => {
    const { stack, data } = setup();
    const user = new iam.User(stack, 'Analyst');
    for (let i = 0; i < 6; i++) {
      data.addPrefixAccessPoint(`Ap${i}`, { accessPointName: `team-${i}`, prefix: `team-${i}/` }).grantReadWrite(user);
    }
    expect(() => Template.fromStack(stack)).toThrow(/The inline policy of IAM user Stack\/Analyst is [\d,]+ to [\d,]+ characters \(depending on deployed names\); its limit is 2,048\. Grant a role/);
  });

  test('a bucket policy over 20 KB fails synthesis with the way out', () => {
    const { stack, data } = setup();
    for (let i = 0; i < 120; i++) {
      data.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(`arn:aws:iam::123456789012:role/direct-consumer-${i}`)],
        actions: ['s3:GetObject'],
        resources: [data.arnForObjects(`direct-consumer-${i}/*`)],
      }));
    }
    expect(() => Template.fromStack(stack)).toThrow(/The bucket policy of Stack\/Data is [\d,]+ to [\d,]+ characters.*its limit is 20,480\. Grant consumers through access points/);
  });
});
