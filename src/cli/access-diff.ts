/*
 * The access diff: what changes between two sets of access reports (report/model.ts), in the terms
 * a reviewer decides on: who gains or loses access, which prefix, level or object tags widen or
 * narrow, which access point moves from a VPC to the internet, which account the bucket newly
 * delegates to, and how the bucket's delegation scope and object request boundary change.
 *
 * Plain data in, plain data out (no aws-cdk-lib): the CLI's `diff` and AccessAssertions'
 * snapshots use it. Buckets are matched by construct path, access points by name within their
 * bucket, grants by principal: the keys that stay put when an app is edited.
 */
import { AccessReport, ReportAccessPoint, ReportCapability, ReportGrant } from '../report/model';
import { accessPointLabel } from '../report/render';

/** What a change does to access: widens it (someone reaches more), narrows it, or neither. */
export type ChangeEffect = 'widens' | 'narrows' | 'changes';

/** The kinds of change, each with one sentence shape (access-diff-render.ts). */
export type ChangeKind =
  | 'bucket-added' | 'bucket-removed'
  | 'principal-gains' | 'principal-loses'
  | 'capabilities' | 'prefix' | 'object-tags' | 'identity-policy'
  | 'access-point-added' | 'access-point-removed' | 'access-point-prefix' | 'network-origin' | 'endpoint'
  | 'directory-scope' | 'regions'
  | 'partner-account' | 'delegation-scope' | 'object-request-boundary' | 'bucket';

/** One change, with the structured facts a test (or a bot) can act on, and a sentence for people. */
export interface AccessChange {
  readonly effect: ChangeEffect;
  readonly kind: ChangeKind;
  /** The bucket's construct path. */
  readonly bucket: string;
  /** The bucket's name (its construct path when the name is generated). */
  readonly bucketName: string;
  /** The access point's name, for changes through one access point. */
  readonly accessPoint?: string;
  /** The access point's kind, when it is not a general purpose bucket's. */
  readonly accessPointKind?: string;
  /** The principal, for changes of one principal's access. */
  readonly principal?: string;
  /** What it was and what it is, in the report's words (a prefix, capabilities, an origin, ...). */
  readonly before?: string;
  readonly after?: string;
  /** The capabilities gained (widens) or lost (narrows), for changes of a principal's access. */
  readonly capabilities?: ReportCapability[];
  /** The key prefix the capabilities apply to ('' for every key); after the change, for a prefix change. */
  readonly keyPrefix?: string;
  /** The access point's network origin after the change (before it, for what was removed). */
  readonly networkOrigin?: string;
  /** The sentence a reviewer reads. */
  readonly message: string;
}

/** The diff of two sets of reports. */
export interface AccessDiff {
  readonly diffVersion: 1;
  readonly summary: { readonly widens: number; readonly narrows: number; readonly changes: number };
  /** Every change: widening first, then narrowing, then the rest; within each, by bucket. */
  readonly changes: AccessChange[];
}

const CAPABILITY_ORDER: ReportCapability[] = ['READ', 'WRITE', 'DELETE', 'LIST'];
const EFFECT_ORDER: ChangeEffect[] = ['widens', 'narrows', 'changes'];

const sortCaps = (caps: Iterable<ReportCapability>) => CAPABILITY_ORDER.filter(c => new Set(caps).has(c));
const capsText = (caps: ReportCapability[]) => caps.join(', ') || 'nothing';
const prefixText = (prefix: string) => prefix === '' ? '(all keys)' : prefix;
const tagsText = (tags: Record<string, string>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
/** An access point in a sentence: `ec2-consumer`, `reports (Multi-Region)`. */
const apText = accessPointLabel;

/** Where requests may come from: `Internet`, `VPC DataLake/Vpc`. */
export function originText(ap: ReportAccessPoint): string {
  return ap.networkOrigin === 'VPC' ? `VPC ${ap.vpc?.path ?? '?'}` : 'Internet';
}

/** The widest reading of a prefix change: a shorter prefix that the old one starts with widens. */
function prefixEffect(before: string, after: string): ChangeEffect {
  if (before === after) return 'changes';
  if (before.startsWith(after)) return 'widens';
  if (after.startsWith(before)) return 'narrows';
  // Another prefix: keys the principal could not reach before.
  return 'widens';
}

/** A principal's access on one access point for one prefix and set of tags: its grants merged. */
interface Access {
  readonly keyPrefix: string;
  readonly objectTags: Record<string, string>;
  readonly capabilities: ReportCapability[];
  /** Whether the principal's account still has to add the identity policy (the access is not live yet). */
  readonly pending: boolean;
}

function accessesOf(grants: ReportGrant[]): Access[] {
  const merged = new Map<string, { keyPrefix: string; objectTags: Record<string, string>; caps: Set<ReportCapability>; pending: boolean }>();
  for (const g of grants) {
    const key = JSON.stringify([g.keyPrefix, Object.entries(g.objectTags).sort()]);
    const entry = merged.get(key) ?? { keyPrefix: g.keyPrefix, objectTags: g.objectTags, caps: new Set(), pending: true };
    g.capabilities.forEach(c => entry.caps.add(c));
    entry.pending = entry.pending && g.identityPolicy === 'MUST_BE_ADDED';
    merged.set(key, entry);
  }
  return [...merged.values()].map(e => ({ keyPrefix: e.keyPrefix, objectTags: e.objectTags, capabilities: sortCaps(e.caps), pending: e.pending }));
}

const tagsKey = (t: Record<string, string>) => JSON.stringify(Object.entries(t).sort());
const sameTags = (a: Record<string, string>, b: Record<string, string>) => tagsKey(a) === tagsKey(b);

type Boundary = NonNullable<AccessReport['bucket']['objectRequestBoundary']>;

/**
 * Whether a key policy gates object access: SSE-KMS or DSSE-KMS with a customer managed key (or a
 * report that does not say which key). The aws/s3 key's policy admits every principal of the
 * account that may use S3, so it gates nothing beyond the IAM and bucket policies.
 */
function keyPolicyGated(encryption: string): boolean {
  return /KMS/.test(encryption) && !/aws\/s3 key/.test(encryption);
}

/** Collects the changes of one bucket. */
class BucketDiff {
  public readonly changes: AccessChange[] = [];
  constructor(private readonly bucket: string, private readonly bucketName: string) {}

  public add(change: Omit<AccessChange, 'bucket' | 'bucketName'>): void {
    this.changes.push({ bucket: this.bucket, bucketName: this.bucketName, ...change });
  }

  /** A principal's access through one access point, before and after. */
  public grants(ap: ReportAccessPoint, principal: string, before: ReportGrant[], after: ReportGrant[]): void {
    const old = accessesOf(before);
    const now = accessesOf(after);
    const where = { accessPoint: ap.name, ...(ap.kind ? { accessPointKind: ap.kind } : {}), principal, networkOrigin: ap.networkOrigin };
    const through = `through ${apText(ap)} (${originText(ap)})`;
    const take = <T>(list: T[], pick: (x: T) => boolean): T | undefined => {
      const i = list.findIndex(pick);
      return i < 0 ? undefined : list.splice(i, 1)[0];
    };
    const pairs: [Access, Access][] = [];
    // Same prefix and tags first, then the same prefix, then one left on each side: a moved prefix.
    for (const a of [...old]) {
      const b = take(now, x => x.keyPrefix === a.keyPrefix && sameTags(x.objectTags, a.objectTags));
      if (b) pairs.push([take(old, x => x === a)!, b]);
    }
    for (const a of [...old]) {
      const b = take(now, x => x.keyPrefix === a.keyPrefix);
      if (b) pairs.push([take(old, x => x === a)!, b]);
    }
    if (old.length === 1 && now.length === 1) pairs.push([old.pop()!, now.pop()!]);

    for (const [a, b] of pairs) {
      const subject = `${principal} on ${prefixText(b.keyPrefix)} ${through}`;
      if (a.keyPrefix !== b.keyPrefix) {
        const change = { kind: 'prefix' as const, ...where, before: a.keyPrefix, after: b.keyPrefix };
        const message = `${principal} ${through}: prefix ${prefixText(a.keyPrefix)} -> ${prefixText(b.keyPrefix)} (${capsText(b.capabilities)})`;
        const effect = prefixEffect(a.keyPrefix, b.keyPrefix);
        this.add({ ...change, effect, keyPrefix: b.keyPrefix, capabilities: b.capabilities, message });
        // A prefix moved elsewhere also loses the keys of the old one.
        if (effect === 'widens' && !a.keyPrefix.startsWith(b.keyPrefix)) {
          this.add({ ...change, effect: 'narrows', keyPrefix: a.keyPrefix, capabilities: a.capabilities, message: `${message} (no longer reaches ${prefixText(a.keyPrefix)})` });
        }
      }
      const gained = b.capabilities.filter(c => !a.capabilities.includes(c));
      const lost = a.capabilities.filter(c => !b.capabilities.includes(c));
      if (gained.length || lost.length) {
        const change = { kind: 'capabilities' as const, ...where, before: capsText(a.capabilities), after: capsText(b.capabilities), keyPrefix: b.keyPrefix };
        const message = `${subject}: ${capsText(a.capabilities)} -> ${capsText(b.capabilities)}`;
        if (gained.length) this.add({ effect: 'widens', ...change, capabilities: gained, message });
        if (lost.length) this.add({ effect: 'narrows', ...change, capabilities: lost, message: gained.length ? `${message} (loses ${capsText(lost)})` : message });
      }
      if (!sameTags(a.objectTags, b.objectTags)) {
        const oldTags = Object.entries(a.objectTags);
        const newTags = Object.entries(b.objectTags);
        // Fewer required tags reach more objects; more required tags reach fewer.
        const effect: ChangeEffect = newTags.every(([k, v]) => a.objectTags[k] === v) ? 'widens'
          : oldTags.every(([k, v]) => b.objectTags[k] === v) ? 'narrows' : 'widens';
        this.add({
          effect,
          kind: 'object-tags',
          ...where,
          before: tagsText(a.objectTags),
          after: tagsText(b.objectTags),
          keyPrefix: b.keyPrefix,
          capabilities: b.capabilities,
          message: `${subject}: object tags ${tagsText(a.objectTags)} -> ${tagsText(b.objectTags)}`,
        });
      }
      if (a.pending !== b.pending) {
        this.add({
          effect: b.pending ? 'narrows' : 'widens',
          kind: 'identity-policy',
          ...where,
          keyPrefix: b.keyPrefix,
          capabilities: b.capabilities,
          before: a.pending ? 'MUST_BE_ADDED' : 'in place',
          after: b.pending ? 'MUST_BE_ADDED' : 'in place',
          message: b.pending ? `${subject}: its identity policy is no longer written, its account must add it` : `${subject}: its identity policy is now in place (${capsText(b.capabilities)} works)`,
        });
      }
    }
    for (const b of now) {
      this.add({
        effect: 'widens',
        kind: 'principal-gains',
        ...where,
        keyPrefix: b.keyPrefix,
        capabilities: b.capabilities,
        after: capsText(b.capabilities),
        message: `${principal} gains ${capsText(b.capabilities)} on ${prefixText(b.keyPrefix)}${Object.keys(b.objectTags).length ? ` (tags ${tagsText(b.objectTags)})` : ''} ${through}` +
          (b.pending ? ', once its account adds the identity policy' : ''),
      });
    }
    for (const a of old) {
      this.add({
        effect: 'narrows',
        kind: 'principal-loses',
        ...where,
        keyPrefix: a.keyPrefix,
        capabilities: a.capabilities,
        before: capsText(a.capabilities),
        message: `${principal} loses ${capsText(a.capabilities)} on ${prefixText(a.keyPrefix)} ${through}`,
      });
    }
  }

  /** One access point, before and after: its own properties, then each principal's grants. */
  public accessPoint(before: ReportAccessPoint | undefined, after: ReportAccessPoint | undefined): void {
    const ap = (after ?? before)!;
    const where = { accessPoint: ap.name, ...(ap.kind ? { accessPointKind: ap.kind } : {}) };
    if (!before) {
      this.add({
        effect: 'changes',
        kind: 'access-point-added',
        ...where,
        networkOrigin: ap.networkOrigin,
        after: originText(ap),
        message: `access point ${apText(ap)} added: ${originText(ap)}, prefix ${prefixText(ap.prefix)}, ${ap.grants.length} grant(s)`,
      });
    } else if (!after) {
      this.add({
        effect: 'changes',
        kind: 'access-point-removed',
        ...where,
        networkOrigin: ap.networkOrigin,
        before: originText(ap),
        message: `access point ${apText(ap)} removed (${originText(ap)}, prefix ${prefixText(ap.prefix)})`,
      });
    } else {
      this.accessPointProperties(before, after, where);
    }
    const principals = new Set([...before?.grants ?? [], ...after?.grants ?? []].map(g => g.principal));
    for (const principal of [...principals].sort()) {
      const of = (x?: ReportAccessPoint) => (x?.grants ?? []).filter(g => g.principal === principal);
      this.grants(ap, principal, of(before), of(after));
    }
  }

  private accessPointProperties(a: ReportAccessPoint, b: ReportAccessPoint, where: { accessPoint: string }): void {
    const grantees = [...new Set(b.grants.map(g => g.principal))];
    const who = grantees.length ? ` for ${grantees.length} principal(s): ${grantees.join(', ')}` : '';
    if (originText(a) !== originText(b)) {
      // To the internet from a VPC, or from one VPC to another: requests from places that could not reach it.
      const effect: ChangeEffect = b.networkOrigin === 'VPC' && a.networkOrigin === 'Internet' ? 'narrows' : 'widens';
      this.add({
        effect,
        kind: 'network-origin',
        ...where,
        before: originText(a),
        after: originText(b),
        networkOrigin: b.networkOrigin,
        message: `access point ${apText(b)}: network origin ${originText(a)} -> ${originText(b)}${who}`,
      });
    }
    if (a.prefix !== b.prefix) {
      this.add({
        effect: prefixEffect(a.prefix, b.prefix),
        kind: 'access-point-prefix',
        ...where,
        before: a.prefix,
        after: b.prefix,
        message: `access point ${apText(b)}: prefix ${prefixText(a.prefix)} -> ${prefixText(b.prefix)}`,
      });
    }
    if (a.endpoint && b.endpoint && (a.endpoint.managed ?? true) !== (b.endpoint.managed ?? true)) {
      // Unmanaged: the library no longer writes the endpoint's policy, so it no longer limits the endpoint to these access points.
      const unmanaged = b.endpoint.managed === false;
      this.add({
        effect: unmanaged ? 'widens' : 'narrows',
        kind: 'endpoint',
        ...where,
        before: a.endpoint.managed === false ? 'unmanaged' : 'managed',
        after: unmanaged ? 'unmanaged' : 'managed',
        message: unmanaged
          ? `endpoint ${b.endpoint.path}: its policy is no longer written by this app (it no longer limits the endpoint to approved access points; its owner must add the statements)`
          : `endpoint ${b.endpoint.path}: its policy is now written by this app (it limits the endpoint to approved access points)`,
      });
    }
    if (a.networkOrigin === 'VPC' && b.networkOrigin === 'VPC' && !!a.endpoint !== !!b.endpoint) {
      // Without an endpoint in the report, no endpoint policy of this app limits what the VPC's requests reach.
      const gone = !b.endpoint;
      const path = (a.endpoint ?? b.endpoint)!.path;
      this.add({
        effect: gone ? 'widens' : 'narrows',
        kind: 'endpoint',
        ...where,
        ...(gone ? { before: path } : { after: path }),
        message: gone
          ? `access point ${apText(b)}: endpoint ${path} is no longer managed for it (no endpoint policy of this app limits its VPC's requests)`
          : `access point ${apText(b)}: endpoint ${path} now limits its VPC's requests`,
      });
    }
    if (a.endpoint && b.endpoint) {
      const added = b.endpoint.allowances.filter(x => !a.endpoint!.allowances.includes(x));
      const removed = a.endpoint.allowances.filter(x => !b.endpoint!.allowances.includes(x));
      if (a.endpoint.approval !== b.endpoint.approval) {
        this.add({
          effect: b.endpoint.approval === 'ACCOUNTS' ? 'widens' : 'narrows',
          kind: 'endpoint',
          ...where,
          before: a.endpoint.approval,
          after: b.endpoint.approval,
          message: `endpoint ${b.endpoint.path}: approves ${a.endpoint.approval === 'ACCOUNTS' ? 'by account' : 'by access point'} -> ${b.endpoint.approval === 'ACCOUNTS' ? 'by account' : 'by access point'}`,
        });
      }
      if (added.length) this.add({ effect: 'widens', kind: 'endpoint', ...where, after: added.join(', '), message: `endpoint ${b.endpoint.path} also allows ${added.join(', ')}` });
      if (removed.length) this.add({ effect: 'narrows', kind: 'endpoint', ...where, before: removed.join(', '), message: `endpoint ${b.endpoint.path} no longer allows ${removed.join(', ')}` });
    }
    if (a.scope && b.scope) {
      const morePermissions = b.scope.permissions.filter(p => !a.scope!.permissions.includes(p));
      const fewerPermissions = a.scope.permissions.filter(p => !b.scope!.permissions.includes(p));
      const widerPrefixes = b.scope.prefixes.filter(p => !a.scope!.prefixes.some(o => p.startsWith(o)));
      const narrowerPrefixes = a.scope.prefixes.filter(p => !b.scope!.prefixes.some(n => p.startsWith(n)));
      const text = (s: { prefixes: string[]; permissions: string[] }) => `${s.prefixes.join(' ') || '(all keys)'}: ${s.permissions.join(' ') || '(all operations)'}`;
      const change = { kind: 'directory-scope' as const, ...where, before: text(a.scope), after: text(b.scope), message: `access point ${apText(b)}: scope ${text(a.scope)} -> ${text(b.scope)}` };
      // An empty list means everything.
      const widens = morePermissions.length > 0 || widerPrefixes.length > 0 || (a.scope.permissions.length > 0 && b.scope.permissions.length === 0)
        || (a.scope.prefixes.length > 0 && b.scope.prefixes.length === 0);
      if (widens) this.add({ effect: 'widens', ...change });
      else if (fewerPermissions.length || narrowerPrefixes.length) this.add({ effect: 'narrows', ...change });
    }
    if ((a.regions ?? []).join() !== (b.regions ?? []).join()) {
      this.add({
        effect: 'changes',
        kind: 'regions',
        ...where,
        before: (a.regions ?? []).join(', '),
        after: (b.regions ?? []).join(', '),
        message: `access point ${apText(b)}: Regions ${(a.regions ?? []).join(', ')} -> ${(b.regions ?? []).join(', ')}`,
      });
    }
    if (a.account !== b.account || a.imported !== b.imported || a.kind !== b.kind) {
      const text = (x: ReportAccessPoint) => `${x.kind ?? 'AccessPoint'} in ${x.account}${x.imported ? ', imported' : ''}`;
      this.add({ effect: 'changes', kind: 'bucket', ...where, before: text(a), after: text(b), message: `access point ${apText(b)}: ${text(a)} -> ${text(b)}` });
    }
  }

  /** Accounts whose principals reach the bucket for the first time (new partners), each once. */
  public newAccounts(a: AccessReport | undefined, b: AccessReport): void {
    const accountsOf = (r?: AccessReport) => new Set((r?.accessPoints ?? []).flatMap(ap => ap.grants.map(g => g.account ?? '')).filter(x => x !== ''));
    const known = accountsOf(a);
    known.add(b.bucket.account);
    for (const ap of b.accessPoints) {
      for (const g of ap.grants) {
        if (g.account === undefined || known.has(g.account)) continue;
        known.add(g.account);
        this.add({
          effect: 'widens',
          kind: 'partner-account',
          accessPoint: ap.name,
          principal: g.principal,
          after: g.account,
          message: `account ${g.account} reaches the bucket for the first time: ${g.principal} through ${apText(ap)}`,
        });
      }
    }
  }

  /** The bucket's own properties: partner accounts, delegation scope, object request boundary. */
  public bucketProperties(a: AccessReport['bucket'], b: AccessReport['bucket']): void {
    for (const account of b.accessPointAccounts.filter(x => !a.accessPointAccounts.includes(x))) {
      this.add({ effect: 'widens', kind: 'partner-account', after: account, message: `the bucket now delegates to access points of account ${account} (a new partner account)` });
    }
    for (const account of a.accessPointAccounts.filter(x => !b.accessPointAccounts.includes(x))) {
      this.add({ effect: 'narrows', kind: 'partner-account', before: account, message: `the bucket no longer delegates to access points of account ${account}` });
    }
    const scopeRank = (s?: string) => s === 'ACCESS_POINTS' ? 0 : s?.startsWith('NAME_PREFIX') ? 1 : 2;
    if ((a.delegationScope ?? 'ACCOUNT') !== (b.delegationScope ?? 'ACCOUNT')) {
      const [x, y] = [a.delegationScope ?? 'ACCOUNT', b.delegationScope ?? 'ACCOUNT'];
      let effect: ChangeEffect = scopeRank(y) > scopeRank(x) ? 'widens' : scopeRank(y) < scopeRank(x) ? 'narrows' : 'widens';
      if (scopeRank(x) === 1 && scopeRank(y) === 1) effect = prefixEffect(x.split(' ')[1] ?? '', y.split(' ')[1] ?? '');
      this.add({ effect, kind: 'delegation-scope', before: x, after: y, message: `delegation scope in its own account: ${x} -> ${y}` });
    }
    const boundary = (x: AccessReport['bucket']) => x.objectRequestBoundary;
    const [ba, bb] = [boundary(a), boundary(b)];
    if (ba && !bb) {
      this.add({
        effect: 'widens',
        kind: 'object-request-boundary',
        before: 'present',
        after: 'absent',
        message: 'guardrail removed: object requests other than through access points are no longer denied',
      });
    } else if (!ba && bb) {
      this.add({
        effect: 'narrows',
        kind: 'object-request-boundary',
        before: 'absent',
        after: 'present',
        message: 'guardrail added: object requests other than through access points are denied',
      });
    } else if (ba && bb) {
      this.boundaryChanges(ba, bb);
    }
    if ((a.adopted?.delegationPolicyWritten ?? true) !== (b.adopted?.delegationPolicyWritten ?? true)) {
      this.add({ effect: 'changes', kind: 'bucket', message: `the delegation statement is ${b.adopted?.delegationPolicyWritten === false ? 'no longer written by this app: the bucket owner applies it' : 'now written by this app'}` });
    }
    if (a.encryption !== b.encryption) {
      // A customer managed key adds a second gate: its key policy must allow the principal too.
      const [ga, gb] = [keyPolicyGated(a.encryption), keyPolicyGated(b.encryption)];
      const effect: ChangeEffect = ga && !gb ? 'widens' : !ga && gb ? 'narrows' : 'changes';
      const why = effect === 'widens' ? ' (no key policy gates object access any more)' : effect === 'narrows' ? ' (a key policy now gates object access too)' : '';
      this.add({ effect, kind: 'bucket', before: a.encryption, after: b.encryption, message: `encryption ${a.encryption} -> ${b.encryption}${why}` });
    }
  }

  /** The object request boundary, present before and after: whom and what it exempts, and what it denies. */
  private boundaryChanges(ba: Boundary, bb: Boundary): void {
    const kind = 'object-request-boundary' as const;
    const lists: ['vpcs' | 'administratorArns' | 'serviceRoleArns' | 'deploymentRoleArns', string][] = [
      ['vpcs', 'VPC'], ['administratorArns', 'administrator'], ['serviceRoleArns', 'service role'], ['deploymentRoleArns', 'deployment role'],
    ];
    for (const [field, word] of lists) {
      const added = (bb[field] ?? []).filter(x => !(ba[field] ?? []).includes(x));
      const removed = (ba[field] ?? []).filter(x => !(bb[field] ?? []).includes(x));
      if (added.length) this.add({ effect: 'widens', kind, after: added.join(', '), message: `guardrail: the object request boundary now also admits ${word} ${added.join(', ')}` });
      if (removed.length) this.add({ effect: 'narrows', kind, before: removed.join(', '), message: `guardrail: the object request boundary no longer admits ${word} ${removed.join(', ')}` });
    }
    // No endpoints named: every S3 endpoint of the admitted VPCs is exempt.
    const [ea, eb] = [ba.vpcEndpoints ?? [], bb.vpcEndpoints ?? []];
    if (ea.length && !eb.length) {
      this.add({ effect: 'widens', kind, before: ea.join(', '), after: 'every endpoint of the VPCs', message: `guardrail: the object request boundary now admits every S3 endpoint of its VPCs, not only ${ea.join(', ')}` });
    } else if (!ea.length && eb.length) {
      this.add({ effect: 'narrows', kind, before: 'every endpoint of the VPCs', after: eb.join(', '), message: `guardrail: the object request boundary now admits only the S3 endpoints ${eb.join(', ')}, not every endpoint of its VPCs` });
    } else {
      const added = eb.filter(x => !ea.includes(x));
      const removed = ea.filter(x => !eb.includes(x));
      if (added.length) this.add({ effect: 'widens', kind, after: added.join(', '), message: `guardrail: the object request boundary now also admits endpoint ${added.join(', ')}` });
      if (removed.length) this.add({ effect: 'narrows', kind, before: removed.join(', '), message: `guardrail: the object request boundary no longer admits endpoint ${removed.join(', ')}` });
    }
    const classes: ['deniedOutsideAccessPoints' | 'deniedExceptExempt', string][] = [
      ['deniedOutsideAccessPoints', 'other than through access points'], ['deniedExceptExempt', 'to all but the exempt'],
    ];
    for (const [field, where] of classes) {
      // Absent on either side (a report of an older version): nothing to compare with.
      const [ca, cb] = [ba[field], bb[field]];
      if (!ca || !cb) continue;
      const fewer = ca.filter(x => !cb.includes(x));
      const more = cb.filter(x => !ca.includes(x));
      if (fewer.length) this.add({ effect: 'widens', kind, before: fewer.join(', '), message: `guardrail: the object request boundary no longer denies ${where}: ${fewer.join(', ')}` });
      if (more.length) this.add({ effect: 'narrows', kind, after: more.join(', '), message: `guardrail: the object request boundary now also denies ${where}: ${more.join(', ')}` });
    }
  }
}

/** The diff of two sets of reports (e.g. main's synthesis and a pull request's). */
export function diffReports(before: AccessReport[], after: AccessReport[]): AccessDiff {
  const byPath = (reports: AccessReport[]) => new Map(reports.map(r => [r.bucket.path, r]));
  const [old, now] = [byPath(before), byPath(after)];
  const changes: AccessChange[] = [];
  for (const path of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const [a, b] = [old.get(path), now.get(path)];
    const diff = new BucketDiff(path, (b ?? a)!.bucket.name);
    if (!a) diff.add({ effect: 'changes', kind: 'bucket-added', message: `bucket ${bucketText(b!)} added` });
    if (!b) diff.add({ effect: 'changes', kind: 'bucket-removed', message: `bucket ${bucketText(a!)} removed` });
    if (a && b) diff.bucketProperties(a.bucket, b.bucket);
    if (b) diff.newAccounts(a, b);
    const aps = (r?: AccessReport) => new Map((r?.accessPoints ?? []).map(ap => [ap.name, ap]));
    const [oldAps, newAps] = [aps(a), aps(b)];
    for (const name of [...new Set([...oldAps.keys(), ...newAps.keys()])].sort()) diff.accessPoint(oldAps.get(name), newAps.get(name));
    changes.push(...diff.changes);
  }
  // Widening first; the sort is stable, so each group keeps the buckets' order.
  changes.sort((x, y) => EFFECT_ORDER.indexOf(x.effect) - EFFECT_ORDER.indexOf(y.effect));
  const count = (effect: ChangeEffect) => changes.filter(c => c.effect === effect).length;
  return { diffVersion: 1, summary: { widens: count('widens'), narrows: count('narrows'), changes: count('changes') }, changes };
}

/** A bucket in a sentence: its name and, when the name is not its path, its path. */
export function bucketText(report: { bucket: { name: string; path: string } }): string {
  return report.bucket.name === report.bucket.path ? report.bucket.path : `${report.bucket.name} (${report.bucket.path})`;
}
