import { Annotations, DefaultStackSynthesizer, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Conditions } from './access-levels';
import { actionsOf, ActionClass, compactDeny } from './action-classes';

/*
 * The statements of an object request boundary (SharedDataBucket.denyObjectRequestsOutside), with
 * their action lists taken from the classification (private/action-classes.ts):
 * - on the objects, `s3:*`: every action on objects reads, reveals, writes or exports
 *   (test/action-classes.test.ts proves it on the SAR snapshot), and a Deny that also matches the
 *   object actions AWS adds later is the safe direction;
 * - on the bucket, the list actions (REVEAL_KEYS on a bucket): outside the admitted access points;
 * - on the bucket, the configurations that export keys or data (EXPORT) and the settings that could
 *   reopen the bucket (REOPEN_BUCKET): whatever the path, to everyone but the exempt.
 *
 * Who is exempt from what:
 * | statement            | administrators | service roles | replication roles | deployment roles | CDK's own helpers |
 * | objects, listing     | yes            | yes           | yes               | no               | yes               |
 * | export configuration | yes            | yes           | no                | yes              | yes               |
 * | reopening settings   | yes            | no            | no                | yes              | yes               |
 *
 * Deployment roles: CloudFormation writes the bucket's policy, logging, lifecycle and the rest of
 * its configuration, so the role it works with must pass the configuration denies. CloudFormation
 * uses "a temporary session that it generates from your user credentials" unless a service role is
 * given, and then "that role's credentials"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html);
 * CDK deploys with the bootstrap's CloudFormation execution role as that service role. `aws:CalledVia`
 * (`cloudformation.amazonaws.com`) would mark the path, not the principal: CloudFormation sets its
 * forward access session keys whether or not a service role is given
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/fas-requests-and-permission-evaluation.html),
 * so a CalledVia exemption would let anyone who may create a stack with their own credentials put a
 * bucket policy or an inventory configuration. The boundary therefore exempts deployment roles by
 * ARN: by default the CloudFormation execution role of the stack's DefaultStackSynthesizer.
 * Deployment roles are never exempt from object and list requests: every CDK app of the account
 * and region shares the bootstrap roles.
 *
 * CDK's own helpers: the roles of the stack's auto-delete function (it lists and deletes objects,
 * and puts a bucket policy that denies uploads before it empties the bucket) and of the bucket
 * notifications handler (it puts the notification configuration CDK's addEventNotification
 * writes). Both are found at synthesis.
 */

/** The S3 actions of `classes` that apply to a bucket, compacted for a Deny. */
function onBucket(classes: ActionClass[]): string[] {
  return compactDeny(actionsOf('s3', classes, ['bucket']), classes);
}

/** The actions of the boundary's statements on the bucket. */
export const BOUNDARY_ACTIONS = {
  listing: onBucket(['REVEAL_KEYS']),
  exportConfiguration: onBucket(['EXPORT']),
  reopening: onBucket(['REOPEN_BUCKET']),
  /**
   * The administration actions that change a bucket (every one but reads: `Get*`, `List*`), such as
   * lifecycle, versioning, default encryption and Object Lock. Denied on the server access logs
   * bucket: a one-day expiration rule deletes every log without a DeleteObject call of the caller.
   */
  settingChanges: compactDeny(actionsOf('s3', ['ADMINISTER'], ['bucket']).filter(a => !/^s3:(Get|List)/.test(a)), ['ADMINISTER']),
};

/** Who a boundary exempts. */
export interface BoundaryExemptions {
  readonly administrators: string[];
  readonly serviceRoles: string[];
  /**
   * The library's own replication roles: they read object versions and list the bucket directly,
   * never through an access point, and need no export configuration (unlike a user's service role,
   * which may, the boundary does not let them set one).
   */
  readonly replicationRoles?: string[];
  /** Undefined: the stack's CloudFormation execution role, when its synthesizer names one. */
  readonly deployment?: string[];
}

/** The roles of CDK's own custom resources in `stack` that act on its buckets (found at synthesis). */
export function cdkHelperRoleArns(stack: Stack): string[] {
  const arns: string[] = [];
  // Created by s3.Bucket for autoDeleteObjects, once per stack.
  const autoDelete = stack.node.tryFindChild('Custom::S3AutoDeleteObjectsCustomResourceProvider') as { roleArn?: string } | undefined;
  if (autoDelete?.roleArn) arns.push(autoDelete.roleArn);
  // Created by s3.Bucket.addEventNotification, once per stack.
  const notifications = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834') as { role?: iam.IRole } | undefined;
  if (notifications?.role) arns.push(notifications.role.roleArn);
  return arns;
}

/** The deployment roles: the given ones, else the CloudFormation execution role of the stack's synthesizer (or none, with a warning). */
export function deploymentRoleArns(bucket: s3.IBucket, given: string[] | undefined): string[] {
  if (given) return given;
  const synthesizer = Stack.of(bucket).synthesizer;
  if (synthesizer instanceof DefaultStackSynthesizer) {
    // A string with ${AWS::Partition}-style placeholders: a Fn::Sub in the template.
    return [Fn.sub(synthesizer.cloudFormationExecutionRoleArn)];
  }
  Annotations.of(bucket).addWarningV2('cdk-s3-access-points:boundaryDeploymentRoleUnknown',
    'denyObjectRequestsOutside denies changes to the bucket policy and to its export configurations (logging, inventory, ...) ' +
    'to everyone but administratorArns and deploymentRoleArns, and this stack\'s synthesizer names no CloudFormation execution role: ' +
    'give the role that deploys this stack in deploymentRoleArns, or the next deployment that changes the bucket policy fails.');
  return [];
}

/** An `ArnNotLike` on `aws:PrincipalArn`, rendered at synthesis; absent when nobody is exempt. */
export function exempting(arns: () => string[]): Conditions {
  return {
    ArnNotLike: Lazy.any({
      produce: () => {
        const list = [...new Set(arns())];
        return list.length > 0 ? { 'aws:PrincipalArn': list } : undefined;
      },
    }) as unknown as Record<string, unknown>,
  };
}

/**
 * The boundary's bucket policy statements. `outside` holds the conditions under which a request did
 * not come through an admitted access point (nor from an admitted VPC).
 */
export function boundaryStatements(bucket: s3.IBucket, outside: Conditions, exempt: BoundaryExemptions): iam.PolicyStatement[] {
  const stack = Stack.of(bucket);
  const deployment = deploymentRoleArns(bucket, exempt.deployment);
  const helpers = () => cdkHelperRoleArns(stack);
  const deny = (sid: string, actions: string[], resource: string, conditions: Conditions) => new iam.PolicyStatement({
    sid, effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions, resources: [resource], conditions,
  });
  const dataReaders = () => [...exempt.administrators, ...exempt.serviceRoles, ...exempt.replicationRoles ?? [], ...helpers()];
  const dataConditions = { ...outside, ...exempting(dataReaders) };
  return [
    deny('DenyObjectRequestsOutsideAccessPoints', ['s3:*'], bucket.arnForObjects('*'), dataConditions),
    deny('DenyListingOutsideAccessPoints', BOUNDARY_ACTIONS.listing, bucket.bucketArn, dataConditions),
    deny('DenyExportConfiguration', BOUNDARY_ACTIONS.exportConfiguration, bucket.bucketArn,
      exempting(() => [...exempt.administrators, ...exempt.serviceRoles, ...deployment, ...helpers()])),
    deny('DenyReopeningTheBucket', BOUNDARY_ACTIONS.reopening, bucket.bucketArn,
      exempting(() => [...exempt.administrators, ...deployment, ...helpers()])),
  ];
}
