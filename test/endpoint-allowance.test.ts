/*
 * The EndpointAllowance presets: the buckets each one allows, listed, and together every AWS-owned
 * bucket of aws-samples/data-perimeter-policy-examples vpc_endpoint_policies/s3_endpoint_policy.json
 * (statement AllowRequestsToAWSOwnedResources, commit 031eaa58dd6659374ebda5eefa0e4e5d801b3fa5).
 */
import { EndpointAllowance } from '../src';

/** The source's resources, verbatim (`<region>`, `<RegionWithoutDashes>`). */
const DATA_PERIMETER_S3_ENDPOINT_RESOURCES = [
  'arn:aws:s3:::packages.<region>.amazonaws.com/*',
  'arn:aws:s3:::repo.<region>.amazonaws.com/*',
  'arn:aws:s3:::amazonlinux.<region>.amazonaws.com/*',
  'arn:aws:s3:::amazonlinux-2-repos-<region>/*',
  'arn:aws:s3:::al2023-repos-<region>-de612dc2/*',
  'arn:aws:s3:::al2023-<region>/*',
  'arn:aws:s3:::repo.<region>.emr.amazonaws.com/*',
  'arn:aws:s3:::prod.<region>.appinfo.src/*',
  'arn:aws:s3:::aws-ssm-<region>/*',
  'arn:aws:s3:::aws-windows-downloads-<region>/*',
  'arn:aws:s3:::amazon-ssm-<region>/*',
  'arn:aws:s3:::amazon-ssm-packages-<region>/*',
  'arn:aws:s3:::<region>-birdwatcher-prod/*',
  'arn:aws:s3:::aws-ssm-distributor-file-<region>/*',
  'arn:aws:s3:::aws-ssm-document-attachments-<region>/*',
  'arn:aws:s3:::patch-baseline-snapshot-<region>/*',
  'arn:aws:s3:::aws-patchmanager-macos-<region>/*',
  'arn:aws:s3:::amazoncloudwatch-agent-<region>/*',
  'arn:aws:s3:::amazoncloudwatch-agent/*',
  'arn:aws:s3:::aws-codedeploy-<region>/*',
  'arn:aws:s3:::ec2imagebuilder-toe-<region>-prod/*',
  'arn:aws:s3:::ec2imagebuilder-managed-resources-<region>-prod/components/*',
  'arn:aws:s3:::prod-<region>-starport-layer-bucket/*',
  'arn:aws:s3:::aws-mgn-clients-<region>/*',
  'arn:aws:s3:::aws-mgn-clients-hashes-<region>/*',
  'arn:aws:s3:::aws-mgn-internal-<region>/*',
  'arn:aws:s3:::aws-mgn-internal-hashes-<region>/*',
  'arn:aws:s3:::aws-application-migration-service-<region>/*',
  'arn:aws:s3:::aws-application-migration-service-hashes-<region>/*',
  'arn:aws:s3:::aws-drs-clients-<region>/*',
  'arn:aws:s3:::aws-drs-clients-hashes-<region>/*',
  'arn:aws:s3:::aws-drs-internal-<region>/*',
  'arn:aws:s3:::aws-drs-internal-hashes-<region>/*',
  'arn:aws:s3:::aws-elastic-disaster-recovery-<region>/*',
  'arn:aws:s3:::aws-elastic-disaster-recovery-hashes-<region>/*',
  'arn:aws:s3:::cloudformation-waitcondition-<region>/*',
  'arn:aws:s3:::cloudformation-custom-resource-response-<RegionWithoutDashes>/*',
  'arn:aws:s3:::aws-ec2-enclave-certificate-<region>-prod/*',
];

const PRESETS: [string, EndpointAllowance, string, string[]][] = [
  ['ECR', EndpointAllowance.ECR, 's3:GetObject', ['prod-eu-west-1-starport-layer-bucket/*']],
  ['AMAZON_LINUX', EndpointAllowance.AMAZON_LINUX, 's3:GetObject', [
    'packages.eu-west-1.amazonaws.com/*', 'repo.eu-west-1.amazonaws.com/*', 'amazonlinux.eu-west-1.amazonaws.com/*',
    'amazonlinux-2-repos-eu-west-1/*', 'al2023-repos-eu-west-1-de612dc2/*', 'al2023-eu-west-1/*',
  ]],
  ['SSM', EndpointAllowance.SSM, 's3:GetObject', [
    'aws-ssm-eu-west-1/*', 'aws-windows-downloads-eu-west-1/*', 'amazon-ssm-eu-west-1/*', 'amazon-ssm-packages-eu-west-1/*',
    'eu-west-1-birdwatcher-prod/*', 'aws-ssm-distributor-file-eu-west-1/*', 'aws-ssm-document-attachments-eu-west-1/*',
    'patch-baseline-snapshot-eu-west-1/*', 'aws-patchmanager-macos-eu-west-1/*',
  ]],
  ['CLOUDWATCH_AGENT', EndpointAllowance.CLOUDWATCH_AGENT, 's3:GetObject', ['amazoncloudwatch-agent-eu-west-1/*', 'amazoncloudwatch-agent/*']],
  ['CODEDEPLOY', EndpointAllowance.CODEDEPLOY, 's3:GetObject', ['aws-codedeploy-eu-west-1/*']],
  ['EMR', EndpointAllowance.EMR, 's3:GetObject', ['repo.eu-west-1.emr.amazonaws.com/*', 'prod.eu-west-1.appinfo.src/*']],
  ['EC2_IMAGE_BUILDER', EndpointAllowance.EC2_IMAGE_BUILDER, 's3:GetObject', [
    'ec2imagebuilder-toe-eu-west-1-prod/*', 'ec2imagebuilder-managed-resources-eu-west-1-prod/components/*',
  ]],
  ['APPLICATION_MIGRATION_SERVICE', EndpointAllowance.APPLICATION_MIGRATION_SERVICE, 's3:GetObject', [
    'aws-mgn-clients-eu-west-1/*', 'aws-mgn-clients-hashes-eu-west-1/*', 'aws-mgn-internal-eu-west-1/*', 'aws-mgn-internal-hashes-eu-west-1/*',
    'aws-application-migration-service-eu-west-1/*', 'aws-application-migration-service-hashes-eu-west-1/*',
  ]],
  ['ELASTIC_DISASTER_RECOVERY', EndpointAllowance.ELASTIC_DISASTER_RECOVERY, 's3:GetObject', [
    'aws-drs-clients-eu-west-1/*', 'aws-drs-clients-hashes-eu-west-1/*', 'aws-drs-internal-eu-west-1/*', 'aws-drs-internal-hashes-eu-west-1/*',
    'aws-elastic-disaster-recovery-eu-west-1/*', 'aws-elastic-disaster-recovery-hashes-eu-west-1/*',
  ]],
  ['NITRO_ENCLAVES', EndpointAllowance.NITRO_ENCLAVES, 's3:GetObject', ['aws-ec2-enclave-certificate-eu-west-1-prod/*']],
  ['CLOUDFORMATION', EndpointAllowance.CLOUDFORMATION, 's3:PutObject', [
    'cloudformation-waitcondition-eu-west-1/arn:aws:cloudformation:eu-west-1:111111111111:stack/*',
    'cloudformation-custom-resource-response-euwest1/arn:aws:cloudformation:eu-west-1:111111111111:stack/*',
  ]],
];

const statementOf = (a: EndpointAllowance, region = 'eu-west-1') => a._toStatement('aws', region, '111111111111').toStatementJson();
const resourcesOf = (a: EndpointAllowance, region = 'eu-west-1'): string[] => [statementOf(a, region).Resource].flat();

test.each(PRESETS)('%s: its action on exactly its buckets', (_name, allowance, action, objects) => {
  const statement = statementOf(allowance);
  expect(statement).toMatchObject({ Effect: 'Allow', Principal: '*', Action: action });
  expect(resourcesOf(allowance)).toEqual(objects.map(o => `arn:aws:s3:::${o}`));
});

test('together, the presets cover every AWS-owned bucket of the data-perimeter S3 endpoint policy, and nothing else', () => {
  const region = 'ap-southeast-2';
  const expected = DATA_PERIMETER_S3_ENDPOINT_RESOURCES
    .map(r => r.replace(/<RegionWithoutDashes>/g, region.replace(/-/g, '')).replace(/<region>/g, region)).sort();
  // CLOUDFORMATION narrows its buckets to the keys of the endpoint's own stacks: compared by bucket here.
  const ownStacks = `arn:aws:cloudformation:${region}:111111111111:stack/*`;
  const covered = PRESETS.flatMap(([, allowance]) => resourcesOf(allowance, region)).map(r => r.replace(`/${ownStacks}`, '/*')).sort();
  expect(covered).toEqual(expected);
});

test('a key-prefix pattern allows only the keys under the prefix, never the whole bucket', () => {
  const resources = resourcesOf(EndpointAllowance.EC2_IMAGE_BUILDER);
  expect(resources).toContain('arn:aws:s3:::ec2imagebuilder-managed-resources-eu-west-1-prod/components/*');
  expect(resources).not.toContain('arn:aws:s3:::ec2imagebuilder-managed-resources-eu-west-1-prod/*');
});
