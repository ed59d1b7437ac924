import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { isOtherAccount } from './key-grant';
import { addNagSuppressions, nagResourceFinding } from './nag-metadata';
import { physicalName } from './rules';

/*
 * S3 Replication for a bucket of the library: the replication role (with a managed policy of its
 * own, as AWS documents the permissions: https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * and, for SSE-KMS, https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html)
 * and the bucket's ReplicationConfiguration. s3.Bucket's own replicationRules are not used: with the
 * @aws-cdk/aws-s3:setUniqueReplicationRoleName flag unset, its role is named `CDKReplicationRole`,
 * so a second replicated bucket in the account fails to deploy, and its KMS statements carry no
 * kms:ViaService nor encryption context.
 */

/** The replication role of each replicated bucket, for the boundaries that must let it read. */
const roles = new WeakMap<s3.IBucket, iam.IRole>();

/** The role that replicates `bucket`'s objects, if the library replicates it. */
export function replicationRoleOf(bucket: s3.IBucket): iam.IRole | undefined {
  return roles.get(bucket);
}

/** Why the replication role's policy names every object of the two buckets. */
const OBJECT_WILDCARD_REASON =
  'S3 Replication reads every object version of the source bucket and writes replicas of them into the destination: ' +
  'the replication role names BUCKET/* of both, as AWS documents (setting-repl-config-perm-overview).';

/** The errors of a replication destination (none when it can be used). */
export function validateReplicationDestination(property: string, destination: s3.IBucket, sourceUsesKms: boolean): string[] {
  const errors: string[] = [];
  if (sourceUsesKms && !destination.encryptionKey) {
    errors.push(`${property} has no encryptionKey: replicas of SSE-KMS objects are encrypted with a key of the destination, ` +
      'which must be named (ReplicaKmsKeyID). Import the destination with s3.Bucket.fromBucketAttributes({ bucketName, encryptionKey })');
  }
  const cfn = destination.node.defaultChild;
  if (cfn instanceof s3.CfnBucket) {
    const versioning = Stack.of(destination).resolve(cfn.versioningConfiguration);
    if (versioning?.status !== 'Enabled') {
      errors.push(`${property} (${destination.node.path}) is not versioned: S3 Replication needs versioning on the destination too (versioned: true)`);
    }
  }
  return errors;
}

/**
 * Replicates every object of `source` into `destination` (delete markers are not replicated, so a
 * delete in the source leaves the replica). With a KMS key on the source, SSE-KMS objects are
 * replicated too, re-encrypted with the destination's key. Makes the role `ReplicationRole` under
 * `source`. The destination's owner must let the role write (its bucket policy when in another
 * account, its key policy when the key is of another account).
 */
export function replicate(source: s3.Bucket, destination: s3.IBucket): iam.IRole {
  const stack = Stack.of(source);
  const sourceKey = source.encryptionKey;
  const destinationKey = sourceKey ? destination.encryptionKey : undefined;
  // Confused-deputy protection: S3 may assume the role for this account's buckets, and, when the
  // bucket's name is known at synthesis, for this bucket only (aws:SourceArn built from the literal
  // name: a reference to the bucket would be a cycle, since the bucket references the role). Without
  // it, an insider with iam:PassRole could name this role in a replication rule of another bucket of
  // the account and write replicas into the destination (attack review).
  const name = physicalName(source);
  const role = new iam.Role(source, 'ReplicationRole', {
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ...name ? { ArnEquals: { 'aws:SourceArn': `arn:${stack.partition}:s3:::${name}` } } : {},
      },
    }),
    description: `S3 Replication of ${source.node.path}`,
  });
  const regionOf = (b: s3.IBucket) => Token.isUnresolved(b.env.region) ? Aws.REGION : b.env.region;
  const statements = [
    new iam.PolicyStatement({ actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source.bucketArn] }),
    new iam.PolicyStatement({
      actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      resources: [source.arnForObjects('*')],
    }),
    // Not s3:ReplicateDelete: it replicates delete markers, which the rule leaves out
    // (DeleteMarkerReplication Disabled), and would let a rule that names this role hide replicas.
    new iam.PolicyStatement({
      actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
      resources: [destination.arnForObjects('*')],
    }),
  ];
  // KMS through S3 only, and only for these two buckets (with or without S3 Bucket Keys, the
  // encryption context is the bucket's or the object's ARN).
  if (sourceKey) {
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [sourceKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${regionOf(source)}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [source.bucketArn, source.arnForObjects('*')] },
      },
    }));
  }
  if (destinationKey) {
    statements.push(new iam.PolicyStatement({
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [destinationKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${regionOf(destination)}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [destination.bucketArn, destination.arnForObjects('*')] },
      },
    }));
  }
  // A managed policy of its own, not an inline one: the compliance packs flag inline policies
  // (IAMNoInlinePolicy), and the policy is the library's, not the user's.
  const policy = new iam.ManagedPolicy(source, 'ReplicationPolicy', { statements, roles: [role] });
  // Exactly the two object wildcards, as cdk-nag names them: nothing else in the policy is suppressed.
  const cfnPolicy = policy.node.defaultChild as iam.CfnManagedPolicy;
  const findings = [source.arnForObjects('*'), destination.arnForObjects('*')].map(arn => nagResourceFinding(cfnPolicy, arn))
    .filter((f): f is string => f !== undefined);
  addNagSuppressions(cfnPolicy, [{ id: 'AwsSolutions-IAM5', reason: OBJECT_WILDCARD_REASON, appliesTo: findings }]);
  const crossAccount = isOtherAccount(destination.env.account, stack.account);
  const cfn = source.node.defaultChild as s3.CfnBucket;
  cfn.replicationConfiguration = {
    role: role.roleArn,
    rules: [{
      id: 'ReplicateEverything',
      status: 'Enabled',
      priority: 0,
      filter: { prefix: '' },
      deleteMarkerReplication: { status: 'Disabled' },
      destination: {
        bucket: destination.bucketArn,
        account: crossAccount ? destination.env.account : undefined,
        encryptionConfiguration: destinationKey ? { replicaKmsKeyId: destinationKey.keyArn } : undefined,
      },
      sourceSelectionCriteria: sourceKey ? { sseKmsEncryptedObjects: { status: 'Enabled' } } : undefined,
    }],
  };
  roles.set(source, role);
  // s3.Bucket's own property, as its replicationRules would set it (for the destination's bucket policy).
  source.replicationRoleArn = role.roleArn;
  return role;
}
