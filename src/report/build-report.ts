/*
 * Builds a delegating bucket's access report from the descriptions its access points give of
 * themselves (private/access-point-description.ts) and their grant records: the same records that
 * render the policies. It renders no policy itself and knows no construct kind.
 */
import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { AccessReport, REPORT_SCHEMA_VERSION, ReportAccessPoint, ReportGrant } from './model';
import { ReportNames } from './names';
import { renderMarkdown, renderMermaid } from './render';
import { capabilitiesOf } from '../private/access-levels';
import { AccessPointDescription } from '../private/access-point-description';
import { BOUNDARY_CLASSES } from '../private/action-classes';
import { accessPointsOf } from '../private/registry';

/** What the bucket's delegation knows of the bucket besides its construct. */
export interface BucketFacts {
  readonly accessPoints: AccessPointDescription[];
  readonly encryption: string;
  readonly accessPointAccounts: string[];
  /** For a bucket made elsewhere: whether this app writes the delegation statement, and the statement. */
  readonly delegation?: { readonly policyWritten: boolean; readonly statement: unknown };
  readonly boundary?: {
    readonly vpcs?: { readonly node: { readonly path: string } }[];
    readonly vpcEndpoints?: { readonly node: { readonly path: string } }[];
    readonly administratorArns?: string[];
    readonly serviceRoles?: { readonly roleArn: string }[];
    readonly deploymentRoleArns?: string[];
  };
  /** Which access points of the bucket's own account it delegates to. */
  readonly delegationScope?: string;
}

/**
 * The bucket a report is about: a general purpose bucket (`s3.IBucket`) or a directory bucket, by
 * what the report reads of it.
 */
export interface ReportedBucket extends IConstruct {
  readonly bucketName: string;
  readonly env: { readonly account: string; readonly region: string };
}

/** How values are shown: in the report's words (names.ts), with the strings of each stack resolved once per report. */
type Show = (scope: IConstruct, value: unknown) => string;

function showOnce(names: ReportNames, accessPoints: AccessPointDescription[]): Show {
  const shown = new Map<string, string>();
  // The principals' ARNs and accounts of each stack, resolved in one call per stack.
  const wanted = new Map<Stack, Set<string>>();
  for (const ap of accessPoints) {
    const stack = Stack.of(ap.scope);
    const values = wanted.get(stack) ?? new Set<string>();
    wanted.set(stack, values);
    for (const record of ap.grants) {
      for (const value of [principalValue(record.principal), record.principal.principalAccount]) {
        if (typeof value === 'string' && Token.isUnresolved(value)) values.add(value);
      }
    }
  }
  for (const [stack, values] of wanted) {
    const list = [...values];
    names.showAll(stack, list).forEach((text, i) => shown.set(`${stack.node.path}\0${list[i]}`, text));
  }
  return (scope, value) => {
    if (typeof value !== 'string') return names.show(scope, value);
    const key = `${Stack.of(scope).node.path}\0${value}`;
    let text = shown.get(key);
    if (text === undefined) {
      text = names.show(scope, value);
      shown.set(key, text);
    }
    return text;
  };
}

/** Sorts as `localeCompare` does, without its cost per call. */
const collator = new Intl.Collator();

/** What the report shows of a principal: its one ARN (or service), else its whole principal JSON. */
function principalValue(principal: iam.IPrincipal): unknown {
  const json = principal.policyFragment.principalJson;
  const values = Object.values(json).flat();
  return values.length === 1 ? values[0] : json;
}

function describePrincipal(show: Show, scope: IConstruct, principal: iam.IPrincipal): { principal: string; principalArn: string } {
  const principalArn = show(scope, principalValue(principal));
  // A principal defined in the app is shown by its construct path (a function by its role's).
  const principalPath = Construct.isConstruct(principal) ? principal.node.path : undefined;
  return { principal: principalPath ?? principalArn, principalArn };
}

function grantsOf(show: Show, ap: AccessPointDescription): ReportGrant[] {
  const scope = ap.scope;
  return ap.grants.map(record => ({
    ...describePrincipal(show, scope, record.principal),
    account: record.principal.principalAccount === undefined ? undefined : show(scope, record.principal.principalAccount),
    keyPrefix: show(scope, record.keyPrefix),
    objectTags: { ...record.objectTags ?? {} },
    level: record.level,
    capabilities: capabilitiesOf(record.level),
    inAccessPointPolicy: record.inResourcePolicy,
    identityPolicy: record.identityPolicy,
  })).sort((a, b) => collator.compare(a.principal, b.principal) || collator.compare(a.keyPrefix, b.keyPrefix) || collator.compare(a.level, b.level));
}

function describeAccessPoint(names: ReportNames, show: Show, ap: AccessPointDescription): ReportAccessPoint {
  const scope = ap.scope;
  const { vpc, endpoint } = ap.network;
  return {
    name: names.name(scope, ap.name),
    path: ap.imported ? show(scope, ap.arn) : scope.node.path,
    imported: ap.imported,
    account: show(scope, ap.account),
    prefix: show(scope, ap.prefix),
    networkOrigin: ap.network.origin,
    ...(vpc ? { vpc: { path: vpc.node.path, id: show(scope, vpc.vpcId) } } : {}),
    ...(endpoint ? {
      endpoint: {
        path: endpoint.construct.node.path,
        approval: endpoint.approval,
        allowances: [...endpoint.allowances],
        ...(endpoint.managed === false ? { managed: false } : {}),
      },
    } : {}),
    grants: grantsOf(show, ap),
    // Written only for the other kinds, so that existing reports stay byte-identical.
    ...(ap.kind && ap.kind !== 'AccessPoint' ? { kind: ap.kind } : {}),
    ...(ap.zone !== undefined ? { zone: show(scope, ap.zone) } : {}),
    ...(ap.accessScope ? {
      scope: {
        prefixes: ap.accessScope.prefixes.map(p => show(scope, p)),
        permissions: [...ap.accessScope.permissions],
      },
    } : {}),
    ...(ap.regions ? { regions: ap.regions.map(r => show(scope, r)).sort(collator.compare) } : {}),
  };
}

/** The report of a bucket, deterministic: access points by name, grants by principal. */
export function buildAccessReport(bucket: ReportedBucket, facts: BucketFacts): AccessReport {
  const stack = Stack.of(bucket);
  const names = new ReportNames();
  const readable = (scope: IConstruct, value: unknown) => names.show(scope, value);
  const show = showOnce(names, facts.accessPoints);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    bucket: {
      path: bucket.node.path,
      stack: stack.stackName,
      name: names.name(bucket, bucket.bucketName),
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
          ...(facts.boundary.vpcEndpoints?.length ? { vpcEndpoints: facts.boundary.vpcEndpoints.map(e => e.node.path) } : {}),
          administratorArns: [...facts.boundary.administratorArns ?? []],
          serviceRoleArns: (facts.boundary.serviceRoles ?? []).map(r => readable(bucket, r.roleArn)),
          ...(facts.boundary.deploymentRoleArns ? { deploymentRoleArns: facts.boundary.deploymentRoleArns.map(r => readable(bucket, r)) } : {}),
          deniedOutsideAccessPoints: [...BOUNDARY_CLASSES.outsideAccessPoints],
          deniedExceptExempt: [...BOUNDARY_CLASSES.exceptExempt],
        },
      } : {}),
      ...(facts.delegationScope ? { delegationScope: facts.delegationScope } : {}),
    },
    accessPoints: facts.accessPoints.map(ap => describeAccessPoint(names, show, ap)).sort((a, b) => collator.compare(a.name, b.name)),
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
export function attachAccessReport(scope: Construct, bucket: ReportedBucket, facts: () => Omit<BucketFacts, 'accessPoints'>): void {
  attachCustomSynthesis(scope, {
    onSynthesize: session => writeAccessReport(session.outdir, buildAccessReport(bucket, {
      ...facts(),
      accessPoints: accessPointsOf(bucket).map(ap => ap.describeAccessPoint()),
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
