import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AccessLevel } from './access-level';
import { diffReports } from './cli/access-diff';
import { renderDiffText } from './cli/access-diff-render';
import { readReportsFrom } from './cli/read-reports';
import { capabilitiesOf } from './private/access-levels';
import { AccessReport, ReportAccessPoint, ReportCapability, ReportGrant } from './report/model';
import { ReportNames } from './report/names';
import { accessPointLabel, renderJson } from './report/render';

/**
 * Where requests to an access point may come from.
 */
export enum NetworkOrigin {
  /** From anywhere: an access point without a VPC configuration. */
  INTERNET = 'Internet',
  /** Only from its VPC, through an S3 gateway endpoint. */
  VPC = 'VPC',
}

/**
 * Narrows an access assertion to one access point, prefix or network origin.
 */
export interface AccessAssertionOptions {
  /**
   * The access point, by name.
   *
   * @default - any access point of the reports
   */
  readonly accessPoint?: string;

  /**
   * The key prefix. `allows` passes when a grant covers every key under it; `denies` passes when no
   * grant reaches any key under it; `onlyThese` accepts grants under it.
   *
   * @default - for `allows`, any prefix; for `denies` and `onlyThese`, every key
   */
  readonly prefix?: string;

  /**
   * Only access through access points of this network origin.
   *
   * @default - either origin
   */
  readonly origin?: NetworkOrigin;

  /**
   * For `allows`: the requests carry these object tags (the object's, for reads; the upload's, for
   * writes), so grants limited to tags they include count. Listing keys is never limited by tags.
   *
   * @default - no tags: a grant limited to object tags does not count for `allows`
   */
  readonly objectTags?: { [key: string]: string };
}

/**
 * One access that `onlyThese` expects.
 */
export interface ExpectedAccess extends AccessAssertionOptions {
  /** Who: a role, user, group, function (its role) or any principal (e.g. `iam.ArnPrincipal`). */
  readonly principal: iam.IGrantable;
  /** What: the access level of the grant. */
  readonly level: AccessLevel;
}

/** One row of access: a grant through an access point of a bucket. */
interface Row {
  readonly report: AccessReport;
  readonly ap: ReportAccessPoint;
  readonly grant: ReportGrant;
}

const rowText = (r: Row) => `${r.grant.capabilities.join(', ')} on ${r.grant.keyPrefix || '(all keys)'}` +
  `${Object.keys(r.grant.objectTags).length ? ` (tags ${Object.entries(r.grant.objectTags).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}` +
  ` through ${accessPointLabel(r.ap)} (${r.ap.networkOrigin === 'VPC' ? `VPC ${r.ap.vpc?.path ?? '?'}` : 'Internet'}), bucket ${r.report.bucket.name === r.report.bucket.path ? r.report.bucket.path : `${r.report.bucket.name} (${r.report.bucket.path})`}`;

/** The part of a prefix before its first policy variable: the keys it may reach start with it. */
const literalPart = (prefix: string) => prefix.split('${')[0];

/**
 * Assertions on who can reach what, read from the access report that every synthesis writes into
 * the cloud assembly (docs/access-report.md): the same grant records that render the policies, in
 * the report's words (principals by construct path, access points by name).
 *
 * Use it in unit tests like `Template` of `aws-cdk-lib/assertions`: each assertion throws an error
 * that names the principal, the access asked for and the access found.
 *
 * @example
 * declare const stack: Stack;
 * declare const ec2Role: iam.Role;
 * const access = AccessAssertions.fromStack(stack);
 * access.allows(ec2Role, AccessLevel.READ_WRITE, { accessPoint: 'ec2-consumer', prefix: 'sales_event/' });
 * access.denies(ec2Role, AccessLevel.READ, { prefix: 'inventory_event/' });
 */
export class AccessAssertions {
  /**
   * The access of a stack: every grant through the access points of the buckets it defines and
   * through the access points it defines. Synthesizes the stack's app (or stage), as
   * `Template.fromStack` does.
   */
  public static fromStack(stack: Stack): AccessAssertions {
    const stage = Stage.of(stack);
    if (!Stage.isStage(stage)) throw new Error(`AccessAssertions.fromStack: ${stack.node.path} is not in an App or a Stage`);
    const within = (p: string) => p === stack.node.path || p.startsWith(`${stack.node.path}/`);
    const reports = readAssembly(stage.synth().directory, `stack ${stack.node.path}`)
      .map(report => within(report.bucket.path) ? report : { ...report, accessPoints: report.accessPoints.filter(ap => within(ap.path)) })
      .filter(report => within(report.bucket.path) || report.accessPoints.length > 0);
    if (reports.length === 0) {
      throw new Error(`AccessAssertions.fromStack: stack ${stack.node.path} defines no SharedDataBucket, SharedDirectoryBucket or access point of one`);
    }
    return new AccessAssertions(reports, stack);
  }

  /**
   * The access of every bucket of an app or stage (an `App` is a `Stage`). Synthesizes it.
   */
  public static fromStage(stage: Stage): AccessAssertions {
    return new AccessAssertions(readAssembly(stage.synth().directory, `stage ${stage.node.path || 'the app'}`));
  }

  /**
   * The access in a synthesized cloud assembly directory (e.g. `cdk.out`), or in a report JSON file
   * (a snapshot written by `writeSnapshot`, or what `cdk-s3-access-points report --format json` prints).
   */
  public static fromAssembly(directoryOrFile: string): AccessAssertions {
    return new AccessAssertions(readAssembly(directoryOrFile, directoryOrFile));
  }

  private readonly rows: Row[];

  private constructor(private readonly reports: AccessReport[], private readonly scope?: Stack) {
    this.rows = reports.flatMap(report => report.accessPoints.flatMap(ap => ap.grants.map(grant => ({ report, ap, grant }))));
  }

  /**
   * Asserts that the principal has the access level through an access point: one grant (or several
   * together) covers every key under `prefix` with every capability of `level`
   * (READ: READ and LIST; WRITE; READ_WRITE: READ, WRITE and LIST; DELETE).
   */
  public allows(principal: iam.IGrantable, level: AccessLevel, options: AccessAssertionOptions = {}): void {
    const who = this.principalOf(principal);
    const missing = this.missingFor(who, level, options);
    if (missing.length === 0) return;
    throw new Error(`Expected ${who.label} to be allowed ${describe(level, options)}, but ${this.found(who, options)}` +
      `\n(missing: ${missing.join(', ')})`);
  }

  /**
   * Asserts that the principal has none of the capabilities of `level` on any key under `prefix`
   * (every key by default), through any access point that the options select.
   */
  public denies(principal: iam.IGrantable, level: AccessLevel, options: AccessAssertionOptions = {}): void {
    const who = this.principalOf(principal);
    const capabilities = capabilitiesOf(level);
    const prefix = options.prefix ?? '';
    const reaching = this.rowsOf(who, options)
      .filter(r => r.grant.capabilities.some(c => capabilities.includes(c)) && overlaps(r.grant.keyPrefix, prefix));
    if (reaching.length === 0) return;
    throw new Error(`Expected ${who.label} to be denied ${describe(level, options)}, but the access report gives it:\n` +
      reaching.map(r => `  - ${rowText(r)}`).join('\n'));
  }

  /**
   * Asserts that the reports hold exactly these accesses: each is allowed (as `allows`), and every
   * grant of the reports is covered by one of them (same principal, its capabilities within the
   * level's, its prefix under the expected prefix, and the same access point and origin when given).
   */
  public onlyThese(expected: ExpectedAccess[]): void {
    const problems: string[] = [];
    const listed = expected.map(e => ({ e, who: this.principalOf(e.principal) }));
    for (const { e, who } of listed) {
      const missing = this.missingFor(who, e.level, e);
      if (missing.length) problems.push(`  - listed but not allowed: ${who.label} ${describe(e.level, e)} (missing: ${missing.join(', ')})`);
    }
    for (const row of this.rows) {
      const covered = listed.some(({ e, who }) => who.matches(row.grant) && selects(row, e)
        && row.grant.capabilities.every(c => capabilitiesOf(e.level).includes(c))
        && row.grant.keyPrefix.startsWith(e.prefix ?? ''));
      if (!covered) problems.push(`  - not listed: ${row.grant.principal} has ${rowText(row)}`);
    }
    if (problems.length) throw new Error(`The access report differs from the ${expected.length} listed access(es):\n${problems.join('\n')}`);
  }

  /**
   * The reports, as the JSON that `cdk-s3-access-points report --format json` prints: the content
   * of a snapshot file.
   */
  public toJson(): any {
    return JSON.parse(renderJson(this.reports));
  }

  /**
   * Writes the reports as a snapshot file (JSON, stable across syntheses of the same app), to commit
   * next to the app and compare with `matchesSnapshot`.
   */
  public writeSnapshot(file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderJson(this.reports));
  }

  /**
   * Asserts that the reports equal a committed snapshot file. When they differ, the error lists the
   * access changes (who gains or loses what, widening first). With the environment variable
   * `UPDATE_ACCESS_SNAPSHOTS=1` it rewrites the file instead.
   */
  public matchesSnapshot(file: string): void {
    const rendered = renderJson(this.reports);
    if (process.env.UPDATE_ACCESS_SNAPSHOTS === '1') {
      this.writeSnapshot(file);
      return;
    }
    if (!fs.existsSync(file)) {
      throw new Error(`No access snapshot at ${file}: write it with UPDATE_ACCESS_SNAPSHOTS=1 (or writeSnapshot) and commit it`);
    }
    const committed = fs.readFileSync(file, 'utf8');
    if (committed === rendered) return;
    const diff = diffReports(readReportsFrom(file), this.reports);
    const total = diff.summary.widens + diff.summary.narrows + diff.summary.changes;
    throw new Error(`The access report differs from the snapshot ${file}` +
      (total ? `:\n${renderDiffText(diff)}` : ' in fields the access diff does not model (check the snapshot\'s own diff before updating it)\n') +
      'If this is intended, update the snapshot with UPDATE_ACCESS_SNAPSHOTS=1 and commit it.');
  }

  /** How the report names a principal, and how to tell its rows. */
  private principalOf(grantable: iam.IGrantable): { label: string; matches: (g: ReportGrant) => boolean } {
    const principal = grantable.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      const p = principal.node.path;
      return { label: p, matches: g => g.principal === p };
    }
    const json = principal.policyFragment.principalJson;
    const values = Object.values(json).flat();
    const value = values.length === 1 ? values[0] : JSON.stringify(json);
    const arn = Token.isUnresolved(value) && this.scope ? String(readableArn(this.scope, value)) : String(value);
    return { label: arn, matches: g => g.principalArn === arn || g.principal === arn };
  }

  private rowsOf(who: { matches: (g: ReportGrant) => boolean }, options: AccessAssertionOptions): Row[] {
    return this.rows.filter(r => who.matches(r.grant) && selects(r, options));
  }

  /** The capabilities of `level` that no grant gives on every key under the prefix. */
  private missingFor(who: { matches: (g: ReportGrant) => boolean }, level: AccessLevel, options: AccessAssertionOptions): ReportCapability[] {
    const rows = this.rowsOf(who, options);
    const covers = (r: Row) => options.prefix === undefined || options.prefix.startsWith(r.grant.keyPrefix);
    // A grant limited to object tags reaches only objects with them: it counts when the asked
    // requests carry them (listing keys is not limited by tags).
    const tagged = (r: Row) => Object.entries(r.grant.objectTags).every(([k, v]) => options.objectTags?.[k] === v);
    return capabilitiesOf(level).filter(c => !rows.some(r => covers(r) && r.grant.capabilities.includes(c) && (c === 'LIST' || tagged(r))));
  }

  private found(who: { label: string; matches: (g: ReportGrant) => boolean }, options: AccessAssertionOptions): string {
    const all = this.rows.filter(r => who.matches(r.grant));
    if (all.length === 0) return `the access report gives ${who.label} no access at all.`;
    const selected = this.rowsOf(who, options);
    return `the access report gives it${selected.length < all.length ? ' (everywhere)' : ''}:\n${all.map(r => `  - ${rowText(r)}`).join('\n')}`;
  }
}

function readAssembly(source: string, what: string): AccessReport[] {
  try {
    return readReportsFrom(source);
  } catch (e) {
    throw new Error(`AccessAssertions (${what}): ${(e as Error).message}`);
  }
}

/** Whether a row is through an access point that the options select. */
function selects(r: Row, options: AccessAssertionOptions): boolean {
  return (options.accessPoint === undefined || r.ap.name === options.accessPoint)
    && (options.origin === undefined || r.ap.networkOrigin === options.origin);
}

/** Whether two prefixes share a key: one starts with the other (up to a policy variable). */
function overlaps(grantPrefix: string, prefix: string): boolean {
  const g = literalPart(grantPrefix);
  return g.startsWith(prefix) || prefix.startsWith(g);
}

function describe(level: AccessLevel, options: AccessAssertionOptions): string {
  const tags = Object.entries(options.objectTags ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${level} (${capabilitiesOf(level).join(', ')}) on ${options.prefix === undefined ? 'any prefix' : options.prefix || '(all keys)'}${tags ? ` (tags ${tags})` : ''}` +
    `${options.accessPoint ? ` through ${options.accessPoint}` : ''}${options.origin ? ` from ${options.origin === NetworkOrigin.VPC ? 'a VPC' : 'the internet'}` : ''}`;
}

/** A principal's ARN with tokens, as the report writes it. */
function readableArn(stack: Stack, value: unknown): string {
  return new ReportNames().show(stack, value);
}
