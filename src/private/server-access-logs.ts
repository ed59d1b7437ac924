import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

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
