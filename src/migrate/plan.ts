/*
 * The migration planner: from one bucket policy to access points of this library. A pure function
 * of JSON (no CDK, no AWS call), so that the `migrate` command starts fast and tests can run it on a
 * corpus of policies.
 *
 * How a statement is read:
 * - Deny statements stay on the bucket: S3 evaluates the bucket policy for requests through access
 *   points too, so they keep applying.
 * - An Allow statement is cut into atoms, principal x action x resource. An object atom maps to a
 *   grant when its action belongs to an access level, its key pattern is a folder (`PREFIX/*`,
 *   `*`, `PREFIX/${aws:username}/*`) and every condition is one the library expresses
 *   (`aws:SourceVpc`, `aws:SourceVpce` of an endpoint whose VPC the mapping gives, `s3:ExistingObjectTag/K`,
 *   `s3:RequestObjectTag/K`); `s3:ListBucket` maps when a read grant of the same principal lists the
 *   same prefixes. Anything else is listed as unmapped, with the reason.
 * - A statement whose atoms all map is migrated (removed from the bucket once clients use the
 *   access points). A statement with any unmapped atom stays on the bucket whole (partly migrated):
 *   nothing is lost, and the plan says what the access points do not carry.
 * - Grants are grouped into access points by consumer group: the statement's principals, the key
 *   prefix, the VPC and the VPC endpoint (`aws:SourceVpce`): such an access point uses that existing
 *   endpoint, imported, instead of one the library makes.
 */
import { createHash } from 'crypto';
import { accessLevel, baseLevelOf, LevelName, levelGrantActions, levelListActions } from './levels';
import { asList, bucketsOf, PolicyDocumentJson, PolicyInputError, PolicyStatementJson, policyBytes, wildcardMatch } from './policy';
import { BUCKET_ACTIONS, OBJECT_ACTIONS } from './s3-actions';
import { DELEGATED_ACTIONS, grantStatementSpecs, objectTagKeyOf } from '../private/access-levels';

/** The schema version of the JSON plan; a change that is not additive needs a new one. */
export const PLAN_VERSION = 1;

/** Options of a migration plan. */
export interface MigrationOptions {
  /** The bucket, when its policy names several or none. */
  readonly bucketName?: string;
  /** The bucket owner's account (where the access points are made). @default - unknown: a placeholder, and a warning */
  readonly account?: string;
  /** The bucket's region. @default - unknown: a placeholder, and a warning */
  readonly region?: string;
  /** Access point names to use instead of the generated ones, by generated name. */
  readonly accessPointNames?: Record<string, string>;
  /** The VPC of each VPC endpoint named in `aws:SourceVpce` conditions. */
  readonly vpcEndpoints?: Record<string, string>;
}

/** A principal the access points name, and how the generated code imports it. */
export interface PlannedPrincipal {
  /** The ARN as the policy names it (an account id becomes its root ARN). */
  readonly arn: string;
  /** role: iam.Role.fromRoleArn; account: iam.AccountPrincipal; arn: iam.ArnPrincipal (users, role sessions). */
  readonly kind: 'role' | 'account' | 'arn';
  readonly account: string;
  /** A readable name: the role or user name, or the account id. */
  readonly name: string;
  /** Whether the principal is in another account than the bucket (its own policies must allow the access point). */
  readonly crossAccount: boolean;
}

/** One grant on a planned access point. */
export interface PlannedGrant {
  /** The principal's ARN (see `principals`). */
  readonly principal: string;
  readonly level: LevelName;
  /** A policy variable naming a folder per principal under the prefix, e.g. `${aws:username}`. */
  readonly principalFolder?: string;
  /**
   * Set when the folder is named by a value a role's caller chooses (`${aws:userid}` carries the
   * session name, `${aws:PrincipalTag/KEY}` a session tag) and the principal is not an IAM user:
   * the library refuses such a grant unless told the trust side is pinned. The bucket policy relied
   * on the same value, so the plan keeps it, and warns.
   */
  readonly principalFolderTrusted?: boolean;
  /** Object tags the grant requires. */
  readonly objectTags?: Record<string, string>;
}

/** An access point of the plan. */
export interface PlannedAccessPoint {
  /** Its name: valid, unique, derived from the principals and the prefix (or given in the mapping). */
  readonly name: string;
  /** The generated construct id. */
  readonly id: string;
  /** The key prefix, ending with `/`; '' for the whole bucket. */
  readonly prefix: string;
  /** The VPC of a VPC-only access point (the statements required `aws:SourceVpc`, or `aws:SourceVpce` of an endpoint of this VPC). */
  readonly vpcId?: string;
  /**
   * The existing S3 gateway endpoint the statements required (`aws:SourceVpce`), in `vpcId` (from the
   * mapping): the access point uses it, imported, and the library does not manage its policy.
   */
  readonly endpointId?: string;
  /** The statements (1-based) it carries. */
  readonly statements: number[];
  readonly grants: PlannedGrant[];
  /** The access point policy the library will write (with the plan's account and region). */
  readonly policy: PolicyDocumentJson;
}

/** What happens to one statement of the bucket policy. */
export interface StatementPlan {
  /** 1-based position in the policy. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /**
   * migrated: every atom is carried by access points, remove it once clients switched;
   * partly-migrated: some are, it stays on the bucket until the rest is decided;
   * unmapped: none is, it stays; kept: a Deny or a delegation, it stays.
   */
  readonly outcome: 'migrated' | 'partly-migrated' | 'unmapped' | 'kept';
  readonly accessPoints: string[];
  /** Atoms that never allowed anything (a condition key the action does not carry, ...). */
  readonly notes: string[];
}

/** Something a statement allows that no access point carries. */
export interface UnmappedItem {
  readonly statement: number;
  readonly sid?: string;
  /** Principals as written ('*' for everyone). */
  readonly principals: string[];
  /** Actions (patterns as written or expanded). */
  readonly actions: string[];
  /** Resource ARNs or patterns. */
  readonly resources: string[];
  /** For a list action: the s3:prefix values (as written) that no access point lists. */
  readonly listPrefixes?: string[];
  readonly reason: string;
}

/** Something an access point allows that the statements did not: what an access level adds. */
export interface WidenedItem {
  readonly accessPoint: string;
  readonly principal: string;
  readonly actions: string[];
  /** The keys (pattern) the actions apply to; for the list actions (s3:ListBucket, s3:ListBucketVersions), the s3:prefix pattern. */
  readonly keys: string;
  readonly reason: string;
}

/** The plan. */
export interface MigrationPlan {
  readonly planVersion: number;
  readonly bucket: {
    readonly name: string;
    readonly arn: string;
    readonly partition: string;
    readonly account: string;
    readonly region: string;
    /** False when the account is a placeholder (pass --account for exact sizes and code). */
    readonly accountKnown: boolean;
    /** False when the region is a placeholder (pass --region for exact sizes and code). */
    readonly regionKnown: boolean;
  };
  readonly statements: StatementPlan[];
  readonly principals: PlannedPrincipal[];
  readonly accessPoints: PlannedAccessPoint[];
  readonly unmapped: UnmappedItem[];
  readonly widened: WidenedItem[];
  readonly warnings: string[];
  readonly bucketPolicy: {
    readonly before: PolicyDocumentJson;
    /** Kept statements and the delegation statement: the bucket policy once clients use the access points. */
    readonly after: PolicyDocumentJson;
    readonly delegationStatement: PolicyStatementJson;
  };
  readonly sizes: {
    readonly bucketPolicyBefore: number;
    readonly bucketPolicyAfter: number;
    readonly accessPoints: Record<string, number>;
  };
}

const PLACEHOLDER_ACCOUNT = '123456789012';
const PLACEHOLDER_REGION = 'us-east-1';
const FOLDER_VARIABLE = /^\$\{(aws:username|aws:userid|aws:PrincipalTag\/[^}]+)\}$/;
/** Folder variables whose value a role's caller chooses (its session name, its session tags). */
const CALLER_CHOSEN_FOLDER = /^\$\{(aws:userid|aws:PrincipalTag\/[^}]+)\}$/;
const IAM_USER_ARN = /^arn:[^:]+:iam::\d{12}:user\//;
/** A VPC endpoint id, as EC2 gives them (the library imports it with GatewayVpcEndpoint.fromGatewayVpcEndpointId). */
const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const DELEGATION_SID = 'DelegateAccessControlToAccessPoints';
/** The action that makes a level: without it in the statements, the level is not granted. */
const DEFINING_ACTION = { READ: 's3:GetObject', WRITE: 's3:PutObject', DELETE: 's3:DeleteObject' } as const;

/** An object key pattern read as a folder grant, or why it cannot be one. */
type KeyPattern = { prefix: string; folder?: string } | { why: string };

function readKeyPattern(key: string): KeyPattern {
  if (key === '*') return { prefix: '' };
  const folder = /^([^*?$]*?)(\$\{[^}]+\})\/\*$/.exec(key);
  if (folder && (folder[1] === '' || folder[1].endsWith('/'))) {
    if (!FOLDER_VARIABLE.test(folder[2])) return { why: `policy variable ${folder[2]} is not one a principal folder can use (\${aws:username}, \${aws:userid}, \${aws:PrincipalTag/KEY})` };
    if (folder[1].startsWith('/')) return { why: 'a key starting with / is not a prefix the library accepts' };
    return { prefix: folder[1], folder: folder[2] };
  }
  if (key.includes('${')) return { why: 'policy variables are mapped only as a whole folder level (PREFIX/${aws:username}/*)' };
  const plain = /^([^*?]+)\*$/.exec(key);
  if (plain) {
    if (plain[1].startsWith('/')) return { why: 'a key starting with / is not a prefix the library accepts' };
    if (plain[1].endsWith('/')) return { prefix: plain[1] };
    return { why: `key pattern ${key} is not a folder: access points serve prefixes ending in / (${plain[1]}/ would not match ${plain[1]}_other)` };
  }
  if (/[*?]/.test(key)) return { why: `wildcard in the middle of key pattern ${key}` };
  return { why: `single key ${key}: access point grants cover folders (prefixes ending in /), not single objects` };
}

/** The conditions of an Allow statement, sorted into what the library expresses and what it does not. */
interface Conditions {
  vpc?: string;
  /** The VPC endpoint of an `aws:SourceVpce` condition (then `vpc` is its VPC, from the mapping). */
  endpoint?: string;
  existingTags: Record<string, string>;
  requestTags: Record<string, string>;
  /** s3:prefix values: exact (StringEquals) or patterns (StringLike). */
  listPrefixes?: { value: string; like: boolean }[];
  notExpressible: string[];
  notes: string[];
}

function readConditions(condition: PolicyStatementJson['Condition'], options: MigrationOptions): Conditions {
  const out: Conditions = { existingTags: {}, requestTags: {}, notExpressible: [], notes: [] };
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, raw] of Object.entries(keys)) {
      const values = asList(raw as any);
      const single = values.length === 1 && typeof values[0] === 'string' ? values[0] as string : undefined;
      const lower = key.toLowerCase();
      const describe = `${operator} ${key} ${JSON.stringify(raw)}`;
      if (operator === 'StringEquals' && lower === 'aws:sourcevpc' && single && !/[*?$]/.test(single)) {
        if (out.vpc !== undefined && out.vpc !== single) {
          out.notExpressible.push(`${describe}: the statement also requires VPC ${out.vpc}, which is another VPC`);
        }
        out.vpc = single;
      } else if (operator === 'StringEquals' && lower === 'aws:sourcevpce' && single) {
        const vpc = options.vpcEndpoints?.[single];
        if (!VPC_ENDPOINT_ID.test(single)) {
          out.notExpressible.push(`${describe}: ${single} is not a VPC endpoint id (vpce- and 8 or 17 hexadecimal digits)`);
        } else if (!vpc) {
          // A VPC-only access point is made for a VPC, and the policy names only the endpoint.
          out.notExpressible.push(`${describe}: the VPC of endpoint ${single} is unknown: a VPC-only access point needs it ` +
            `(give it in the mapping file's vpcEndpoints, {"${single}": "vpc-..."}, and the access point uses this endpoint)`);
        } else if (out.vpc !== undefined && out.vpc !== vpc) {
          out.notExpressible.push(`${describe}: endpoint ${single} is in VPC ${vpc} (mapping file), and the statement also requires VPC ${out.vpc}`);
        } else {
          out.vpc = vpc;
          out.endpoint = single;
          out.notes.push(`aws:SourceVpce ${single}: a VPC-only access point on VPC ${vpc} (mapping file) that uses this existing endpoint, imported. ` +
            'The library does not manage its policy: synthesis warns (cdk-s3-access-points:endpointPolicyNotManaged) with the statements its owner must add. ' +
            `The access point accepts requests from the whole VPC: through another S3 endpoint of ${vpc}, if it has one, too`);
        }
      } else if (operator === 'StringEquals' && single !== undefined && !/[*?$]/.test(single) && lower.startsWith('s3:existingobjecttag/')) {
        out.existingTags[key.slice('s3:ExistingObjectTag/'.length)] = single;
      } else if (operator === 'StringEquals' && single !== undefined && !/[*?$]/.test(single) && lower.startsWith('s3:requestobjecttag/')) {
        out.requestTags[key.slice('s3:RequestObjectTag/'.length)] = single;
      } else if ((operator === 'StringEquals' || operator === 'StringLike') && lower === 's3:prefix' && values.every(v => typeof v === 'string')) {
        out.listPrefixes = [...(out.listPrefixes ?? []), ...(values as string[]).map(value => ({ value, like: operator === 'StringLike' }))];
      } else {
        out.notExpressible.push(`condition ${describe} has no access point equivalent`);
      }
    }
  }
  return out;
}

/** A principal of a statement, read; or why it cannot be placed. */
type ReadPrincipal = { principal: Omit<PlannedPrincipal, 'crossAccount'> } | { raw: string; why: string };

function readPrincipals(principal: unknown, partition: string): ReadPrincipal[] {
  if (principal === '*') return [{ raw: '*', why: 'public principal (*): access points block public access, and the library refuses grants to everyone' }];
  if (!principal || typeof principal !== 'object' || Array.isArray(principal)) return [{ raw: JSON.stringify(principal), why: 'Principal is not an object' }];
  const out: ReadPrincipal[] = [];
  for (const [type, value] of Object.entries(principal)) {
    for (const v of asList(value as any)) {
      const raw = `${type}:${String(v)}`;
      if (type !== 'AWS') {
        const why = type === 'Service'
          ? `service principal ${v}: AWS services (log delivery, replication, ...) write to the bucket itself, not through access points`
          : `${type} principal ${v}: the library grants IAM principals (AWS) only`;
        out.push({ raw, why });
        continue;
      }
      const s = String(v);
      let m: RegExpExecArray | null;
      if (s === '*') {
        out.push({ raw: '*', why: 'public principal ({"AWS": "*"}): access points block public access, and the library refuses grants to everyone' });
      } else if ((m = /^(\d{12})$/.exec(s)) || (m = /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(s))) {
        out.push({ principal: { arn: `arn:${partition}:iam::${m[1]}:root`, kind: 'account', account: m[1], name: m[1] } });
      } else if ((m = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:[^*?]*\/)?([\w+=,.@-]+)$/.exec(s))) {
        out.push({ principal: { arn: s, kind: 'role', account: m[1], name: m[2] } });
      } else if ((m = /^arn:[a-z-]+:iam::(\d{12}):user\/(?:[^*?]*\/)?([\w+=,.@-]+)$/.exec(s))) {
        out.push({ principal: { arn: s, kind: 'arn', account: m[1], name: m[2] } });
      } else if ((m = /^arn:[a-z-]+:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/.exec(s))) {
        out.push({ principal: { arn: s, kind: 'arn', account: m[1], name: `${m[2]}-${m[3]}` } });
      } else if (/^A[A-Z0-9]{15,}$/.test(s)) {
        out.push({ raw, why: `principal ${s} is a unique id: S3 shows one when the principal was deleted` });
      } else {
        out.push({ raw, why: `principal ${s} is not an account, role, user or role session ARN the library can name` });
      }
    }
  }
  return out;
}

/** The actions among `known` that `patterns` name. */
function expand(patterns: string[], known: readonly string[]): string[] {
  return known.filter(a => patterns.some(p => wildcardMatch(p, a, true)));
}

interface ObjectAtomGrant {
  principal: string;
  level: 'READ' | 'WRITE' | 'DELETE';
  prefix: string;
  folder?: string;
  tags: Record<string, string>;
  vpc?: string;
  endpoint?: string;
  action: string;
  /** The resource of the statement the atom comes from. */
  resource: string;
}

interface WorkingAccessPoint {
  key: string;
  principals: string[];
  prefix: string;
  vpc?: string;
  endpoint?: string;
  statements: Set<number>;
  /** Grants by principal + folder + tags: levels and the original actions they carry. */
  grants: Map<string, WorkingGrant>;
}

/** A grant being planned: the original actions it carries, with where each comes from. */
interface WorkingGrant {
  principal: string;
  folder?: string;
  tags: Record<string, string>;
  levels: Set<'READ' | 'WRITE' | 'DELETE'>;
  actions: Map<string, { statement: number; sid?: string; resource: string }[]>;
  /** The list actions the statements allowed for every s3:prefix the grant lists (KEYPREFIX*). */
  listed: Set<string>;
}

/** A list action (s3:ListBucket, s3:ListBucketVersions) one statement allows one principal, with its s3:prefix values. */
interface ListAtom {
  statement: number;
  sid?: string;
  principal: string;
  action: string;
  vpc?: string;
  endpoint?: string;
  /** Exact (StringEquals) or pattern (StringLike) values; undefined: every prefix. */
  prefixes?: { value: string; like: boolean }[];
}

/**
 * Plans the move of a bucket policy to access points. Throws PolicyInputError when the bucket
 * cannot be told (several buckets named and no `bucketName`).
 */
export function planMigration(policy: PolicyDocumentJson, options: MigrationOptions = {}): MigrationPlan {
  const found = bucketsOf(policy);
  const bucketName = options.bucketName ?? (found.names.length === 1 ? found.names[0] : undefined);
  if (!bucketName) {
    throw new PolicyInputError(found.names.length === 0
      ? 'the policy names no bucket (arn:aws:s3:::NAME): give it with --bucket'
      : `the policy names several buckets (${found.names.join(', ')}): choose one with --bucket`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucketName)) throw new PolicyInputError(`'${bucketName}' is not a valid bucket name`);
  const partition = found.partition;
  const bucketArn = `arn:${partition}:s3:::${bucketName}`;
  const account = options.account ?? PLACEHOLDER_ACCOUNT;
  const region = options.region ?? PLACEHOLDER_REGION;
  const warnings: string[] = [];
  if (!options.account) {
    warnings.push(`the bucket's account is not given (--account): sizes use ${PLACEHOLDER_ACCOUNT}, the generated app takes CDK_DEFAULT_ACCOUNT, ` +
      'and principals of other accounts are not told apart');
  }
  if (!options.region) {
    warnings.push(`the bucket's region is not given (--region): sizes use ${PLACEHOLDER_REGION}, the generated app takes CDK_DEFAULT_REGION`);
  }
  const principals = new Map<string, PlannedPrincipal>();
  const statements: StatementPlan[] = [];
  const unmapped: UnmappedItem[] = [];
  const objectGrants: { statement: number; sid?: string; grants: ObjectAtomGrant[] }[] = [];
  /** List atoms, resolved once the read grants are known. */
  const listAtoms: ListAtom[] = [];
  const LIST_ACTIONS = levelListActions();
  const perStatement: { index: number; sid?: string; effect: 'Allow' | 'Deny'; kind: 'kept' | 'allow'; notes: string[] }[] = [];

  policy.Statement.forEach((s, i) => {
    const index = i + 1;
    const sid = s.Sid;
    const item = (principalsOf: string[], actions: string[], resources: string[], reason: string) =>
      unmapped.push({ statement: index, ...(sid ? { sid } : {}), principals: principalsOf, actions, resources, reason });
    const notes: string[] = [];
    if (s.Effect === 'Deny') {
      perStatement.push({ index, sid, effect: 'Deny', kind: 'kept', notes: ['Deny: stays on the bucket, and applies to requests through access points too'] });
      return;
    }
    if (isDelegation(s)) {
      perStatement.push({ index, sid, effect: 'Allow', kind: 'kept', notes: ['already delegates to access points: stays on the bucket'] });
      return;
    }
    perStatement.push({ index, sid, effect: 'Allow', kind: 'allow', notes });
    const rawPrincipals = s.Principal === undefined ? [] : readPrincipals(s.Principal, partition);
    const allRaw = rawPrincipals.map(p => 'principal' in p ? p.principal.arn : p.raw);
    const actionsAsWritten = asList(s.Action ?? s.NotAction);
    const resourcesAsWritten = asList(s.Resource ?? s.NotResource);
    // A Not* element allows (or names) everything but what it lists: the item covers everything.
    if (s.NotPrincipal !== undefined) {
      item(['*'], actionsAsWritten, resourcesAsWritten, `NotPrincipal ${JSON.stringify(s.NotPrincipal)}: allows everyone except the principals named, which no grant can express`);
    } else if (s.NotAction !== undefined) {
      item(allRaw, ['*'], resourcesAsWritten, `NotAction ${JSON.stringify(s.NotAction)}: allows every action except those named, which no grant can express`);
    } else if (s.NotResource !== undefined) {
      item(allRaw, actionsAsWritten, ['*'], `NotResource ${JSON.stringify(s.NotResource)}: allows every resource except those named, which no grant can express`);
    }
    if (s.NotPrincipal !== undefined || s.NotAction !== undefined || s.NotResource !== undefined) return;

    const placed: string[] = [];
    for (const p of rawPrincipals) {
      if ('why' in p) {
        item([p.raw], actionsAsWritten, resourcesAsWritten, p.why);
      } else {
        principals.set(p.principal.arn, { ...p.principal, crossAccount: options.account !== undefined && p.principal.account !== options.account });
        if (!placed.includes(p.principal.arn)) placed.push(p.principal.arn);
      }
    }
    const conditions = readConditions(s.Condition, options);
    notes.push(...conditions.notes);
    if (conditions.notExpressible.length > 0) {
      for (const why of conditions.notExpressible) item(placed, actionsAsWritten, resourcesAsWritten, why);
      return;
    }
    if (placed.length === 0) return;

    const nonS3 = actionsAsWritten.filter(a => a !== '*' && !/^s3:/i.test(a));
    if (nonS3.length > 0) item(placed, nonS3, resourcesAsWritten, 'not an S3 action');
    const s3Patterns = actionsAsWritten.filter(a => !nonS3.includes(a));
    const unknown = s3Patterns.filter(p => !/[*?]/.test(p) && expand([p], [...OBJECT_ACTIONS, ...BUCKET_ACTIONS]).length === 0);
    if (unknown.length > 0) item(placed, unknown, resourcesAsWritten, 'not an S3 action of the Service Authorization Reference');

    const grants: ObjectAtomGrant[] = [];
    for (const resource of resourcesAsWritten) {
      if (resource === bucketArn) {
        const bucketActions = expand(s3Patterns, BUCKET_ACTIONS);
        const others = bucketActions.filter(a => !LIST_ACTIONS.includes(a));
        if (others.length > 0) item(placed, others, [resource], 'bucket actions: no access level grants them; they stay on the bucket');
        for (const action of bucketActions.filter(a => LIST_ACTIONS.includes(a))) {
          if (Object.keys(conditions.existingTags).length + Object.keys(conditions.requestTags).length > 0) {
            notes.push(`${action} with object tag conditions never applied (a list request carries no object tags)`);
          } else {
            for (const principal of placed) {
              const { vpc, endpoint } = conditions;
              listAtoms.push({ statement: index, sid, principal, action, vpc, endpoint, prefixes: conditions.listPrefixes });
            }
          }
        }
        continue;
      }
      const object = resource.startsWith(`${bucketArn}/`) ? resource.slice(bucketArn.length + 1) : undefined;
      if (object === undefined) {
        item(placed, actionsAsWritten, [resource], `resource ${resource} is not bucket ${bucketName} or its objects`);
        continue;
      }
      const objectActions = expand(s3Patterns, OBJECT_ACTIONS);
      if (objectActions.length === 0) continue;
      const pattern = readKeyPattern(object);
      if ('why' in pattern) {
        item(placed, s3Patterns, [resource], pattern.why);
        continue;
      }
      if (conditions.listPrefixes) {
        notes.push(`object actions on ${resource} never applied: their requests carry no s3:prefix`);
        continue;
      }
      const noLevel = objectActions.filter(a => baseLevelOf(a) === undefined);
      if (noLevel.length > 0) item(placed, noLevel, [resource], 'no access level grants these actions (ACLs, retention, legal hold, restore, replication, ...)');
      for (const action of objectActions) {
        const level = baseLevelOf(action);
        if (!level) continue;
        const existing = Object.keys(conditions.existingTags).length > 0;
        const requested = Object.keys(conditions.requestTags).length > 0;
        let tags: Record<string, string> = {};
        const tagged = objectTagKeyOf(action);
        if (existing || requested) {
          // A tag condition key the action's requests do not carry: the statement never allowed it.
          const wanted = tagged === 's3:ExistingObjectTag' ? conditions.existingTags : tagged === 's3:RequestObjectTag' ? conditions.requestTags : undefined;
          const other = tagged === 's3:ExistingObjectTag' ? requested : tagged === 's3:RequestObjectTag' ? existing : true;
          if (!wanted || other || Object.keys(wanted).length === 0) {
            notes.push(`${action} on ${resource} never applied: its requests carry no ${existing ? 's3:ExistingObjectTag' : 's3:RequestObjectTag'} key`);
            continue;
          }
          tags = wanted;
          if (action === 's3:PutObjectTagging' && tagged === 's3:RequestObjectTag') {
            item(placed, [action], [resource], 'retagging an object that already carries a granted tag key: a tag-limited grant tags only ' +
              'objects without the granted keys, so that its holder cannot move an object into or out of the tags (docs/threat-model.md)');
          }
        }
        for (const principal of placed) {
          const { vpc, endpoint } = conditions;
          grants.push({ principal, level, prefix: pattern.prefix, folder: pattern.folder, tags, vpc, endpoint, action, resource });
        }
      }
    }
    objectGrants.push({ statement: index, sid, grants });
  });

  // Consumer groups: the statement's principals x prefix x VPC x endpoint (an access point takes one endpoint).
  const accessPoints = new Map<string, WorkingAccessPoint>();
  for (const { statement, sid, grants } of objectGrants) {
    const principalsOf = [...new Set(grants.map(g => g.principal))];
    for (const g of grants) {
      const key = JSON.stringify([principalsOf, g.prefix, g.vpc ?? '', g.endpoint ?? '']);
      const ap: WorkingAccessPoint = accessPoints.get(key)
        ?? { key, principals: principalsOf, prefix: g.prefix, vpc: g.vpc, endpoint: g.endpoint, statements: new Set(), grants: new Map() };
      accessPoints.set(key, ap);
      const grantKey = JSON.stringify([g.principal, g.folder ?? '', Object.entries(g.tags).sort()]);
      const grant: WorkingGrant = ap.grants.get(grantKey)
        ?? { principal: g.principal, folder: g.folder, tags: g.tags, levels: new Set(), actions: new Map(), listed: new Set() };
      ap.grants.set(grantKey, grant);
      grant.actions.set(g.action, [...(grant.actions.get(g.action) ?? []), { statement, ...(sid ? { sid } : {}), resource: g.resource }]);
    }
  }

  // The levels: a level is granted only when the statements allow its defining action (s3:GetObject,
  // s3:PutObject, s3:DeleteObject), so that a read-only principal never gets uploads for an incidental
  // s3:ListMultipartUploadParts. Other actions ride on the level of theirs, or are not mapped.
  for (const ap of [...accessPoints.values()]) {
    for (const [grantKey, grant] of [...ap.grants]) {
      for (const level of ['READ', 'WRITE', 'DELETE'] as const) {
        if (grant.actions.has(DEFINING_ACTION[level])) grant.levels.add(level);
      }
      const refused = new Map<string, UnmappedItem>();
      for (const [action, sources] of [...grant.actions]) {
        const level = baseLevelOf(action)!;
        if (grant.levels.has(level)) {
          sources.forEach(source => ap.statements.add(source.statement));
          continue;
        }
        grant.actions.delete(action);
        for (const source of sources) {
          const itemKey = JSON.stringify([source.statement, source.resource, level]);
          const item = refused.get(itemKey) ?? {
            statement: source.statement,
            ...(source.sid ? { sid: source.sid } : {}),
            principals: [grant.principal],
            actions: [],
            resources: [source.resource],
            reason: `without ${DEFINING_ACTION[level]}: the access level that has these actions (${level}) would also allow ${DEFINING_ACTION[level]}`,
          };
          item.actions.push(action);
          refused.set(itemKey, item);
        }
      }
      unmapped.push(...refused.values());
      if (grant.levels.size === 0) ap.grants.delete(grantKey);
    }
    ap.principals = ap.principals.filter(p => [...ap.grants.values()].some(g => g.principal === p));
    if (ap.grants.size === 0) accessPoints.delete(ap.key);
  }

  // The list actions (s3:ListBucket, s3:ListBucketVersions): carried where a grant of the same principal
  // and VPC (and endpoint) whose level lists (READ, READ_WRITE) lists the same prefixes. A grant lists KEYPREFIX*:
  // a statement's s3:prefix value is carried when every prefix it names starts with KEYPREFIX, and
  // the grant adds nothing when the statement allowed every prefix that starts with KEYPREFIX.
  for (const atom of listAtoms) {
    const reads = [...accessPoints.values()].filter(ap => (ap.vpc ?? '') === (atom.vpc ?? '') && (ap.endpoint ?? '') === (atom.endpoint ?? ''))
      .flatMap(ap => [...ap.grants.values()]
        .filter(g => g.principal === atom.principal && levelsOf(g).some(l => levelGrantActions(l).lists.includes(atom.action)))
        .map(g => ({ ap, g, keyPrefix: `${ap.prefix}${g.folder ? `${g.folder}/` : ''}` })));
    const carried = (value: string) => reads.filter(r => value.startsWith(r.keyPrefix));
    const use = (r: typeof reads[number], fully: boolean) => {
      r.ap.statements.add(atom.statement);
      if (fully) r.g.listed.add(atom.action);
    };
    const item = (listPrefixes: string[], reason: string) => unmapped.push({
      statement: atom.statement,
      ...(atom.sid ? { sid: atom.sid } : {}),
      principals: [atom.principal],
      actions: [atom.action],
      resources: [bucketArn],
      listPrefixes,
      reason,
    });
    if (reads.length === 0) {
      item(atom.prefixes?.map(p => p.value) ?? [''], 'listing without read access: every access level that lists also reads');
      continue;
    }
    if (atom.prefixes === undefined) {
      // Every prefix: each grant's listing is within it.
      reads.forEach(r => use(r, true));
      if (!reads.some(r => r.keyPrefix === '')) {
        item([''], `lists every key of the bucket; through its access points the principal lists only under ${[...new Set(reads.map(r => r.keyPrefix))].join(', ')}`);
      }
      continue;
    }
    const uncovered: string[] = [];
    for (const p of atom.prefixes) {
      const literal = p.like ? p.value.replace(/\*$/, '') : p.value;
      const wildcard = p.like && /[*?]/.test(literal);
      const matching = wildcard ? [] : carried(literal);
      if (matching.length === 0) uncovered.push(p.value);
      matching.forEach(r => use(r, false));
      // StringLike L*: every prefix under L, so a grant under L lists nothing more than the statement did.
      if (p.like && !wildcard && p.value.endsWith('*')) reads.filter(r => r.keyPrefix.startsWith(literal)).forEach(r => use(r, true));
    }
    if (uncovered.length > 0) {
      item(uncovered, `s3:prefix ${uncovered.join(', ')}: no read grant of the principal lists it (access points list KEYPREFIX* under a grant's folder)`);
    }
  }

  // An item is "not mapped" only if the access points do not carry it: what one statement allows in a
  // shape that does not map (a wildcard in the middle of a key, a single key, a condition without
  // equivalent, an action whose level that grant lacks) may lie wholly inside another grant of the
  // same principal. Such a principal is taken off the item, and the statement counts as carried there.
  const carriedBy = (principal: string, action: string, resource: string) => {
    const key = resource.startsWith(`${bucketArn}/`) ? resource.slice(bucketArn.length + 1) : undefined;
    if (key === undefined) return undefined;
    // The keys a pattern names all start with its text up to the first wildcard.
    const literal = key.split(/[*?]/)[0];
    return [...accessPoints.values()].filter(ap => ap.vpc === undefined).flatMap(ap => [...ap.grants.values()]
      .filter(g => g.principal === principal && Object.keys(g.tags).length === 0
        && literal.startsWith(`${ap.prefix}${g.folder ? `${g.folder}/` : ''}`)
        && levelsOf(g).some(l => levelGrantActions(l).objects.includes(action)))
      .map(() => ap))[0];
  };
  for (const u of [...unmapped]) {
    const actions = expand(u.actions.map(a => a === '*' ? 's3:*' : a), OBJECT_ACTIONS);
    if (u.listPrefixes || actions.length === 0 || actions.length < u.actions.filter(a => !/[*?]/.test(a)).length) continue;
    const carried = u.principals.filter(p => u.resources.every(r => actions.every(a => carriedBy(p, a, r) !== undefined)));
    if (carried.length === 0) continue;
    for (const p of carried) for (const r of u.resources) carriedBy(p, actions[0], r)!.statements.add(u.statement);
    const rest = u.principals.filter(p => !carried.includes(p));
    unmapped.splice(unmapped.indexOf(u), 1, ...(rest.length > 0 ? [{ ...u, principals: rest }] : []));
    perStatement.find(x => x.index === u.statement)?.notes.push(`${u.actions.join(', ')} on ${u.resources.join(', ')} for ${carried.join(', ')}: ` +
      `carried by a grant of a wider prefix (${u.reason})`);
  }

  const names = nameAccessPoints([...accessPoints.values()], principals, options.accessPointNames ?? {});
  const planned: PlannedAccessPoint[] = [];
  const widened: WidenedItem[] = [];
  for (const ap of accessPoints.values()) {
    const name = names.get(ap.key)!;
    const grants: PlannedGrant[] = [];
    for (const g of ap.grants.values()) {
      const levels = levelsOf(g);
      const tags = Object.keys(g.tags).length > 0 ? g.tags : undefined;
      for (const level of levels) {
        const trusted = g.folder !== undefined && CALLER_CHOSEN_FOLDER.test(g.folder) && !IAM_USER_ARN.test(g.principal);
        grants.push({
          principal: g.principal,
          level,
          ...(g.folder ? { principalFolder: g.folder } : {}),
          ...(trusted ? { principalFolderTrusted: true } : {}),
          ...(tags ? { objectTags: tags } : {}),
        });
      }
      // What the levels add, from the statements the library writes for them (levelGrantActions): every
      // object action the statements did not allow on these keys, and every list action they did not
      // allow for every prefix the grant lists.
      const keyPrefix = `${ap.prefix}${g.folder ? `${g.folder}/` : ''}`;
      const allowed = levels.map(levelGrantActions);
      const added = [...new Set(allowed.flatMap(a => a.objects))].filter(a => !g.actions.has(a));
      if (added.length > 0) {
        widened.push({ accessPoint: name, principal: g.principal, actions: added, keys: `${keyPrefix}*`, reason: `the access level${levels.length > 1 ? 's' : ''} ${levels.join(' and ')} also allow${levels.length > 1 ? '' : 's'} them` });
      }
      const lists = [...new Set(allowed.flatMap(a => a.lists))].filter(a => !g.listed.has(a));
      if (lists.length > 0) {
        widened.push({
          accessPoint: name,
          principal: g.principal,
          actions: lists,
          keys: `${keyPrefix}*`,
          reason: `the access level${levels.length > 1 ? 's' : ''} ${levels.join(' and ')} also list${levels.length > 1 ? '' : 's'} ${lists.map(a => a === 's3:ListBucket' ? 'the keys'
            : a === 's3:ListBucketVersions' ? 'the versions of the keys (with s3:GetObjectVersion, deleted objects can be read too)' : a).join(' and ')} ` +
            `under ${keyPrefix === '' ? 'the whole bucket' : keyPrefix}, which the statements did not allow for every prefix there`,
        });
      }
    }
    planned.push({
      name,
      id: constructId(name),
      prefix: ap.prefix,
      ...(ap.vpc ? { vpcId: ap.vpc } : {}),
      ...(ap.endpoint ? { endpointId: ap.endpoint } : {}),
      statements: [...ap.statements].sort((a, b) => a - b),
      grants,
      policy: accessPointPolicy(partition, region, account, name, ap.prefix, grants, principals),
    });
  }

  const touched = (index: number) => planned.filter(ap => ap.statements.includes(index)).map(ap => ap.name);
  for (const s of perStatement) {
    const aps = touched(s.index);
    const hasUnmapped = unmapped.some(u => u.statement === s.index);
    const outcome = s.kind === 'kept' ? 'kept' : hasUnmapped ? (aps.length > 0 ? 'partly-migrated' : 'unmapped') : aps.length > 0 ? 'migrated' : 'unmapped';
    if (outcome === 'unmapped' && !hasUnmapped) {
      // Nothing of it maps, and nothing was refused: it never allowed anything (see its notes).
      unmapped.push({ statement: s.index, ...(s.sid ? { sid: s.sid } : {}), principals: [], actions: [], resources: [], reason: 'no atom of the statement allows a request (see its notes)' });
    }
    statements.push({ index: s.index, ...(s.sid ? { sid: s.sid } : {}), effect: s.effect, outcome, accessPoints: aps, notes: s.notes });
  }

  if (planned.some(ap => ap.vpcId && !ap.endpointId)) {
    warnings.push('VPC-only access points use the VPC\'s S3 gateway endpoint; VpcOnlyAccessPoint makes one (with a policy that lets through only approved access points) ' +
      'unless given one of this app, and a VPC that already routes S3 through an endpoint made elsewhere cannot take a second one: see docs/migration.md');
  }
  const endpoints = [...new Set(planned.map(ap => ap.endpointId).filter((e): e is string => !!e))];
  for (const endpoint of endpoints) {
    const users = planned.filter(ap => ap.endpointId === endpoint).map(ap => ap.name);
    warnings.push(`access point${users.length > 1 ? 's' : ''} ${users.join(', ')} use${users.length > 1 ? '' : 's'} the existing S3 gateway endpoint ${endpoint} ` +
      '(aws:SourceVpce), imported: the library does not manage its policy. Synthesis warns (cdk-s3-access-points:endpointPolicyNotManaged) ' +
      'with the statements its owner must add (they restrict the endpoint to approved access points); the endpoint\'s own policy must let requests to the access points pass. ' +
      'The library cannot check that the endpoint is the VPC\'s S3 gateway endpoint (the mapping file says which VPC it is in)');
  }
  // A VPC whose endpoint the mapping names already routes S3 through it: an endpoint the library makes
  // there for the aws:SourceVpc access points may collide with it (one S3 gateway endpoint per route table).
  for (const vpc of [...new Set(planned.filter(ap => ap.endpointId).map(ap => ap.vpcId!))]) {
    const made = planned.filter(ap => ap.vpcId === vpc && !ap.endpointId).map(ap => ap.name);
    if (made.length === 0) continue;
    const existing = [...new Set(planned.filter(ap => ap.vpcId === vpc && ap.endpointId).map(ap => ap.endpointId!))];
    warnings.push(`VPC ${vpc} has the S3 gateway endpoint ${existing.join(', ')} (mapping file), and the generated code makes another one there for ${made.join(', ')} ` +
      '(aws:SourceVpc): a route table takes one S3 gateway endpoint, so if it serves the same route tables, give those access points the existing endpoint too (endpoint: ...)');
  }
  const callerChosen = [...new Set(planned.flatMap(ap => ap.grants.filter(g => g.principalFolderTrusted).map(g => g.principal)))];
  if (callerChosen.length > 0) {
    warnings.push(`per-principal folders of ${callerChosen.join(', ')} are named by \${aws:userid} or a principal tag, which whoever assumes a role chooses ` +
      '(its session name, its session tags): the bucket policy trusted them, and the generated code says principalFolderTrusted: true to keep that. ' +
      'Pin the value in each role\'s trust policy (sts:RoleSessionName, or deny sts:TagSession for the key) before deploying: docs/threat-model.md, "Per-principal folders"');
  }
  const crossAccount = [...principals.values()].filter(p => p.crossAccount);
  if (crossAccount.length > 0) {
    warnings.push(`principals of other accounts (${[...new Set(crossAccount.map(p => p.account))].join(', ')}) need their own identity policies to allow the access point ARNs, as they allowed the bucket's`);
  }

  const delegationStatement = delegation(bucketArn, account);
  const kept = policy.Statement.filter((_s, i) => statements[i].outcome !== 'migrated' && statements[i].sid !== DELEGATION_SID);
  const after: PolicyDocumentJson = { Version: policy.Version ?? '2012-10-17', ...(policy.Id ? { Id: policy.Id } : {}), Statement: [...kept, delegationStatement] };
  return {
    planVersion: PLAN_VERSION,
    bucket: { name: bucketName, arn: bucketArn, partition, account, region, accountKnown: !!options.account, regionKnown: !!options.region },
    statements,
    principals: [...principals.values()],
    accessPoints: planned,
    unmapped,
    widened,
    warnings,
    bucketPolicy: { before: policy, after, delegationStatement },
    sizes: {
      bucketPolicyBefore: policyBytes(policy),
      bucketPolicyAfter: policyBytes(after),
      accessPoints: Object.fromEntries(planned.map(ap => [ap.name, policyBytes(ap.policy)])),
    },
  };
}

/** The levels of a grant: READ and WRITE together are READ_WRITE; DELETE is a grant of its own. */
function levelsOf(g: WorkingGrant): LevelName[] {
  const levels: LevelName[] = [];
  if (g.levels.has('READ') && g.levels.has('WRITE')) levels.push('READ_WRITE');
  else if (g.levels.has('READ')) levels.push('READ');
  else if (g.levels.has('WRITE')) levels.push('WRITE');
  if (g.levels.has('DELETE')) levels.push('DELETE');
  return levels;
}

/** An Allow statement that already delegates to access points (s3:DataAccessPointAccount / Arn). */
function isDelegation(s: PolicyStatementJson): boolean {
  const keys = Object.values(s.Condition ?? {}).flatMap(k => Object.keys(k).map(x => x.toLowerCase()));
  return s.Effect === 'Allow' && keys.length > 0 && keys.every(k => k === 's3:dataaccesspointaccount' || k === 's3:dataaccesspointarn');
}

/** The delegation statement, as the library renders it (AccessPointDelegation). */
function delegation(bucketArn: string, account: string): PolicyStatementJson {
  return {
    Action: DELEGATED_ACTIONS,
    Condition: { StringEquals: { 's3:DataAccessPointAccount': account } },
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Resource: [bucketArn, `${bucketArn}/*`],
    Sid: DELEGATION_SID,
  } as PolicyStatementJson;
}

/**
 * The access point policy as the library renders it: one statement per (key prefix, level, tags,
 * action group) naming every principal granted it, in grant order.
 */
function accessPointPolicy(
  partition: string, region: string, account: string, name: string, prefix: string,
  grants: PlannedGrant[], principals: Map<string, PlannedPrincipal>,
): PolicyDocumentJson {
  const apArn = `arn:${partition}:s3:${region}:${account}:accesspoint/${name}`;
  const accessPoint = { accessPointArn: apArn, arnForObjects: (keys: string) => `${apArn}/object/${keys}` };
  const groups = new Map<string, { keyPrefix: string; level: LevelName; tags: [string, string][]; principals: string[] }>();
  for (const g of grants) {
    // The key prefix a grant covers: the access point's prefix and the principal folder.
    const keyPrefix = `${prefix}${g.principalFolder ? `${g.principalFolder}/` : ''}`;
    const tags = Object.entries(g.objectTags ?? {}).sort();
    const key = JSON.stringify([keyPrefix, g.level, tags]);
    const group = groups.get(key) ?? { keyPrefix, level: g.level, tags, principals: [] };
    if (!group.principals.includes(g.principal)) group.principals.push(g.principal);
    groups.set(key, group);
  }
  const one = <T>(list: T[]) => list.length === 1 ? list[0] : list;
  const statements: any[] = [];
  for (const group of groups.values()) {
    const principal = { AWS: one(group.principals.map(p => principals.get(p)?.arn ?? p)) };
    // The same statements the library writes for these grants (private/access-levels.ts).
    const shape = { level: accessLevel(group.level), keyPrefix: group.keyPrefix, objectTags: Object.fromEntries(group.tags) };
    const specs = grantStatementSpecs(accessPoint, shape);
    for (const spec of specs) {
      statements.push({ Action: one(spec.actions), ...(spec.conditions ? { Condition: spec.conditions } : {}), Effect: 'Allow', Principal: principal, Resource: one(spec.resourceArns) });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Access point names: from the principals and the prefix, valid, unique; overridden by the mapping. */
function nameAccessPoints(
  aps: WorkingAccessPoint[], principals: Map<string, PlannedPrincipal>, overrides: Record<string, string>,
): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const ap of aps) {
    const who = ap.principals.map(p => principals.get(p)!.name);
    const principalPart = who.length === 1 ? who[0] : `${who[0]}-plus-${who.length - 1}`;
    const prefixPart = ap.prefix === '' ? 'all' : ap.prefix;
    // A role named after its prefix (payments, payments/) gives one word, not two.
    const same = sanitizeName(principalPart) === sanitizeName(prefixPart);
    let name = sanitizeName([principalPart, same ? '' : prefixPart, ap.vpc ? 'vpc' : ''].filter(Boolean).join('-'));
    const base = name;
    for (let n = 2; used.has(name); n++) name = sanitizeName(base, `-${n}`);
    used.add(name);
    names.set(ap.key, name);
  }
  const final = new Map<string, string>();
  const taken = new Set<string>();
  for (const [key, name] of names) {
    const chosen = overrides[name] ?? name;
    const why = accessPointNameProblem(chosen);
    if (why) throw new PolicyInputError(`access point name '${chosen}' (for ${name}) ${why}`);
    if (taken.has(chosen)) throw new PolicyInputError(`access point name '${chosen}' is used twice`);
    taken.add(chosen);
    final.set(key, chosen);
  }
  for (const given of Object.keys(overrides)) {
    if (!names.size || ![...names.values()].includes(given)) throw new PolicyInputError(`the mapping renames '${given}', which the plan does not have (its access points: ${[...names.values()].join(', ') || 'none'})`);
  }
  return final;
}

/** Why a name is not a valid access point name ('' when it is). */
export function accessPointNameProblem(name: string): string {
  if (name.length < 3 || name.length > 50) return 'must be 3-50 characters long';
  if (!/^[a-z0-9-]+$/.test(name)) return 'may contain only lowercase letters, digits and hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with a hyphen';
  if (name.endsWith('-s3alias') || name.endsWith('-ext-s3alias')) return 'must not end with -s3alias or -ext-s3alias';
  return '';
}

/** A valid access point name from free text, with an optional suffix kept whole. */
function sanitizeName(text: string, suffix: string = ''): string {
  let core = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const max = 50 - suffix.length;
  if (core.length > max) {
    const hash = shortHash(text);
    core = `${core.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
  }
  if (core === '') core = 'access-point';
  if (core.length < 3) core = `${core}-ap`;
  let name = `${core}${suffix}`;
  if (name.endsWith('-s3alias')) name = `${name.slice(0, -'-s3alias'.length)}-s3a`;
  return name;
}

/** A short, stable digest of a text (for names that had to be shortened): its SHA-256, base 36. */
function shortHash(text: string): string {
  return parseInt(createHash('sha256').update(text).digest('hex').slice(0, 10), 16).toString(36).slice(0, 5);
}

/** A construct id from an access point name: PascalCase. */
function constructId(name: string): string {
  return name.split('-').map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
