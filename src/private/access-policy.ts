import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AccessLevel } from '../access-level';
import { AccessGrantRecord } from '../grant-record';

/*
 * What access means in policy: the one place that says which S3 and KMS actions an access level
 * stands for, which capabilities the report shows for it, and which statements a grant record turns
 * into (access point policy, identity policy, KMS) and the bucket delegates with. It builds
 * statements from ARNs it is given and knows no construct kind.
 */

/**
 * What a grant lets its principal do, in the four words the access report uses.
 */
export type Capability = 'READ' | 'WRITE' | 'DELETE' | 'LIST';

/**
 * S3 object actions, in groups by the object-tag condition key S3 gives them, on
 * `ACCESS_POINT_ARN/object/PREFIX*`.
 */
interface ObjectActions {
  readonly actions: string[];
  /** The condition key prefix that tests the object's tags; none where S3 provides no tag key. */
  readonly tagKey?: string;
}
const READ_OBJECT: ObjectActions = {
  actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:GetObjectAttributes'],
  tagKey: 's3:ExistingObjectTag',
};
const WRITE_OBJECT: ObjectActions = {
  // s3:PutObjectTagging is needed to set tags with the upload itself (x-amz-tagging).
  actions: ['s3:PutObject', 's3:PutObjectTagging'],
  tagKey: 's3:RequestObjectTag',
};
// Multipart housekeeping: no tags in these requests, and nothing to read or write.
const MULTIPART: ObjectActions = { actions: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] };
const DELETE_OBJECT: ObjectActions = { actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'] };

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
  [AccessLevel.WRITE]: level([WRITE_OBJECT, MULTIPART], WRITE_KEY, ['WRITE']),
  [AccessLevel.READ_WRITE]: level([READ_OBJECT, WRITE_OBJECT, MULTIPART], union(WRITE_KEY, READ_KEY), ['READ', 'WRITE', 'LIST']),
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

/** What decides a grant's statements: records with the same shape share statements. */
export type GrantShape = Pick<AccessGrantRecord, 'level' | 'keyPrefix' | 'objectTags'>;

/** A policy statement without its principal: what a grant record turns into. */
export interface StatementSpec {
  readonly actions: string[];
  readonly resourceArns: string[];
  readonly conditions?: Record<string, Record<string, unknown>>;
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
    // One statement per tag condition key; several tags in one StringEquals must all match.
    : meaning.objects.map(g => ({
      actions: g.actions,
      resourceArns: [objects],
      conditions: g.tagKey ? { StringEquals: Object.fromEntries(tags.map(([k, v]) => [`${g.tagKey}/${k}`, v])) } : undefined,
    }));
  if (meaning.capabilities.includes('LIST')) {
    specs.push({
      actions: ['s3:ListBucket'],
      resourceArns: [accessPoint.accessPointArn],
      // Without this condition, ListBucket on the access point lists every key of the bucket.
      // Listing shows keys, not objects, so object tags cannot narrow it.
      conditions: record.keyPrefix === '' ? undefined : { StringLike: { 's3:prefix': `${record.keyPrefix}*` } },
    });
  }
  return specs;
}

/**
 * The identity statement that lets a consumer look up the access point (alias, network origin) with
 * s3:GetAccessPoint, an identity-policy-only action.
 */
export function lookupStatementSpec(accessPoint: AccessPointArns): StatementSpec {
  return { actions: ['s3:GetAccessPoint'], resourceArns: [accessPoint.accessPointArn] };
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

/**
 * Grants the KMS actions an access level needs on the bucket's key; none for a level without any.
 */
export function grantKeyAccess(key: kms.IKey, grantee: iam.IGrantable, accessLevel: AccessLevel): iam.Grant | undefined {
  const actions = LEVELS[accessLevel].kms;
  return actions.length > 0 ? key.grant(grantee, ...actions) : undefined;
}

/**
 * The access point policy: custom statements, then one statement per (prefix, level, statement)
 * naming every principal granted it, as plain JSON (with tokens). The statements are already
 * grouped, so the policy document machinery (statement merging at resolution) would only cost time
 * at scale.
 */
export function renderAccessPointPolicy(
  accessPoint: AccessPointArns,
  records: AccessGrantRecord[],
  customStatements: iam.PolicyStatement[],
): any {
  const statements = [...customStatements];
  const groups = new Map<string, { shape: GrantShape; principals: iam.IPrincipal[] }>();
  for (const record of records.filter(r => r.inResourcePolicy)) {
    const tags = Object.entries(record.objectTags ?? {}).sort();
    const key = JSON.stringify([record.keyPrefix, record.level, tags]);
    const group = groups.get(key) ?? { shape: record, principals: [] };
    if (!group.principals.includes(record.principal)) {
      group.principals.push(record.principal);
    }
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    for (const spec of grantStatementSpecs(accessPoint, group.shape)) {
      statements.push(new iam.PolicyStatement({
        principals: group.principals,
        actions: spec.actions,
        resources: spec.resourceArns,
        conditions: spec.conditions,
      }));
    }
  }
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements.map(s => s.toStatementJson()) };
}

/**
 * The bucket policy statement that delegates access control to the access points of `accounts`:
 * every request through such an access point is allowed by the bucket, and the access point's own
 * policy decides. Its size does not depend on the number of access points.
 */
export function delegationStatement(bucket: s3.IBucket, accounts: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DelegateAccessControlToAccessPoints',
    principals: [new iam.AnyPrincipal()],
    actions: ['*'],
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    conditions: {
      StringEquals: {
        // Lazy: a delegation that grows with its access points is rendered with all of them.
        's3:DataAccessPointAccount': Lazy.any({ produce: () => accounts.length === 1 ? accounts[0] : accounts }),
      },
    },
  });
}
