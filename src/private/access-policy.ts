import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AccessPointArns, AdmittedAccessPoint, AdmittedMultiRegionAccessPoints, Conditions, DELEGATED_ACTIONS, DIRECTORY_DELEGATED_ACTIONS, GrantShape,
  admittedAccessPointSpecs, directoryGrantSpec, grantStatementSpecs, multiRegionAdmissionSpecs, multiRegionCapSpecs, partnerOwnAccountDenySpec,
} from './access-levels';
import { AccessGrantRecord } from '../grant-record';

/*
 * The CDK policy statements of access: the access point policy rendered from grant records, the
 * bucket's delegation, the statements that admit other accounts' access points, and the upload
 * encryption guard. What each access level means is in private/access-levels.ts.
 */

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
 * The bucket policy statement that delegates access control to access points of the bucket's own
 * account: every data request through such an access point is allowed by the bucket, and the access
 * point's own policy decides. `accessPointArns` narrows it to some access points (a list, or an
 * `s3:DataAccessPointArn` pattern). Its size does not depend on the number of grants.
 */
export function delegationStatement(
  bucket: s3.IBucket,
  account: string,
  accessPointArns?: { readonly like: boolean; readonly values: string[] },
): iam.PolicyStatement {
  const byArn = accessPointArns && { 's3:DataAccessPointArn': Lazy.any({ produce: () => oneOrMany(accessPointArns.values) }) };
  return new iam.PolicyStatement({
    sid: 'DelegateAccessControlToAccessPoints',
    principals: [new iam.AnyPrincipal()],
    actions: DELEGATED_ACTIONS,
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    conditions: {
      StringEquals: { 's3:DataAccessPointAccount': account, ...(accessPointArns?.like ? {} : byArn) },
      ...(accessPointArns?.like ? { StringLike: byArn } : {}),
    },
  });
}

const oneOrMany = (values: string[]) => values.length === 1 ? values[0] : values;


/**
 * The bucket policy statements that admit one access point of another account: pinned to its ARN,
 * only its levels' actions, only under its prefix. Its owner can widen its own policy, but not
 * beyond these.
 */
export function admittedAccessPointStatements(bucket: s3.IBucket, ap: AdmittedAccessPoint): iam.PolicyStatement[] {
  return admittedAccessPointSpecs(bucket, ap).map(spec => new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()], actions: spec.actions, resources: spec.resourceArns, conditions: spec.conditions,
  }));
}


/** How a bucket encrypts objects at rest, as far as uploads may name it. */
export interface UploadEncryption {
  /** The `x-amz-server-side-encryption` value uploads may send: `AES256`, `aws:kms` or `aws:kms:dsse`. */
  readonly algorithm: string;
  /** For SSE-KMS and DSSE-KMS: the bucket's key ARN; undefined for the AWS managed key `aws/s3`. */
  readonly keyArn?: string;
}

/**
 * Bucket policy statements that let an upload name no encryption but the bucket's own: no other
 * algorithm, no other KMS key (a key of another account would hold the data to ransom), no customer
 * key (SSE-C). Uploads that name no encryption keep working (S3 applies the bucket's default). Each
 * Deny applies only when the upload sends the header (`Null: false`): an `...IfExists` operator would
 * also deny uploads that send none.
 */
export function uploadEncryptionStatements(bucket: s3.IBucket, encryption: UploadEncryption): iam.PolicyStatement[] {
  const deny = (sid: string, conditions: Conditions) => new iam.PolicyStatement({
    sid, effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['s3:PutObject'], resources: [bucket.arnForObjects('*')], conditions,
  });
  const SSE = 's3:x-amz-server-side-encryption';
  const KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
  const statements = [
    deny('DenyUploadsWithOtherEncryption', { Null: { [SSE]: 'false' }, StringNotEquals: { [SSE]: encryption.algorithm } }),
    deny('DenyUploadsWithCustomerKeys', { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } }),
  ];
  if (encryption.algorithm !== 'AES256') {
    statements.push(encryption.keyArn === undefined
      ? deny('DenyUploadsNamingAKmsKey', { Null: { [KEY]: 'false' } })
      // AWS compares the key id as given: clients name the bucket's key by its ARN, or not at all.
      : deny('DenyUploadsWithAnotherKmsKey', { Null: { [KEY]: 'false' }, StringNotEquals: { [KEY]: encryption.keyArn } }));
    if (encryption.keyArn !== undefined) {
      // `aws:kms` without a key id means the AWS managed key aws/s3, not the bucket's.
      statements.push(deny('DenyUploadsWithTheAwsManagedKey', { StringEquals: { [SSE]: encryption.algorithm }, Null: { [KEY]: 'true' } }));
    }
  }
  return statements;
}

/**
 * The bucket policy Deny of a copy through an access point (or a Multi-Region Access Point) whose
 * source names this bucket itself, not an access point. CopyObject and UploadPartCopy are authorized
 * as s3:PutObject on the destination and s3:GetObject on the source; AWS does not document whether
 * S3 carries the destination's s3:DataAccessPointArn into the source check of a source that names
 * the bucket directly. If it does, the delegation would admit that read and a writer could copy any
 * key into its own prefix. This Deny makes the answer not matter: such a copy is refused, and a copy
 * whose source names an access point (its ARN or alias) is read through that access point's policy,
 * as any read is. The copy source header is `BUCKET/KEY` for a source named by bucket (S3 API
 * reference, CopyObject, x-amz-copy-source); both that form and a leading `/` are matched.
 * Requests straight to the bucket (administrators, service roles) keep copying within it.
 */
export function copySourceStatement(bucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DenyCopiesFromTheBucketThroughAccessPoints',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('*')],
    conditions: {
      StringLike: { 's3:x-amz-copy-source': [`${bucket.bucketName}/*`, `/${bucket.bucketName}/*`] },
      Null: { 's3:DataAccessPointArn': 'false' },
    },
  });
}

/** The bucket policy statements that admit the Multi-Region Access Points of one account (see multiRegionAdmissionSpecs). */
export function multiRegionAdmissionStatements(bucket: s3.IBucket, mraps: AdmittedMultiRegionAccessPoints): iam.PolicyStatement[] {
  return multiRegionAdmissionSpecs(bucket, mraps).map(spec => new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()], actions: spec.actions, resources: spec.resourceArns, conditions: spec.conditions,
  }));
}

/** The bucket policy Denies that cap the Multi-Region Access Points of one account (see multiRegionCapSpecs). */
export function multiRegionCapStatements(
  bucket: s3.IBucket,
  arnPattern: string,
  admissions: AdmittedMultiRegionAccessPoints[],
): iam.PolicyStatement[] {
  return multiRegionCapSpecs(bucket, arnPattern, admissions).map(spec => new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: spec.actions,
    notActions: spec.notActions,
    resources: spec.resourceArns,
    notResources: spec.notResourceArns,
    conditions: spec.conditions,
  }));
}

/** The bucket policy Deny of requests through other accounts' access points by the bucket's own account (see partnerOwnAccountDenySpec). */
export function partnerOwnAccountDenyStatement(bucket: s3.IBucket, partnerArns: string[]): iam.PolicyStatement {
  const spec = partnerOwnAccountDenySpec(bucket, bucket.env.account, partnerArns);
  return new iam.PolicyStatement({
    sid: 'DenyOwnAccountThroughPartnerAccessPoints',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: spec.actions,
    resources: spec.resourceArns,
    conditions: spec.conditions,
  });
}

/*
 * Directory buckets (S3 Express One Zone): the delegation on the bucket's policy and the access
 * point policy rendered from grant records (what a grant means: private/access-levels.ts).
 */

/** An access point of another account that a directory bucket admits, with what this app grants through it. */
export interface AdmittedDirectoryAccessPoint {
  readonly arn: string;
  readonly account: string;
  /** The Scope operations its grants need. */
  readonly permissions: string[];
  /** Every grant on it is READ: only ReadOnly sessions. */
  readonly readOnly: boolean;
}

/**
 * The directory bucket policy statements that delegate access control to access points:
 * - for the bucket's own account, one statement: CreateSession on the bucket when the session is
 *   created through an access point of that account (`s3express:DataAccessPointAccount`, as AWS's
 *   example "Delegating access control to access points" has it,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-directory-buckets-policies.html),
 *   whatever the number of access points and grants;
 * - for an access point of another account, one statement pinned to its ARN
 *   (`s3express:DataAccessPointArn`), admitting only a Scope within the operations this app grants
 *   through it (`ForAllValues:StringEquals` on `s3express:Permissions`, as AWS's cross-account
 *   example does, with a `Null` guard: `ForAllValues` alone also matches a request without the key)
 *   and only ReadOnly sessions when every grant on it is READ. The partner owns that access point's
 *   policy and Scope, and cannot widen its operations or session mode past these; no condition key
 *   limits its Scope's prefixes (docs/threat-model.md, "Directory buckets").
 */
export function directoryDelegationStatements(
  bucketArn: string,
  ownAccounts: string[],
  partners: AdmittedDirectoryAccessPoint[],
): iam.PolicyStatement[] {
  const statements = ownAccounts.length === 0 ? [] : [new iam.PolicyStatement({
    sid: 'DelegateAccessControlToAccessPoints',
    principals: [new iam.AnyPrincipal()],
    actions: DIRECTORY_DELEGATED_ACTIONS,
    resources: [bucketArn],
    conditions: { StringEquals: { 's3express:DataAccessPointAccount': oneOrMany(ownAccounts) } },
  })];
  // A partner access point that this app grants nothing through (and bounds by no permissions) is
  // admitted nothing: an empty s3express:Permissions list would match no request, and linters flag it.
  for (const ap of partners.filter(p => p.permissions.length > 0)) {
    statements.push(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: DIRECTORY_DELEGATED_ACTIONS,
      resources: [bucketArn],
      conditions: {
        'StringEquals': { 's3express:DataAccessPointArn': ap.arn, ...(ap.readOnly ? { 's3express:SessionMode': 'ReadOnly' } : {}) },
        'ForAllValues:StringEquals': { 's3express:Permissions': ap.permissions },
        'Null': { 's3express:Permissions': 'false' },
      },
    }));
  }
  return statements;
}

/**
 * A directory bucket access point's policy: one CreateSession statement per session mode, naming
 * every principal granted it, as plain JSON (with tokens).
 */
export function renderDirectoryAccessPointPolicy(
  accessPointArn: string,
  records: AccessGrantRecord[],
  customStatements: iam.PolicyStatement[] = [],
): any {
  const groups = new Map<string, { record: AccessGrantRecord; principals: iam.IPrincipal[] }>();
  for (const record of records.filter(r => r.inResourcePolicy)) {
    const key = JSON.stringify(directoryGrantSpec(accessPointArn, record.level).conditions ?? {});
    const group = groups.get(key) ?? { record, principals: [] };
    if (!group.principals.includes(record.principal)) group.principals.push(record.principal);
    groups.set(key, group);
  }
  const statements = [...customStatements, ...[...groups.values()].map(group => {
    const spec = directoryGrantSpec(accessPointArn, group.record.level);
    return new iam.PolicyStatement({
      principals: group.principals, actions: spec.actions, resources: spec.resourceArns, conditions: spec.conditions,
    });
  })];
  return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements.map(s => s.toStatementJson()) };
}
