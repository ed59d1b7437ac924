import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataLakeStack } from '../examples/data-lake';
import { VpcOnlyStack } from '../examples/vpc-only';
import { SharedDataBucket } from '../src';
import { multiRegionApp } from './support/multi-region-app';
import { synthesize } from './support/synth';
import { renderJson, renderMarkdown, renderMermaid, renderTable } from '../src/report/render';

describe('the access report in the cloud assembly', () => {
  const { outdir, reports } = synthesize(app => new DataLakeStack(app, 'DataLake'));
  const [report] = reports;

  test('is written for each SharedDataBucket in three forms', () => {
    expect(fs.readdirSync(outdir).filter(f => f.includes('.access-report.')).sort())
      .toEqual(['DataLake-StoreEvents.access-report.json', 'DataLake-StoreEvents.access-report.md', 'DataLake-StoreEvents.access-report.mmd']);
    expect(fs.readFileSync(path.join(outdir, 'DataLake-StoreEvents.access-report.md'), 'utf8')).toEqual(renderMarkdown(reports));
    expect(fs.readFileSync(path.join(outdir, 'DataLake-StoreEvents.access-report.mmd'), 'utf8')).toEqual(renderMermaid(reports));
  });

  test('follows schema version 1', () => {
    expect(report).toEqual({
      schemaVersion: 1,
      bucket: {
        path: 'DataLake/StoreEvents',
        stack: 'DataLake',
        name: 'DataLake/StoreEvents',
        account: '${AWS::AccountId}',
        region: '${AWS::Region}',
        encryption: 'SSE-KMS (customer managed key)',
        accessPointAccounts: ['${AWS::AccountId}'],
        delegationScope: 'ACCOUNT',
      },
      accessPoints: [
        expect.objectContaining({ name: 'ec2-consumer', path: 'DataLake/SalesEvents', imported: false, prefix: 'sales_event/', networkOrigin: 'Internet' }),
        expect.objectContaining({ name: 'lambda-consumer', path: 'DataLake/StoreEvents/InventoryEvents', prefix: 'inventory_event/' }),
      ],
    });
    expect(report.accessPoints[0].grants).toEqual([{
      principal: 'DataLake/Ec2ConsumerRole',
      principalArn: '${DataLake/Ec2ConsumerRole.Arn}',
      account: '${AWS::AccountId}',
      keyPrefix: 'sales_event/',
      objectTags: {},
      level: 'READ_WRITE',
      capabilities: ['READ', 'WRITE', 'LIST'],
      inAccessPointPolicy: true,
      identityPolicy: 'WRITTEN',
    }]);
  });

  test('is the same at every synthesis', () => {
    expect(synthesize(app => new DataLakeStack(app, 'DataLake')).reports).toEqual(reports);
  });
});

describe('VPC-only access points in the report', () => {
  const { reports: [report] } = synthesize(app => new VpcOnlyStack(app, 'VpcOnly', { env: { region: 'eu-west-1' } }));

  test('show the VPC, the endpoint, its approval and allowances, and the bucket\'s boundary', () => {
    const app = report.accessPoints.find(ap => ap.name === 'app-reader')!;
    expect(app).toMatchObject({
      networkOrigin: 'VPC',
      vpc: { path: 'VpcOnly/Vpc', id: '${VpcOnly/Vpc}' },
      endpoint: { path: 'VpcOnly/Vpc/S3AccessPointsEndpoint', approval: 'ACCESS_POINT', allowances: ['ECR', 'AMAZON_LINUX'] },
    });
    expect(report.bucket.objectRequestBoundary).toEqual({
      vpcs: ['VpcOnly/Vpc'],
      administratorArns: [],
      serviceRoleArns: [],
      deniedOutsideAccessPoints: ['READ_DATA', 'REVEAL_KEYS', 'WRITE_DATA'],
      deniedExceptExempt: ['EXPORT', 'REOPEN_BUCKET'],
    });
    expect(report.accessPoints.map(ap => ap.name)).toEqual(['app-ingest', 'app-reader', 'partners']);
  });

  test('state the boundary\'s coverage in the classification\'s words', () => {
    const text = renderMarkdown([report]).replace(/`/g, '');
    expect(text).toContain('Denied other than through access points and from VpcOnly/Vpc: every action that reads object data; ' +
      'reveals key names or object metadata (every list action, and S3 Select through s3:GetObject); writes or deletes data, object tags, ACLs, retention or legal holds.');
    expect(text).toContain('every action that configures an export of keys or data (inventory, server access logging, replication, S3 Metadata tables');
    expect(text).toContain('changes a setting that could reopen the bucket (bucket policy, ACLs, Block Public Access, object ownership).');
  });

  test('with vpcEndpoints, the boundary names the endpoints, and the Markdown says requests are exempt only through them', () => {
    const { reports: [pinned] } = synthesize(app => {
      const stack = new Stack(app, 'Pinned', { env: { region: 'eu-west-1' } });
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      const data = new SharedDataBucket(stack, 'Data');
      const ap = data.addVpcOnlyAccessPoint('Ap', { vpc, accessPointName: 'app-reader', prefix: 'app/' });
      data.denyObjectRequestsOutside({ vpcs: [vpc], vpcEndpoints: [ap.endpoint] });
    });
    expect(pinned.bucket.objectRequestBoundary).toMatchObject({ vpcs: ['Pinned/Vpc'], vpcEndpoints: ['Pinned/Vpc/S3AccessPointsEndpoint'] });
    expect(renderMarkdown([pinned])).toContain('Denied other than through access points and through Pinned/Vpc/S3AccessPointsEndpoint: every action that');
    expect(report.bucket.objectRequestBoundary).not.toHaveProperty('vpcEndpoints');
  });

  test('the Mermaid diagram puts the endpoint in its VPC, between the access points and their principals', () => {
    const mermaid = renderMermaid([report]);
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid).toMatch(/subgraph v\d+\["VPC VpcOnly\/Vpc"\]\n\s+e\d+\{\{"S3 gateway endpoint VpcOnly\/Vpc\/S3AccessPointsEndpoint"\}\}\n\s+end/);
    expect(mermaid).toMatch(/p\d+\["VpcOnly\/AppRole"\] -->\|"READ, LIST"\| a\d+/);
  });
});

describe('formats', () => {
  const { reports } = synthesize(app => new DataLakeStack(app, 'DataLake'));

  test('Markdown: one table per access point, with every column', () => {
    const md = renderMarkdown(reports);
    expect(md).toContain('## ec2-consumer: Internet, prefix `sales_event/`');
    expect(md).toContain('| consumer | account | access point | origin | prefix | object tags | access | identity policy |');
    expect(md).toContain('| `DataLake/Ec2ConsumerRole` | `${AWS::AccountId}` | ec2-consumer | Internet | `sales_event/` | - | READ, WRITE, LIST | written by CDK |');
  });

  test('table: aligned columns for the terminal', () => {
    const lines = renderTable(reports).split('\n');
    const header = lines.find(l => l.startsWith('consumer'))!;
    const row = lines.find(l => l.startsWith('DataLake/Ec2ConsumerRole'))!;
    expect(row.indexOf('ec2-consumer')).toBe(header.indexOf('access point'));
  });

  test('JSON: the reports, as an array', () => {
    expect(JSON.parse(renderJson(reports))).toEqual(reports);
  });
});

test('a thousand consumers: one section per access point, grants sorted by principal', () => {
  const started = Date.now();
  const { reports: [report] } = synthesize(app => {
    const data = new SharedDataBucket(new Stack(app, 'Data'), 'Data');
    // 50 access points of 20 consumers, the consumers in 5 team stacks (each under 500 resources).
    const aps = Array.from({ length: 50 }, (_, i) => data.addPrefixAccessPoint(`Team${i}`, { accessPointName: `team-${i}`, prefix: `team-${i}/` }));
    const teams = Array.from({ length: 5 }, (_, i) => new Stack(app, `Team${i}`));
    for (let i = 999; i >= 0; i--) {
      aps[i % 50].grantRead(new iam.Role(teams[i % 5], `Consumer${String(i).padStart(4, '0')}`, { assumedBy: new iam.AccountRootPrincipal() }));
    }
  });
  const md = renderMarkdown([report]);
  expect(report.accessPoints.map(ap => ap.grants.length)).toEqual(Array(50).fill(20));
  expect(md.match(/^## /gm)).toHaveLength(50);
  const principals = report.accessPoints[0].grants.map(g => g.principal);
  expect(principals).toEqual([...principals].sort());
  // Timing is a benchmark figure, not an assertion: see bench/.
  console.log(`1,000-grant report: synthesized with its app in ${Date.now() - started} ms, Markdown ${md.length} bytes`);
});

describe('the report speaks the user\'s names', () => {
  const { outdir, reports } = synthesize(app => {
    const stack = new Stack(app, 'Named', { env: { account: '111111111111', region: 'us-east-1' } });
    const data = new SharedDataBucket(stack, 'Data', { bucketName: 'reports-use1' });
    const ap = data.addPrefixAccessPoint('Reports', { accessPointName: 'reports', prefix: 'reports/' });
    ap.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'reader', path: '/teams/' }));
    ap.grantRead(new iam.Role(stack, 'Generated', { assumedBy: new iam.AccountRootPrincipal() }));
  });
  const files = fs.readdirSync(outdir).filter(f => f.includes('.access-report.')).map(f => fs.readFileSync(path.join(outdir, f), 'utf8'));
  const formats = [...files, renderTable(reports), renderJson(reports)];

  test('a bucket with a physical name appears under that name, in every format', () => {
    expect(reports[0].bucket.name).toBe('reports-use1');
    for (const text of formats) expect(text).toContain('reports-use1');
  });

  test('a role with a physical name: its ARN from its name and path, and the name beside its path', () => {
    const reader = reports[0].accessPoints[0].grants.find(g => g.principal === 'Named/Reader')!;
    expect(reader.principalArn).toBe('arn:${AWS::Partition}:iam::111111111111:role/teams/reader');
    expect(renderTable(reports)).toMatch(/Named\/Reader \(role\/teams\/reader\)\s+111111111111\s+reports/);
  });

  test('a generated name appears as the construct path, never as a logical id', () => {
    const generated = reports[0].accessPoints[0].grants.find(g => g.principal === 'Named/Generated')!;
    expect(generated.principalArn).toBe('${Named/Generated.Arn}');
    for (const text of formats) expect(text).not.toMatch(/\$\{[A-Za-z0-9]+[0-9A-F]{8}(\.[A-Za-z]+)?\}/);
  });
});

describe('every format labels the kind of access point', () => {
  const { reports } = synthesize(app => multiRegionApp({ app }));
  test.each([
    ['table', renderTable(reports), /reports \(Multi-Region\)\s+Internet/],
    ['Markdown', renderMarkdown(reports), /## reports: Multi-Region Access Point over eu-west-1, us-east-1; Internet/],
    ['Mermaid', renderMermaid(reports), /"reports \(Multi-Region\)<br\/>Internet"/],
    ['JSON', renderJson(reports), /"kind": "MultiRegionAccessPoint"/],
  ])('%s', (_format, text, label) => {
    expect(text).toMatch(label);
    expect(text).toContain('data-use1');
  });
});
