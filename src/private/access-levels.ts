import { AccessLevel } from '../access-level';

/*
 * What access means in policy: the one place that lists the S3 and KMS actions of each access level,
 * the capabilities the report shows for it, and the statements a grant record turns into (access point
 * policy, identity policy, KMS) as plain data. No aws-cdk-lib: the migrate command plans with the same
 * lists and statements without loading the CDK. private/access-policy.ts turns them into CDK policy
 * statements.
 */

/**
 * What a grant lets its principal do, in the four words the access report uses.
 */
export type Capability = 'READ' | 'WRITE' | 'DELETE' | 'LIST';

/** Policy conditions: operator, then key, then value(s). */
export type Conditions = Record<string, Record<string, unknown>>;

/**
 * S3 object actions, on `ACCESS_POINT_ARN/object/PREFIX*`, in groups that a tag-limited grant
 * conditions alike.
 */
interface ObjectActions {
  readonly actions: string[];
  /**
   * The conditions that limit these actions to the granted object tags (all must match); none where
   * S3 gives the actions no tag key.
   */
  readonly tagConditions?: (tags: [string, string][]) => Conditions;
}
const tagKeys = (prefix: string, tags: [string, string][]) => Object.fromEntries(tags.map(([k, v]) => [`${prefix}/${k}`, v]));

const READ_OBJECT: ObjectActions = {
  actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes',
    's3:GetObjectVersionAttributes'],
  tagConditions: tags => ({ StringEquals: tagKeys('s3:ExistingObjectTag', tags) }),
};
const UPLOAD: ObjectActions = {
  actions: ['s3:PutObject'],
  tagConditions: tags => ({ StringEquals: tagKeys('s3:RequestObjectTag', tags) }),
};
/*
 * s3:PutObjectTagging also authorizes the tags an upload sets (x-amz-tagging). A tag-limited grant
 * allows it only on objects that carry none of the granted tag keys yet, as a new key does: its
 * holder cannot move an existing object into the granted tags, or out of them, by retagging it
 * (docs/threat-model.md, "Retagging").
 */
const TAG_OBJECT: ObjectActions = {
  actions: ['s3:PutObjectTagging'],
  tagConditions: tags => ({
    StringEquals: tagKeys('s3:RequestObjectTag', tags),
    Null: Object.fromEntries(tags.map(([k]) => [`s3:ExistingObjectTag/${k}`, 'true'])),
  }),
};
// Multipart housekeeping: no tags in these requests, and nothing to read or write.
const MULTIPART: ObjectActions = { actions: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] };
const DELETE_OBJECT: ObjectActions = { actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'] };
/**
 * Listing keys and versions on the access point, always narrowed by s3:prefix. (ListBucketMultipartUploads
 * has no access point resource type in the Service Authorization Reference: it cannot be granted here.)
 */
const LIST_KEYS = ['s3:ListBucket', 's3:ListBucketVersions'];

const READ_KEY = ['kms:Decrypt'];
// Multipart uploads decrypt the data key of earlier parts.
const WRITE_KEY = ['kms:GenerateDataKey', 'kms:Decrypt'];

const union = (...lists: string[][]) => [...new Set(lists.flat())];

/** What one access level means. */
interface LevelMeaning {
  /** The object action groups, on the objects under the grant's prefix. */
  readonly objects: ObjectActions[];
  /** All of them, for a grant without tag conditions (one statement). */
  readonly allObjectActions: string[];
  /** The KMS actions on the bucket's key, when the bucket is encrypted with a KMS key. */
  readonly kms: string[];
  /** What the report says the level lets its principal do; LIST means s3:ListBucket narrowed by s3:prefix. */
  readonly capabilities: Capability[];
}

function level(objects: ObjectActions[], kmsActions: string[], capabilities: Capability[]): LevelMeaning {
  return { objects, allObjectActions: union(...objects.map(g => g.actions)), kms: kmsActions, capabilities };
}

/** The meaning of each access level: its S3 actions, its KMS actions, its capabilities. */
const LEVELS: Record<AccessLevel, LevelMeaning> = {
  [AccessLevel.READ]: level([READ_OBJECT], READ_KEY, ['READ', 'LIST']),
  [AccessLevel.WRITE]: level([UPLOAD, TAG_OBJECT, MULTIPART], WRITE_KEY, ['WRITE']),
  [AccessLevel.READ_WRITE]: level([READ_OBJECT, UPLOAD, TAG_OBJECT, MULTIPART], union(WRITE_KEY, READ_KEY), ['READ', 'WRITE', 'LIST']),
  [AccessLevel.DELETE]: level([DELETE_OBJECT], [], ['DELETE']),
};

/** What an access level lets its principal do, as the access report says it. */
export function capabilitiesOf(accessLevel: AccessLevel): Capability[] {
  return LEVELS[accessLevel].capabilities;
}

/** The access point ARNs a grant's statements are written on. */
export interface AccessPointArns {
  readonly accessPointArn: string;
  arnForObjects(keyPattern: string): string;
}

/** What decides a grant's statements (the parts of an AccessGrantRecord): records with the same shape share statements. */
export interface GrantShape {
  readonly level: AccessLevel;
  readonly keyPrefix: string;
  readonly objectTags?: { [key: string]: string };
}

/** A policy statement without its principal: what a grant record turns into. */
export interface StatementSpec {
  readonly actions: string[];
  readonly resourceArns: string[];
  readonly conditions?: Conditions;
}

/**
 * The statements one grant record needs on an access point. The same statements are written to the
 * access point policy (with the principal) and to the principal's identity policy.
 */
export function grantStatementSpecs(accessPoint: AccessPointArns, record: GrantShape): StatementSpec[] {
  const meaning = LEVELS[record.level];
  const objects = accessPoint.arnForObjects(`${record.keyPrefix}*`);
  const tags = Object.entries(record.objectTags ?? {});
  const specs: StatementSpec[] = tags.length === 0
    ? [{ actions: meaning.allObjectActions, resourceArns: [objects] }]
    // One statement per group; several tags in one StringEquals must all match.
    : meaning.objects.map(g => ({ actions: g.actions, resourceArns: [objects], conditions: g.tagConditions?.(tags) }));
  if (meaning.capabilities.includes('LIST')) {
    specs.push({
      actions: LIST_KEYS,
      resourceArns: [accessPoint.accessPointArn],
      // Without this condition, ListBucket on the access point lists every key of the bucket.
      // Listing shows keys, not objects, so object tags cannot narrow it.
      conditions: record.keyPrefix === '' ? undefined : { StringLike: { 's3:prefix': `${record.keyPrefix}*` } },
    });
  }
  const guard = folderTagGuard(record.keyPrefix);
  return guard ? specs.map(spec => ({ ...spec, conditions: { ...spec.conditions, ...guard } })) : specs;
}

/**
 * For a folder named by a principal tag: a tag value with a `/` would name a folder inside another
 * principal's (`team=finance/private` reaches into `finance/`), and an empty one a folder shared by
 * every principal without a value. Both are refused.
 */
function folderTagGuard(keyPrefix: string): Conditions | undefined {
  const tag = /\$\{aws:PrincipalTag\/([^}]+)\}/.exec(keyPrefix)?.[1];
  return tag === undefined ? undefined : { StringNotLike: { [`aws:PrincipalTag/${tag}`]: ['*/*', ''] } };
}

/**
 * The identity statement that lets a consumer look up the access point (alias, network origin) with
 * s3:GetAccessPoint, an identity-policy-only action. It has no resource type (Service Authorization
 * Reference), so an access point ARN as resource never matches: `*`, pinned by s3:DataAccessPointArn.
 */
export function lookupStatementSpec(accessPoint: AccessPointArns): StatementSpec {
  return {
    actions: ['s3:GetAccessPoint'],
    resourceArns: ['*'],
    conditions: { StringEquals: { 's3:DataAccessPointArn': accessPoint.accessPointArn } },
  };
}

/**
 * The identity statement that lets a consumer look up a directory bucket access point
 * (s3express:GetAccessPoint). Unlike s3:GetAccessPoint, it has the resource type `accesspoint`
 * (Service Authorization Reference), so it is granted on the access point's ARN.
 */
export function directoryLookupStatementSpec(accessPointArn: string): StatementSpec {
  return { actions: ['s3express:GetAccessPoint'], resourceArns: [accessPointArn] };
}

/**
 * The identity statement that lets a consumer look up a Multi-Region Access Point
 * (s3:GetMultiRegionAccessPoint, resource type `multiregionaccesspoint`,
 * `arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS`: the Multi-Region Access Point's ARN).
 */
export function multiRegionLookupStatementSpec(multiRegionAccessPointArn: string): StatementSpec {
  return { actions: ['s3:GetMultiRegionAccessPoint'], resourceArns: [multiRegionAccessPointArn] };
}

/** A statement spec as policy JSON, without a principal (what another account must add). */
export function statementJson(spec: StatementSpec): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Action: spec.actions,
    Resource: spec.resourceArns,
    ...(spec.conditions ? { Condition: spec.conditions } : {}),
  };
}

/** Where a grant's KMS statements point: the bucket's key, as S3 uses it for this bucket. */
export interface KeyUse {
  /** The key's ARN, or a pattern of the keys of its account and region where the key cannot be referenced. */
  readonly keyArn: string;
  /** The region of the bucket, whose S3 endpoint calls KMS (`kms:ViaService`). */
  readonly region: string;
  /**
   * The bucket's ARN, as S3 passes it in the encryption context; undefined where it cannot be
   * referenced (the key policy, written beside the key, then carries the condition).
   */
  readonly bucketArn?: string;
  /** Whether the bucket uses S3 Bucket Keys; undefined when unknown (both forms of context are admitted). */
  readonly bucketKeyEnabled?: boolean;
}

/**
 * The KMS statement a grant record needs on the bucket's key, for the identity policy and, without
 * its principal, the key policy: only through S3 in the bucket's region (`kms:ViaService`) and only
 * for this bucket's objects under the grant's prefix (`kms:EncryptionContext:aws:s3:arn`: the bucket
 * ARN with S3 Bucket Keys, the object ARN without). None for a level that needs no key.
 */
export function keyStatementSpec(use: KeyUse, record: GrantShape): StatementSpec | undefined {
  const actions = LEVELS[record.level].kms;
  if (actions.length === 0) return undefined;
  const objects = `${use.bucketArn}/${record.keyPrefix}*`;
  const contexts = use.bucketArn === undefined ? []
    : use.bucketKeyEnabled === true ? [use.bucketArn]
      : use.bucketKeyEnabled === false ? [objects] : [use.bucketArn, objects];
  return {
    actions,
    resourceArns: [use.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `s3.${use.region}.amazonaws.com` },
      ...(contexts.length > 0 ? { StringLike: { 'kms:EncryptionContext:aws:s3:arn': contexts.length === 1 ? contexts[0] : contexts } } : {}),
    },
  };
}

/**
 * The data actions a bucket delegates to access points: every action of the access levels, and the
 * object actions a custom access point statement may add (tags, retention, legal hold, restore).
 * Never bucket management, ACLs or policies: an `Allow` to everyone may not include them (Security
 * Hub S3.6 checks exactly this, ignoring conditions).
 */
export const DELEGATED_ACTIONS = union(
  ...Object.values(LEVELS).map(m => m.allObjectActions), LIST_KEYS,
  ['s3:PutObjectVersionTagging', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 's3:RestoreObject',
    's3:GetObjectRetention', 's3:PutObjectRetention', 's3:GetObjectLegalHold', 's3:PutObjectLegalHold'],
);

/** The list actions an object request boundary denies on the bucket ARN outside access points. */
export const BUCKET_LIST_ACTIONS = ['s3:ListBucket', 's3:ListBucketVersions', 's3:ListBucketMultipartUploads'];

/** An access point of another account that a bucket admits: what this app grants through it. */
export interface AdmittedAccessPoint {
  readonly arn: string;
  /** Its key prefix ('' for every key). */
  readonly prefix: string;
  readonly levels: AccessLevel[];
  /** The object tags every grant through it is limited to, when they all name the same; none otherwise. */
  readonly objectTags?: { [key: string]: string };
}

/**
 * The bucket policy statements (without principal: everyone) that admit one access point of another
 * account: pinned to its ARN, only its levels' actions, only under its prefix.
 */
export function admittedAccessPointSpecs(bucket: { readonly bucketArn: string }, ap: AdmittedAccessPoint): StatementSpec[] {
  const pin = { StringEquals: { 's3:DataAccessPointArn': ap.arn } };
  const specs: StatementSpec[] = [];
  const objects = `${bucket.bucketArn}/${ap.prefix}*`;
  const tags = Object.entries(ap.objectTags ?? {});
  if (tags.length > 0) {
    // Every grant through it is limited to these tags: so is the admission, group by group as the
    // grants' own statements (grantStatementSpecs), so that the partner cannot widen its policy to
    // other tags (docs/threat-model.md, "Partner account").
    const groups = [...new Set(ap.levels.flatMap(l => LEVELS[l].objects))];
    for (const g of groups) {
      const tagged = g.tagConditions?.(tags) ?? {};
      const conditions = { ...tagged, StringEquals: { ...pin.StringEquals, ...tagged.StringEquals } };
      specs.push({ actions: g.actions, resourceArns: [objects], conditions });
    }
  } else {
    const objectActions = union(...ap.levels.map(l => LEVELS[l].allObjectActions));
    if (objectActions.length > 0) specs.push({ actions: objectActions, resourceArns: [objects], conditions: pin });
  }
  if (ap.levels.some(l => LEVELS[l].capabilities.includes('LIST'))) {
    specs.push({ actions: LIST_KEYS, resourceArns: [bucket.bucketArn], conditions: ap.prefix === '' ? pin : { ...pin, StringLike: { 's3:prefix': `${ap.prefix}*` } } });
  }
  return specs;
}

/** Every object action of a level. */
export function levelObjectActions(accessLevel: AccessLevel): string[] {
  return LEVELS[accessLevel].allObjectActions;
}

/** Whether a level lists keys (ListBucket and ListBucketVersions on the access point, narrowed by s3:prefix). */
export function levelLists(accessLevel: AccessLevel): boolean {
  return LEVELS[accessLevel].capabilities.includes('LIST');
}

/** The smallest level (READ, WRITE or DELETE) whose object actions include `action`, if any. */
export function baseLevelOf(action: string): AccessLevel | undefined {
  return [AccessLevel.READ, AccessLevel.WRITE, AccessLevel.DELETE].find(l => LEVELS[l].allObjectActions.includes(action));
}

/** The condition key prefix that tests an object action's tags in a tag-limited grant, if any. */
export function objectTagKeyOf(action: string): 's3:ExistingObjectTag' | 's3:RequestObjectTag' | undefined {
  if (READ_OBJECT.actions.includes(action)) return 's3:ExistingObjectTag';
  if (UPLOAD.actions.includes(action) || TAG_OBJECT.actions.includes(action)) return 's3:RequestObjectTag';
  return undefined;
}

/*
 * Multi-Region Access Points: their grants use the statements above on the Multi-Region Access
 * Point's ARNs (`grantStatementSpecs`, `keyStatementSpec` per bucket). A member bucket admits them
 * with the statements below.
 */

/** Multi-Region Access Points admitted by a bucket: an ARN pattern, the levels granted through them, on a prefix. */
export interface AdmittedMultiRegionAccessPoints {
  /** `arn:PARTITION:s3::ACCOUNT:accesspoint/*`: every Multi-Region Access Point of one account, no regional access point. */
  readonly arnPattern: string;
  /** Its key prefix ('' for every key). */
  readonly prefix: string;
  readonly levels: AccessLevel[];
}

/**
 * The bucket policy statements (without principal: everyone) that admit Multi-Region Access Points
 * of one account: `s3:DataAccessPointArn` like the account's Multi-Region Access Point ARNs, only the
 * levels' actions, only under the prefix. By pattern, not by ARN: the ARN holds the alias that S3
 * generates when it creates the Multi-Region Access Point, which needs the buckets first.
 */
export function multiRegionAdmissionSpecs(bucket: { readonly bucketArn: string }, mraps: AdmittedMultiRegionAccessPoints): StatementSpec[] {
  const pin = { 's3:DataAccessPointArn': mraps.arnPattern };
  const specs: StatementSpec[] = [];
  const objectActions = union(...mraps.levels.map(l => LEVELS[l].allObjectActions));
  if (objectActions.length > 0) {
    specs.push({ actions: objectActions, resourceArns: [`${bucket.bucketArn}/${mraps.prefix}*`], conditions: { StringLike: pin } });
  }
  if (mraps.levels.some(l => LEVELS[l].capabilities.includes('LIST'))) {
    specs.push({
      actions: LIST_KEYS,
      resourceArns: [bucket.bucketArn],
      conditions: { StringLike: mraps.prefix === '' ? pin : { ...pin, 's3:prefix': `${mraps.prefix}*` } },
    });
  }
  return specs;
}

/** A bucket policy Deny (to everyone): what it denies, on what, when. */
export interface DenySpec {
  readonly actions?: string[];
  readonly notActions?: string[];
  readonly resourceArns?: string[];
  readonly notResourceArns?: string[];
  readonly conditions: Conditions;
}

/**
 * The bucket policy Denies that cap every Multi-Region Access Point of one account at what this app
 * grants through them over the bucket: the levels' actions, on their prefixes. The Allows of
 * `multiRegionAdmissionSpecs` bound other accounts only: for a caller of the bucket's own account,
 * "only the underlying IAM policy, which grants the appropriate access, is required"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointPermissions.html), so
 * an identity policy with s3:* on * would otherwise reach every key through any of the account's
 * Multi-Region Access Points. A Deny binds every caller. The caps are the union over the account's
 * Multi-Region Access Points of the bucket (they share one ARN pattern); with no grant, they deny all.
 */
export function multiRegionCapSpecs(
  bucket: { readonly bucketArn: string },
  arnPattern: string,
  admissions: AdmittedMultiRegionAccessPoints[],
): DenySpec[] {
  const when = { StringLike: { 's3:DataAccessPointArn': arnPattern } };
  const everything = [bucket.bucketArn, `${bucket.bucketArn}/*`];
  const levels = union(...admissions.map(a => a.levels)) as AccessLevel[];
  if (levels.length === 0) return [{ actions: ['s3:*'], resourceArns: everything, conditions: when }];
  const lists = levels.some(l => LEVELS[l].capabilities.includes('LIST'));
  const granted = union(...levels.map(l => LEVELS[l].allObjectActions), lists ? LIST_KEYS : []);
  const specs: DenySpec[] = [{ notActions: granted, resourceArns: everything, conditions: when }];
  const prefixes = [...new Set(admissions.map(a => a.prefix))];
  if (prefixes.includes('')) return specs;
  // Objects outside the prefixes (the bucket ARN itself is left to the list cap below).
  specs.push({ actions: ['s3:*'], notResourceArns: [bucket.bucketArn, ...prefixes.map(p => `${bucket.bucketArn}/${p}*`)], conditions: when });
  if (lists) {
    // A list outside the prefixes, or without s3:prefix (a missing key matches StringNotLike).
    specs.push({ actions: LIST_KEYS, resourceArns: [bucket.bucketArn], conditions: { ...when, StringNotLike: { 's3:prefix': prefixes.map(p => `${p}*`) } } });
  }
  return specs;
}

/**
 * The bucket policy Deny (to everyone) of every request through another account's access point by a
 * caller of the bucket's own account. The partner owns its access point's policy and can name such a
 * caller there, and a caller of the bucket's account needs no bucket policy Allow when its identity
 * policy allows: the admission's Allows (admittedAccessPointSpecs) bound the callers of every other
 * account, not that one. The bucket's own callers have the app's access points; through a partner's,
 * they get nothing. One statement for all partner access points: about 80 characters each, where a
 * per-access-point cap of levels and prefix (as multiRegionCapSpecs) costs about 1 KB each.
 */
export function partnerOwnAccountDenySpec(bucket: { readonly bucketArn: string }, bucketAccount: string, partnerArns: string[]): DenySpec {
  return {
    actions: ['s3:*'],
    resourceArns: [bucket.bucketArn, `${bucket.bucketArn}/*`],
    conditions: { StringEquals: { 'aws:PrincipalAccount': bucketAccount, 's3:DataAccessPointArn': partnerArns.length === 1 ? partnerArns[0] : partnerArns } },
  };
}

/*
 * Directory buckets (S3 Express One Zone). Object requests are authorized once per session: a
 * principal calls s3express:CreateSession (on the access point ARN through an access point) and the
 * session's credentials then sign the object requests, which no policy sees one by one
 * ("Authorizing Zonal endpoint API operations with CreateSession",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-create-session.html). What a
 * session may do is bounded by its mode (s3express:SessionMode: a ReadOnly session runs GetObject,
 * HeadObject, ListObjectsV2, GetObjectAttributes, ListParts and ListMultipartUploads; a ReadWrite
 * session every Zonal endpoint operation, CreateSession API reference,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateSession.html) and by the access point's
 * Scope (prefixes and operations, for every principal alike).
 */

/** The operations a directory bucket access point's Scope can permit (Scope, API reference). */
export const SCOPE_PERMISSIONS = ['GetObject', 'GetObjectAttributes', 'ListMultipartUploadParts', 'ListBucket',
  'ListBucketMultipartUploads', 'PutObject', 'DeleteObject', 'AbortMultipartUpload'];

/** The Scope operations a ReadOnly session can run; a ReadWrite session runs them all. */
const READ_ONLY_SESSION_OPERATIONS = ['GetObject', 'GetObjectAttributes', 'ListBucket', 'ListMultipartUploadParts', 'ListBucketMultipartUploads'];

/** The Scope operations each access level needs, as its general purpose meaning has them (LEVELS). */
const SCOPE_OF_LEVEL: Record<AccessLevel, string[]> = {
  [AccessLevel.READ]: ['GetObject', 'GetObjectAttributes', 'ListBucket'],
  [AccessLevel.WRITE]: ['PutObject', 'AbortMultipartUpload', 'ListMultipartUploadParts'],
  [AccessLevel.READ_WRITE]: ['GetObject', 'GetObjectAttributes', 'ListBucket', 'PutObject', 'AbortMultipartUpload', 'ListMultipartUploadParts'],
  [AccessLevel.DELETE]: ['DeleteObject'],
};

/** The session mode an access level needs: ReadOnly for READ, ReadWrite for anything that changes objects. */
export function sessionModeOf(accessLevel: AccessLevel): 'ReadOnly' | 'ReadWrite' {
  return accessLevel === AccessLevel.READ ? 'ReadOnly' : 'ReadWrite';
}

/** The Scope operations an access level needs, in the order of SCOPE_PERMISSIONS. */
export function scopePermissionsOf(...levels: AccessLevel[]): string[] {
  const wanted = new Set(levels.flatMap(l => SCOPE_OF_LEVEL[l]));
  return SCOPE_PERMISSIONS.filter(p => wanted.has(p));
}

/**
 * What a grant of `accessLevel` actually lets its principal run through an access point whose Scope
 * permits `scope` (all operations when empty): the session mode's operations within the Scope.
 * More than the level's own operations when other grants widened the Scope.
 */
export function effectiveScopeOperations(accessLevel: AccessLevel, scope: string[]): string[] {
  const permitted = scope.length === 0 ? SCOPE_PERMISSIONS : scope;
  return sessionModeOf(accessLevel) === 'ReadOnly' ? permitted.filter(p => READ_ONLY_SESSION_OPERATIONS.includes(p)) : [...permitted];
}

/**
 * The statement of a grant on a directory bucket access point, for its policy (with the principal)
 * and the principal's identity policy: CreateSession on the access point, in ReadOnly mode for READ.
 * A grant that may write also admits ReadOnly sessions, which allow less.
 */
export function directoryGrantSpec(accessPointArn: string, accessLevel: AccessLevel): StatementSpec {
  return {
    actions: ['s3express:CreateSession'],
    resourceArns: [accessPointArn],
    conditions: sessionModeOf(accessLevel) === 'ReadOnly' ? { StringEquals: { 's3express:SessionMode': 'ReadOnly' } } : undefined,
  };
}

/**
 * The actions a directory bucket delegates to access points: CreateSession only. It is the one data
 * action of S3 Express (every object operation but CopyObject and HeadBucket runs in a session), and
 * an access point serves object operations only; AWS's example delegates `*`, which would also
 * name bucket management (s3express:PutBucketPolicy, DeleteBucket, ...) in an Allow to everyone.
 */
export const DIRECTORY_DELEGATED_ACTIONS = ['s3express:CreateSession'];

/**
 * The KMS statement a session needs on an SSE-KMS directory bucket's key: GenerateDataKey and Decrypt
 * for any session ("If you want to encrypt objects with SSE-KMS, you must also have the
 * kms:GenerateDataKey and the kms:Decrypt permissions", CreateSession API reference), only with the
 * bucket's encryption context (`aws:s3express:arn`, the bucket ARN: S3 Bucket Keys are always on for
 * directory buckets, "Using server-side encryption with AWS KMS keys (SSE-KMS) in directory buckets",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-UsingKMSEncryption.html).
 * No kms:ViaService: no AWS page names a value for S3 Express (the KMS ViaService reference lists
 * `s3.REGION.amazonaws.com` for Amazon S3, https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service,
 * and the S3 Express pages name none), and a wrong one would deny every session. The encryption
 * context pins what S3 Express does with the key to this bucket; it does not stop the grantee from
 * calling KMS directly with this bucket's context, since a direct call carries whatever context its
 * caller gives (docs/threat-model.md, "Directory buckets": a residual; it yields data keys, not the
 * objects, whose encrypted keys S3 Express keeps). The same page's CloudTrail sample shows the
 * context value prefixed with `arn:aws:s3:::`: both forms name this bucket only, and both are admitted.
 */
export function directoryKeyStatementSpec(keyArn: string, bucketArn: string, partition: string): StatementSpec {
  return {
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resourceArns: [keyArn],
    conditions: { StringEquals: { 'kms:EncryptionContext:aws:s3express:arn': [bucketArn, `arn:${partition}:s3:::${bucketArn}`] } },
  };
}
