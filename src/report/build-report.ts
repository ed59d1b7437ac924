/*
 * Builds a SharedDataBucket's access report from the grant records of its access points: the same
 * records that render the policies. It renders no policy itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AccessReport, REPORT_SCHEMA_VERSION, ReportAccessPoint, ReportGrant } from './model';
import { renderMarkdown, renderMermaid } from './render';
import { AccessPointBase } from '../access-point';
import { capabilitiesOf } from '../private/capabilities';
import { readable } from '../private/policy-size';
import { accessPointsOf } from '../private/rules';
import { VpcOnlyAccessPoint } from '../vpc-only-access-point';

/** What the bucket's delegation knows of the bucket besides its construct. */
export interface BucketFacts {
  readonly accessPoints: AccessPointBase[];
  readonly encryption: string;
  readonly accessPointAccounts: string[];
  /** For a bucket made elsewhere: whether this app writes the delegation statement, and the statement. */
  readonly delegation?: { readonly policyWritten: boolean; readonly statement: unknown };
  readonly boundary?: { readonly vpcs?: { readonly node: { readonly path: string } }[]; readonly administratorArns?: string[] };
}

function describePrincipal(scope: Construct, principal: iam.IPrincipal): { principal: string; principalArn: string } {
  const json = principal.policyFragment.principalJson;
  const values = Object.values(json).flat();
  const principalArn = readable(scope, values.length === 1 ? values[0] : json);
  // A principal defined in the app is shown by its construct path (a function by its role's).
  const principalPath = Construct.isConstruct(principal) ? principal.node.path : undefined;
  return { principal: principalPath ?? principalArn, principalArn };
}

function grantsOf(ap: AccessPointBase): ReportGrant[] {
  return ap.grants.map(record => ({
    ...describePrincipal(ap, record.principal),
    account: record.principal.principalAccount === undefined ? undefined : readable(ap, record.principal.principalAccount),
    keyPrefix: readable(ap, record.keyPrefix),
    objectTags: { ...record.objectTags ?? {} },
    level: record.level,
    capabilities: capabilitiesOf(record.level),
    inAccessPointPolicy: record.inResourcePolicy,
    identityPolicy: record.identityPolicy,
  })).sort((a, b) => a.principal.localeCompare(b.principal) || a.keyPrefix.localeCompare(b.keyPrefix) || a.level.localeCompare(b.level));
}

function describeAccessPoint(ap: AccessPointBase): ReportAccessPoint {
  const imported = ap.node.defaultChild === undefined;
  const vpcOnly = ap instanceof VpcOnlyAccessPoint ? ap : undefined;
  return {
    name: readable(ap, ap.accessPointName),
    path: imported ? readable(ap, ap.accessPointArn) : ap.node.path,
    imported,
    account: readable(ap, ap.env.account),
    prefix: readable(ap, ap.prefix),
    networkOrigin: vpcOnly ? 'VPC' : 'Internet',
    ...(vpcOnly ? {
      vpc: { path: vpcOnly.vpc.node.path, id: readable(vpcOnly, vpcOnly.vpc.vpcId) },
      endpoint: {
        path: vpcOnly.endpoint.node.path,
        approval: vpcOnly.endpointApproval.accountIds === undefined ? 'ACCESS_POINT' : 'ACCOUNTS',
        allowances: vpcOnly.endpointAllowances.map(a => a.name),
      },
    } : {}),
    grants: grantsOf(ap),
  };
}

/** The report of a bucket, deterministic: access points by name, grants by principal. */
export function buildAccessReport(bucket: s3.IBucket, facts: BucketFacts): AccessReport {
  const stack = Stack.of(bucket);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    bucket: {
      path: bucket.node.path,
      stack: stack.stackName,
      name: readable(bucket, bucket.bucketName),
      account: readable(bucket, bucket.env.account),
      region: readable(bucket, bucket.env.region),
      encryption: facts.encryption,
      accessPointAccounts: facts.accessPointAccounts.map(a => readable(bucket, a)),
      ...(facts.delegation ? {
        adopted: {
          delegationPolicyWritten: facts.delegation.policyWritten,
          delegationStatement: JSON.parse(readable(bucket, facts.delegation.statement)),
        },
      } : {}),
      ...(facts.boundary ? {
        objectRequestBoundary: {
          vpcs: (facts.boundary.vpcs ?? []).map(v => v.node.path),
          administratorArns: [...facts.boundary.administratorArns ?? []],
        },
      } : {}),
    },
    accessPoints: facts.accessPoints.map(describeAccessPoint).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The file name stem of a bucket's report in the cloud assembly. */
export function reportFileStem(report: AccessReport): string {
  return `${report.bucket.path.replace(/[^A-Za-z0-9._-]+/g, '-')}.access-report`;
}

/**
 * Writes the access report of a delegating bucket into the cloud assembly at every synthesis, with
 * the access points made over it and what `facts` says of the bucket then.
 */
export function attachAccessReport(scope: Construct, bucket: s3.IBucket, facts: () => Omit<BucketFacts, 'accessPoints'>): void {
  attachCustomSynthesis(scope, {
    onSynthesize: session => writeAccessReport(session.outdir, buildAccessReport(bucket, {
      ...facts(),
      accessPoints: accessPointsOf(bucket) as AccessPointBase[],
    })),
  });
}

/** Writes the report as JSON, Markdown and Mermaid into the cloud assembly directory. */
export function writeAccessReport(outdir: string, report: AccessReport): void {
  const stem = path.join(outdir, reportFileStem(report));
  fs.writeFileSync(`${stem}.json`, JSON.stringify(report, undefined, 2) + '\n');
  fs.writeFileSync(`${stem}.md`, renderMarkdown([report]));
  fs.writeFileSync(`${stem}.mmd`, renderMermaid([report]));
}
