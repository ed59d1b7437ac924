/*
 * A VPC-only access point on an S3 gateway endpoint that exists already (imported by id): the library
 * cannot write its policy, so it says once per endpoint which statements the owner must add, and the
 * access report marks the endpoint as not managed.
 */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EndpointAllowance, SharedDataBucket, VpcOnlyAccessPoint } from '../src';
import { evaluateWithoutContextFiltering } from './support/access-evaluator';
import { synthesize } from './support/synth';
import { renderMarkdown } from '../src/report/render';

const ACCOUNT = '111111111111';
const ENDPOINT_ID = 'vpce-0123456789abcdef0';

function build(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const data = new SharedDataBucket(stack, 'Data', { bucketName: 'data' });
  const endpoint = ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(stack, 'S3', ENDPOINT_ID);
  const a = new VpcOnlyAccessPoint(stack, 'A', { bucket: data, vpc, endpoint, accessPointName: 'app-a', prefix: 'a/' });
  const b = new VpcOnlyAccessPoint(stack, 'B', { bucket: data, vpc, endpoint, accessPointName: 'app-b', prefix: 'b/', endpointAllowances: [EndpointAllowance.ECR] });
  a.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }));
  return { a, b };
}

/** The statements the warning tells the endpoint's owner to add, as policy JSON with the partition filled in. */
function statementsOf(message: string): any[] {
  const list = message.slice(message.indexOf('approved access points: ') + 'approved access points: '.length, message.indexOf(' [ack:'));
  return list.split('} {').map((s, i, all) => JSON.parse(`${i > 0 ? '{' : ''}${s}${i < all.length - 1 ? '}' : ''}`.replace(/\$\{AWS::Partition\}/g, 'aws')));
}

describe('VpcOnlyAccessPoint on an imported S3 gateway endpoint', () => {
  const { app, reports } = synthesize(a => {
    const stack = new Stack(a, 'Stack', { env: { account: ACCOUNT, region: 'us-east-1' } });
    build(stack);
  });
  const stack = app.node.findChild('Stack') as Stack;
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('endpointPolicyNotManaged')).map(w => w.entry.data as string);

  test('writes no endpoint resource or policy, and warns once for the endpoint, with both access points and the allowance', () => {
    Template.fromStack(stack).resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`S3 gateway endpoint ${ENDPOINT_ID} was imported: this app cannot write its policy`);
    const statements = statementsOf(warnings[0]);
    expect(statements.map(s => s.Sid)).toEqual(['AllowApprovedAccessPoints', 'AllowEcr']);
    expect(statements[0].Condition.StringEquals['s3:DataAccessPointArn']).toEqual([
      `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/app-a`, `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/app-b`,
    ]);
  });

  test('the access report marks the endpoint as not managed', () => {
    const endpoints = reports.flatMap(r => r.accessPoints).map(ap => ap.endpoint);
    expect(endpoints).toHaveLength(2);
    expect(endpoints.every(e => e?.managed === false)).toBe(true);
    expect(renderMarkdown(reports)).toContain('(policy not managed: its owner must add the statements of the synthesis warning)');
  });

  test('the access point says so: gatewayEndpoint is the import, endpoint throws', () => {
    const fresh = synthesize(a => build(new Stack(a, 'S', { env: { account: ACCOUNT, region: 'us-east-1' } })));
    const ap = fresh.app.node.findChild('S').node.findChild('A') as VpcOnlyAccessPoint;
    expect(ap.endpointManaged).toBe(false);
    expect(ap.gatewayEndpoint.vpcEndpointId).toBe(ENDPOINT_ID);
    expect(() => ap.endpoint).toThrow(/S\/A: the gateway endpoint was imported .*use gatewayEndpoint/);
  });

  test('evaluator: the statements to add let requests through the access points and ECR pass, and deny the bucket itself (near miss)', () => {
    const endpointPolicy = { Version: '2012-10-17', Statement: statementsOf(warnings[0]) };
    // An insider with s3:* in its identity policy: the endpoint policy alone decides.
    const insider = { name: 'S3All', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } };
    const decide = (resource: string, context: Record<string, string>, withEndpointPolicy = true) => evaluateWithoutContextFiltering({
      principal: `arn:aws:iam::${ACCOUNT}:role/insider`,
      action: 's3:GetObject',
      resource,
      accountId: ACCOUNT,
      context: { 'aws:SecureTransport': 'true', 'aws:SourceVpce': ENDPOINT_ID, ...context },
      identityPolicies: [insider],
      endpointPolicies: withEndpointPolicy ? [{ name: 'Endpoint', policy: endpointPolicy }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    });
    const viaA = { 's3:DataAccessPointArn': `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/app-a`, 's3:DataAccessPointAccount': ACCOUNT };
    expect(decide(`arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/app-a/object/a/x`, viaA)).toBe('Allowed');
    expect(decide('arn:aws:s3:::prod-us-east-1-starport-layer-bucket/layer', {})).toBe('Allowed');
    expect(decide('arn:aws:s3:::data/a/x', {})).toBe('ImplicitlyDenied');
    const viaOther = { 's3:DataAccessPointArn': `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/app-c`, 's3:DataAccessPointAccount': ACCOUNT };
    expect(decide(`arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/app-c/object/a/x`, viaOther)).toBe('ImplicitlyDenied');
    // Until the owner adds them (the residual the warning names), the endpoint lets the bucket request pass.
    expect(decide('arn:aws:s3:::data/a/x', {}, false)).toBe('Allowed');
  });
});
