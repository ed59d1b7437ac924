/*
 * A directory bucket access point with a VPC uses the VPC's S3 Express gateway endpoint
 * (com.amazonaws.REGION.s3express): created once per VPC or given (made in the app, or imported), with
 * a policy that lets sessions on the app's VPC-only directory bucket access points pass. The same
 * shape as VpcOnlyAccessPoint on the S3 gateway endpoint (test/imported-endpoint.test.ts).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DirectoryBucketAccessPoint, SharedDirectoryBucket } from '../src';
import { synthesize } from './support/synth';
import { renderMarkdown, renderMermaid } from '../src/report/render';

const ACCOUNT = '111111111111';
const env = { account: ACCOUNT, region: 'us-east-1' };
const ENDPOINT_ID = 'vpce-0123456789abcdef0';
const apArn = (name: string) => `arn:aws:s3express:us-east-1:${ACCOUNT}:accesspoint/${name}`;
/** The endpoint statements that approve the access points aaa and bbb of the bucket. */
const approvingAaaAndBbb = () => [{
  Sid: 'AllowApprovedDirectoryAccessPoints',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3express:CreateSession',
  Resource: [apArn('aaa--use1-az4--xa-s3'), apArn('bbb--use1-az4--xa-s3')],
}, {
  // The bucket leg only through an approved access point: a session straight on the bucket does not pass.
  Sid: 'AllowDirectoryBucketsThroughApprovedAccessPoints',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3express:CreateSession',
  Resource: [BUCKET_ARN],
  Condition: { StringEquals: { 's3express:DataAccessPointArn': [apArn('aaa--use1-az4--xa-s3'), apArn('bbb--use1-az4--xa-s3')] } },
}];
const BUCKET_ARN = `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/fast--use1-az4--x-s3`;

function setup(app = new App()) {
  const stack = new Stack(app, 'Stack', { env });
  const bucket = new SharedDirectoryBucket(stack, 'Fast', { zoneId: 'use1-az4', bucketName: 'fast--use1-az4--x-s3' });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  return { app, stack, bucket, vpc, role };
}

/** The endpoint policy's statements, with the partition filled in. */
function endpointStatements(stack: Stack): any[] {
  const endpoints = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
  expect(endpoints).toHaveLength(1);
  return JSON.parse(JSON.stringify(stack.resolve(endpoints[0].Properties.PolicyDocument.Statement))
    .replace(/\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},"([^"]*)"\]\]\}/g, '"arn:aws$1"'));
}
const warnings = (stack: Stack, id: string) => Annotations.fromStack(stack)
  .findWarning('*', Match.stringLikeRegexp(`\\[ack: cdk-s3-access-points:${id}\\]`)).map(w => w.entry.data as string);

describe('DirectoryBucketAccessPoint with a vpc: the S3 Express gateway endpoint', () => {
  test('one S3 Express gateway endpoint per VPC, whose policy admits CreateSession on the VPC-only access points, and on their bucket only through them', () => {
    const { stack, bucket, vpc, role } = setup();
    new DirectoryBucketAccessPoint(stack, 'A', { bucket, vpc, accessPointName: 'aaa--use1-az4--xa-s3', prefixes: ['a/'] }).grantRead(role);
    new DirectoryBucketAccessPoint(stack, 'B', { bucket, vpc, accessPointName: 'bbb--use1-az4--xa-s3', prefixes: ['b/'] }).grantWrite(role);
    // An access point open to the internet is not the endpoint's business.
    new DirectoryBucketAccessPoint(stack, 'Open', { bucket, accessPointName: 'open--use1-az4--xa-s3', prefixes: ['o/'] }).grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3express']] },
      VpcEndpointType: 'Gateway',
    });
    expect(endpointStatements(stack)).toEqual(approvingAaaAndBbb());
    // The library's own endpoint: no warning about a replaced default.
    expect(warnings(stack, 'endpointDefaultPolicyReplaced')).toEqual([]);
  });

  test('no vpc: no endpoint', () => {
    const { stack, bucket, role } = setup();
    new DirectoryBucketAccessPoint(stack, 'Open', { bucket, prefixes: ['o/'] }).grantRead(role);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  test('an endpoint of the app is used, its statements kept, and its replaced default said', () => {
    const { stack, bucket, vpc, role } = setup();
    const endpoint = vpc.addGatewayEndpoint('Express', { service: ec2.GatewayVpcEndpointAwsService.S3_EXPRESS });
    const ap = new DirectoryBucketAccessPoint(stack, 'A', { bucket, vpc, endpoint, accessPointName: 'aaa--use1-az4--xa-s3' });
    ap.grantRead(role);
    expect(ap.gatewayEndpoint).toBe(endpoint);
    expect(ap.endpointManaged).toBe(true);
    expect(endpointStatements(stack).map(s => s.Sid)).toEqual(['AllowApprovedDirectoryAccessPoints', 'AllowDirectoryBucketsThroughApprovedAccessPoints']);
    expect(warnings(stack, 'endpointDefaultPolicyReplaced')[0]).toMatch(/^S3 Express gateway endpoint Stack\/Vpc\/Express had no policy of its own.*sessions on other directory buckets/);
  });

  test('refused: an endpoint without a vpc, an S3 (not S3 Express) endpoint, an endpoint of another VPC, a second S3 Express endpoint', () => {
    const { app, stack, bucket, vpc } = setup();
    const s3Endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    expect(() => new DirectoryBucketAccessPoint(stack, 'NoVpc', { bucket, endpoint: s3Endpoint, prefixes: ['x/'] }))
      .toThrow(/Stack\/NoVpc[^]*endpoint is given without vpc: only an access point restricted to a VPC uses its S3 Express gateway endpoint/);
    expect(() => new DirectoryBucketAccessPoint(stack, 'Wrong', { bucket, vpc, endpoint: s3Endpoint, prefixes: ['x/'] }))
      .toThrow(/Stack\/Wrong[^]*endpoint must be an S3 Express gateway endpoint of the VPC: Stack\/Vpc\/S3 is a gateway endpoint for .*\.s3"\]\]\}, not for S3 Express/);
    const other = new ec2.Vpc(stack, 'Other', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const elsewhere = other.addGatewayEndpoint('Express', { service: ec2.GatewayVpcEndpointAwsService.S3_EXPRESS });
    expect(() => new DirectoryBucketAccessPoint(stack, 'Far', { bucket, vpc, endpoint: elsewhere, prefixes: ['x/'] }))
      .toThrow(/Stack\/Far[^]*Stack\/Other\/Express belongs to another VPC than Stack\/Vpc/);
    // Passing the endpoint is fine; a second one on the same VPC fails synthesis.
    vpc.addGatewayEndpoint('Second', { service: ec2.GatewayVpcEndpointAwsService.S3_EXPRESS });
    new DirectoryBucketAccessPoint(stack, 'Ok', { bucket, vpc, prefixes: ['x/'] });
    expect(() => app.synth()).toThrow(/Stack\/Vpc has a second S3 Express gateway endpoint, Stack\/Vpc\/Second, beside Stack\/Vpc\/S3ExpressAccessPointsEndpoint/);
  });

  test('a VPC of another stack: the endpoint names the bucket by its name (no cross-stack cycle); a generated name is refused', () => {
    const build = (bucketName?: string) => {
      const app = new App();
      const net = new Stack(app, 'Net', { env });
      const vpc = new ec2.Vpc(net, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      const data = new Stack(app, 'Data', { env });
      const bucket = new SharedDirectoryBucket(data, 'Fast', { zoneId: 'use1-az4', bucketName });
      new DirectoryBucketAccessPoint(data, 'Ap', { bucket, vpc, accessPointName: 'app--use1-az4--xa-s3', prefixes: ['x/'] });
      return { app, net };
    };
    const named = build('fast--use1-az4--x-s3');
    named.app.synth();
    expect(endpointStatements(named.net).map(st => st.Resource)).toEqual([[apArn('app--use1-az4--xa-s3')], [BUCKET_ARN]]);
    // The previous shape (the bucket's ARN attribute) made Net depend on Data, which depends on Net's VPC: a cycle.
    expect(() => build().app.synth()).toThrow(/S3 Express gateway endpoint Net\/Vpc\/S3ExpressAccessPointsEndpoint must name the directory bucket Data\/Fast .* give the SharedDirectoryBucket a bucketName, or put the VPC in the bucket's stack/);
  });

  test('the S3 endpoint of a VpcOnlyAccessPoint is not taken for S3 Express, nor the other way round', () => {
    const { stack, bucket, vpc } = setup();
    const express = vpc.addGatewayEndpoint('Express', { service: ec2.GatewayVpcEndpointAwsService.S3_EXPRESS });
    new DirectoryBucketAccessPoint(stack, 'A', { bucket, vpc, endpoint: express, prefixes: ['x/'] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SharedDataBucket, VpcOnlyAccessPoint } = require('../src');
    const data = new SharedDataBucket(stack, 'Data', { bucketName: 'data' });
    expect(() => new VpcOnlyAccessPoint(stack, 'V', { bucket: data, vpc, endpoint: express, accessPointName: 'v', prefix: 'v/' }))
      .toThrow(/endpoint must be an S3 gateway endpoint of the VPC: Stack\/Vpc\/Express is a gateway endpoint for .*\.s3express"\]\]\}, not for S3/);
  });

  describe('an imported S3 Express gateway endpoint', () => {
    function build(app?: App) {
      const { stack, bucket, vpc, role } = setup(app);
      const endpoint = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(stack, 'Express', ENDPOINT_ID);
      const a = new DirectoryBucketAccessPoint(stack, 'A', { bucket, vpc, endpoint, accessPointName: 'aaa--use1-az4--xa-s3' });
      new DirectoryBucketAccessPoint(stack, 'B', { bucket, vpc, endpoint, accessPointName: 'bbb--use1-az4--xa-s3' }).grantWrite(role);
      a.grantRead(role);
      (stack.node.root as App).synth();
      return { stack, a };
    }

    test('writes no endpoint, warns once with the exact statements, and the access point says it is not managed', () => {
      const { stack, a } = build();
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
      const said = warnings(stack, 'endpointPolicyNotManaged');
      expect(said).toHaveLength(1);
      expect(said[0]).toContain(`S3 Express gateway endpoint ${ENDPOINT_ID} was imported: this app cannot write its policy`);
      const statements = said[0].slice(said[0].indexOf('approved access points: ') + 'approved access points: '.length, said[0].indexOf(' [ack:'));
      // The same statements as on an endpoint of the app, rendered by the same code.
      const parsed = statements.split('} {').map((st, i, all) => JSON.parse(`${i > 0 ? '{' : ''}${st}${i < all.length - 1 ? '}' : ''}`
        .replace(/\$\{AWS::Partition\}/g, 'aws')));
      expect(parsed).toEqual(approvingAaaAndBbb());
      expect(a.endpointManaged).toBe(false);
      expect(a.gatewayEndpoint!.vpcEndpointId).toBe(ENDPOINT_ID);
    });

    test('the access report marks the endpoint as not managed', () => {
      const { reports } = synthesize(app => build(app));
      const endpoints = reports.flatMap(r => r.accessPoints).map(ap => ap.endpoint);
      expect(endpoints).toHaveLength(2);
      expect(endpoints.every(e => e?.managed === false && e.path === 'Stack/Express')).toBe(true);
      expect(renderMarkdown(reports)).toContain('(policy not managed: its owner must add the statements of the synthesis warning)');
    });
  });

  test('the report names the managed endpoint (no managed flag: this app writes it)', () => {
    const { reports } = synthesize(app => {
      const { stack, bucket, vpc, role } = setup(app);
      new DirectoryBucketAccessPoint(stack, 'A', { bucket, vpc, accessPointName: 'aaa--use1-az4--xa-s3' }).grantRead(role);
    });
    const [ap] = reports.flatMap(r => r.accessPoints);
    expect(ap.endpoint).toEqual({ path: 'Stack/Vpc/S3ExpressAccessPointsEndpoint', approval: 'ACCESS_POINT', allowances: [] });
    // The diagram names the service: S3 Express, not S3.
    expect(renderMermaid(reports)).toContain('S3 Express gateway endpoint Stack/Vpc/S3ExpressAccessPointsEndpoint');
  });
});
