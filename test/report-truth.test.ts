/*
 * The report must not lie. For every scenario app, every access point and every principal of the
 * app, probe requests (in the granted prefix, in a sibling prefix, at the root, in another user's
 * folder; with and without the granted tags; READ, WRITE, DELETE and LIST) are evaluated against
 * the synthesized policies by the independent evaluator. A request the evaluator allows must be
 * covered by a report row, and a request a row covers must be allowed, unless the row says its
 * principal's account still has to add the identity policy.
 *
 * Rules the report states in prose and this test encodes: a ${aws:username} prefix is the
 * requester's own name; listing keys is not limited by object tags; requests to a VPC-origin access
 * point come from its VPC.
 */
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { CrossAccountApp } from '../examples/cross-account';
import { DataLakeStack } from '../examples/data-lake';
import { TaggedRecordsStack } from '../examples/tagged';
import { UserFoldersStack } from '../examples/user-folders';
import { VpcOnlyStack } from '../examples/vpc-only';
import { AccessEvaluator, S3Request } from './support/access-evaluator';
import { ACCOUNT, REGION } from './support/resolve-template';
import { synthesize } from './support/synth';
import { ReportAccessPoint, ReportGrant } from '../src/report/model';

const SCENARIOS: [string, (app: App) => void][] = [
  ['S1 data lake', app => new DataLakeStack(app, 'DataLake')],
  ['S2 user folders', app => new UserFoldersStack(app, 'UserFolders')],
  ['S3 VPC-only', app => new VpcOnlyStack(app, 'VpcOnly', { env: { region: REGION } })],
  ['S4 tags', app => new TaggedRecordsStack(app, 'Tagged')],
  ['S7 cross-account', app => new CrossAccountApp(app, 'CrossAccount')],
];

const ACTIONS = { READ: 's3:GetObject', WRITE: 's3:PutObject', DELETE: 's3:DeleteObject', LIST: 's3:ListBucket' } as const;
type Capability = keyof typeof ACTIONS;

interface Requester {
  readonly arn: string;
  readonly username?: string;
}

/** The IAM identities that make requests as a report principal (a group's members, for a group). */
function requestersOf(app: App, principal: string, principalArn: string): Requester[] {
  const construct = app.node.findAll().find(c => c.node.path === principal);
  if (!construct) return [{ arn: principalArn }];
  if (construct instanceof iam.Group) {
    const groupId = Stack.of(construct).getLogicalId(construct.node.defaultChild as iam.CfnGroup);
    return app.node.findAll()
      .filter(c => c instanceof iam.CfnUser && (JSON.stringify(Stack.of(c).resolve((c as iam.CfnUser).groups)) ?? '').includes(`"${groupId}"`))
      .map(c => identityOf(c)!);
  }
  return [identityOf(construct.node.defaultChild) ?? { arn: principalArn }];
}

/** The ARN the evaluator gives a role or user of the templates. */
function identityOf(cfn: IConstruct | undefined): Requester | undefined {
  if (!(cfn instanceof iam.CfnRole) && !(cfn instanceof iam.CfnUser)) return undefined;
  const stack = Stack.of(cfn);
  const account = stack.resolve(stack.account).Ref ? ACCOUNT : stack.account;
  const id = stack.getLogicalId(cfn);
  if (cfn instanceof iam.CfnRole) return { arn: `arn:aws:iam::${account}:role/${stack.resolve(cfn.roleName) ?? `role-${id}`}` };
  const name = stack.resolve(cfn.userName) ?? `user-${id}`;
  return { arn: `arn:aws:iam::${account}:user/${name}`, username: name };
}

/** The logical id of a VPC of the app, by its construct path (the id the evaluator's resolver gives the VPC). */
function vpcLogicalId(app: App, vpcPath: string): string {
  const vpc = app.node.findAll().find(c => c.node.path === vpcPath)!;
  const cfn = vpc.node.defaultChild as CfnElement;
  return Stack.of(cfn).getLogicalId(cfn);
}

/** Whether a report row says the request is allowed. */
function covered(rows: ReportGrant[], requester: Requester, capability: Capability, key: string, tags: Record<string, string>): boolean {
  return rows.some(row => {
    if (!row.capabilities.includes(capability) || row.identityPolicy === 'MUST_BE_ADDED') return false;
    if (row.keyPrefix.includes('${aws:username}') && !requester.username) return false;
    const prefix = row.keyPrefix.replace('${aws:username}', requester.username ?? '');
    const tagsHold = capability === 'LIST' || Object.entries(row.objectTags).every(([k, v]) => tags[k] === v);
    return key.startsWith(prefix) && tagsHold;
  });
}

/** Keys to probe on an access point for a requester: granted, sibling, root, another user's folder. */
function probeKeys(ap: ReportAccessPoint, rows: ReportGrant[], requester: Requester): string[] {
  const prefixes = new Set([ap.prefix, ...rows.map(r => r.keyPrefix.replace('${aws:username}', requester.username ?? 'nobody'))]);
  const keys = new Set<string>(['probe.txt', `${ap.prefix}someone-else/probe.txt`]);
  for (const prefix of prefixes) {
    keys.add(`${prefix}probe.txt`);
    if (prefix !== '') keys.add(`${prefix.replace(/\/$/, '')}_sibling/probe.txt`);
  }
  return [...keys];
}

/** Every probe on one access point whose evaluation disagrees with the report's rows. */
async function mismatches(app: App, evaluator: AccessEvaluator, everyone: Map<string, Requester>, ap: ReportAccessPoint) {
  const rowsOf = new Map<string, ReportGrant[]>();
  for (const row of ap.grants) {
    for (const requester of requestersOf(app, row.principal, row.principalArn)) {
      everyone.set(requester.arn, requester);
      rowsOf.set(requester.arn, [...(rowsOf.get(requester.arn) ?? []), row]);
    }
  }
  const found: string[] = [];
  let probes = 0;
  for (const requester of everyone.values()) {
    const rows = rowsOf.get(requester.arn) ?? [];
    const tagVariants = [{}, ...rows.map(r => r.objectTags).filter(t => Object.keys(t).length > 0)];
    for (const key of probeKeys(ap, rows, requester)) {
      for (const tags of tagVariants) {
        for (const capability of Object.keys(ACTIONS) as Capability[]) {
          const tagContext = Object.fromEntries(Object.entries(tags).map(([k, v]) =>
            [`s3:${capability === 'WRITE' ? 'RequestObjectTag' : 'ExistingObjectTag'}/${k}`, v]));
          const request: S3Request = {
            principal: requester.arn,
            accessPoint: ap.name,
            action: ACTIONS[capability],
            ...(capability === 'LIST' ? { listPrefix: key.slice(0, key.lastIndexOf('/') + 1) } : { key }),
            context: { ...(capability === 'LIST' ? {} : tagContext), ...(requester.username ? { 'aws:username': requester.username } : {}) },
            ...(ap.vpc ? { fromVpc: vpcLogicalId(app, ap.vpc.path) } : {}),
          };
          const expected = covered(rows, requester, capability, capability === 'LIST' ? request.listPrefix! : key, tags);
          const actual = (await evaluator.evaluate(request)) === 'Allowed';
          probes++;
          if (expected !== actual) {
            found.push(`${requester.arn} ${capability} ${request.key ?? `list ${request.listPrefix}`} ${JSON.stringify(tags)}: ` +
              `report says ${expected ? 'allowed' : 'denied'}, policies say ${actual ? 'allowed' : 'denied'}`);
          }
        }
      }
    }
  }
  return { found, probes };
}

/** The scenario's evaluator and every IAM identity of its app. */
function setup(build: (app: App) => void) {
  const synthesized = synthesize(build);
  const everyone = new Map<string, Requester>();
  for (const c of synthesized.app.node.findAll()) {
    const identity = identityOf(c);
    if (identity) everyone.set(identity.arn, identity);
  }
  return { ...synthesized, evaluator: AccessEvaluator.fromTemplates(...synthesized.templates), everyone };
}

describe.each(SCENARIOS)('%s', (_name, build) => {
  const { app, reports, evaluator, everyone } = setup(build);

  test('has a report', () => {
    expect(reports.length).toBeGreaterThan(0);
  });

  for (const report of reports) {
    for (const ap of report.accessPoints) {
      test(`${ap.name}: every row is true, and nothing the policies allow is missing`, async () => {
        const { found, probes } = await mismatches(app, evaluator, everyone, ap);
        expect(found).toEqual([]);
        expect(probes).toBeGreaterThan(0);
      });
    }
  }
});

describe('the check catches a report that lies', () => {
  const { app, reports: [report], evaluator, everyone } = setup(SCENARIOS[0][1]);
  const ap = report.accessPoints[0];

  test('a row claiming more than the policies give', async () => {
    const inflated = { ...ap, grants: ap.grants.map(g => ({ ...g, capabilities: [...g.capabilities, 'DELETE' as const] })) };
    expect((await mismatches(app, evaluator, everyone, inflated)).found.join('\n')).toMatch(/DELETE sales_event\/probe\.txt \{\}: report says allowed, policies say denied/);
  });

  test('a missing row', async () => {
    expect((await mismatches(app, evaluator, everyone, { ...ap, grants: [] })).found.join('\n')).toMatch(/READ sales_event\/probe\.txt \{\}: report says denied, policies say allowed/);
  });

  test('a row with a wider prefix than the policies', async () => {
    const wider = { ...ap, grants: ap.grants.map(g => ({ ...g, keyPrefix: 'sales_event' })) };
    expect((await mismatches(app, evaluator, everyone, wider)).found.join('\n')).toMatch(/sales_event_sibling\/probe\.txt \{\}: report says allowed, policies say denied/);
  });
});
