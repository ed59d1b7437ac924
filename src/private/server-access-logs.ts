import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BOUNDARY_ACTIONS, exempting } from './boundary';
import { replicationRoleOf } from './replication';

/**
 * The bucket policy statement that lets S3 deliver the server access logs of `source` into
 * `target`, as AWS documents it: `logging.s3.amazonaws.com` may `s3:PutObject` under the prefix,
 * with `aws:SourceArn` and `aws:SourceAccount` naming the source (confused-deputy protection).
 */
export function logDeliveryStatement(target: s3.IBucket, source: s3.IBucket, prefix?: string): iam.PolicyStatement {
  // In another stack the source's ARN would be a cross-stack reference back to the stack that
  // references the log bucket: a cycle. Then the account alone limits the statement.
  const sameStack = Stack.of(target) === Stack.of(source);
  return new iam.PolicyStatement({
    effect: iam.Effect.ALLOW,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [target.arnForObjects(`${prefix ?? ''}*`)],
    conditions: {
      ...(sameStack ? { ArnLike: { 'aws:SourceArn': source.bucketArn } } : {}),
      StringEquals: { 'aws:SourceAccount': Stack.of(source).account },
    },
  });
}

/**
 * Write `source`'s server access logs into `target`: the logging configuration on `source`'s
 * CloudFormation bucket and the delivery statement on `target`'s policy (or a warning when
 * `target` is imported and its policy cannot be written).
 */
export function logServerAccessTo(source: s3.Bucket, target: s3.IBucket, prefix?: string): void {
  const resource = source.node.defaultChild as s3.CfnBucket;
  resource.loggingConfiguration = { destinationBucketName: target.bucketName, logFilePrefix: prefix };
  const { statementAdded } = target.addToResourcePolicy(logDeliveryStatement(target, source, prefix));
  if (!statementAdded) {
    Annotations.of(source).addWarningV2('cdk-s3-access-points:accessLogsPolicyNotAdded',
      `The server access logs bucket ${target.bucketName} is imported, so its policy cannot be written here: ` +
      'add a statement that allows logging.s3.amazonaws.com s3:PutObject on its log prefix, with aws:SourceArn ' +
      'naming this bucket, or the logs are not delivered.');
  }
  if (target.encryptionKey) {
    Annotations.of(source).addWarningV2('cdk-s3-access-points:accessLogsBucketKms',
      'The server access logs bucket is encrypted with SSE-KMS: S3 log delivery supports SSE-S3 as a destination\'s ' +
      'default encryption (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html). ' +
      'Use a ServerAccessLogsBucket or a bucket with S3_MANAGED encryption.');
  }
}

/** Who a locked logs bucket lets through, besides S3 log delivery. */
export interface LogsExemptions {
  readonly administrators: string[];
  readonly deployment: string[];
  /** CDK's own helpers (auto-delete), found at synthesis. */
  readonly helpers: () => string[];
}

/** The exemptions each log bucket is locked with: one set of statements per distinct set, each with its own Sids. */
const locks = new WeakMap<s3.IBucket, string[]>();

/**
 * With an object request boundary on `source`, its server access logs bucket lets through only S3
 * log delivery (`logging.s3.amazonaws.com`, the only AWS service principal with an Allow here, which
 * limits it to PutObject under the prefix)
 * and the boundary's administrators: the logs hold every key and requester of the source bucket,
 * and deleting them purges the evidence. Everyone else is denied every request on the log objects,
 * listing the log bucket, its export and reopening settings, and every change of its other settings
 * (lifecycle, versioning, encryption: an expiration rule deletes the logs too); the deployment roles
 * keep the settings, as on the data bucket. CDK's own helpers (auto-delete) keep their access.
 *
 * A log bucket shared by several bucket boundaries gets the statements of each distinct set of
 * exemptions (one set when they name the same administrators): a caller must be an administrator of
 * every one of them. An imported log bucket cannot be locked: a warning.
 */
export function lockLogsBucket(source: s3.IBucket, target: s3.IBucket, exempt: LogsExemptions): void {
  // Buckets that share a log bucket and their boundary's exemptions share its statements: the log
  // bucket's policy grows by one set per distinct set of exemptions, not per bucket.
  const key = JSON.stringify(Stack.of(target).resolve([exempt.administrators, exempt.deployment]));
  const taken = locks.get(target) ?? [];
  if (taken.includes(key)) return;
  locks.set(target, [...taken, key]);
  const suffix = taken.length === 0 ? '' : `${taken.length + 1}`;
  const readers = () => [...exempt.administrators, ...exempt.helpers()];
  // The log bucket's replication role reads every log version (and lists the bucket) to replicate it;
  // it gets no exemption from the settings denies.
  const logReaders = () => [...readers(), ...[replicationRoleOf(target)?.roleArn].filter((a): a is string => a !== undefined)];
  // Log delivery is a service principal (logging.s3.amazonaws.com): it has no aws:PrincipalArn, and
  // aws:PrincipalIsAWSService is true for it (the data perimeter pattern, as the guardrail's RCP:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice).
  // Other service principals pass this Deny too, but none has an Allow here: log delivery's is the only one.
  const notLogDelivery = { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } };
  const statements = [
    new iam.PolicyStatement({
      sid: `DenyLogAccessButDeliveryAndAdministrators${suffix}`,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [target.arnForObjects('*')],
      conditions: { ...exempting(logReaders), ...notLogDelivery },
    }),
    new iam.PolicyStatement({
      sid: `DenyLogListingButAdministrators${suffix}`,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: BOUNDARY_ACTIONS.listing,
      resources: [target.bucketArn],
      conditions: { ...exempting(logReaders), ...notLogDelivery },
    }),
    new iam.PolicyStatement({
      sid: `DenyLogBucketExportAndReopening${suffix}`,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...BOUNDARY_ACTIONS.exportConfiguration, ...BOUNDARY_ACTIONS.reopening],
      resources: [target.bucketArn],
      conditions: exempting(() => [...readers(), ...exempt.deployment]),
    }),
    // Found by the review of the boundary: an expiration rule (PutLifecycleConfiguration) makes S3
    // itself delete every log, and a change of versioning or default encryption can stop delivery
    // ("Amazon S3 ... removes it asynchronously":
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
    new iam.PolicyStatement({
      sid: `DenyLogBucketSettingChanges${suffix}`,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: BOUNDARY_ACTIONS.settingChanges,
      resources: [target.bucketArn],
      conditions: exempting(() => [...readers(), ...exempt.deployment]),
    }),
  ];
  const added = statements.map(s => target.addToResourcePolicy(s).statementAdded);
  if (!added.every(Boolean)) {
    Annotations.of(source).addWarningV2('cdk-s3-access-points:accessLogsNotLocked',
      `The server access logs bucket ${target.bucketName} is imported, so denyObjectRequestsOutside cannot lock it: ` +
      'anyone its policy and their identity policies allow can read, list and delete the logs, which hold every key and requester ' +
      'of this bucket. Deny them there to all but S3 log delivery and the administrators.');
  }
}
