import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { validateAccountIds } from './private/rules';

/** The kinds of AWS Organizations policy a guardrail can be written as. */
export enum OrganizationPolicyType {
  /** A service control policy: limits what principals of the organization's accounts may do. */
  SERVICE_CONTROL_POLICY = 'SERVICE_CONTROL_POLICY',
  /** A resource control policy: limits what may be done to the resources of the organization's accounts. */
  RESOURCE_CONTROL_POLICY = 'RESOURCE_CONTROL_POLICY',
}

/** SCPs and RCPs are both limited to 5,120 characters. */
const ORGANIZATION_POLICY_LIMIT = 5_120;

/**
 * S3 data actions: what reads, writes, deletes or lists objects (not bucket management). The
 * replication writes are data actions too: S3 replication writes objects, delete markers and tags
 * into a destination bucket with the replication role's credentials, directly, never through an
 * access point; anyone who may configure replication into a protected bucket could use them to
 * write around its access points. They are denied like every other write; exempt the replication
 * roles by ARN (`exemptPrincipalArns`) where a protected bucket is a replication destination.
 */
const DATA_ACTIONS = [
  's3:GetObject*', 's3:PutObject*', 's3:DeleteObject*', 's3:RestoreObject',
  's3:ListBucket*', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts',
  's3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags',
];

/**
 * The actions that create an access point of any kind, with the condition key that carries its
 * network origin (Service Authorization Reference, "Actions, resources, and condition keys for
 * Amazon S3" and "... for Amazon S3 Express": `s3:AccessPointNetworkOrigin` is listed for
 * `CreateAccessPoint`, `CreateAccessPointForObjectLambda` and `CreateMultiRegionAccessPoint`,
 * `s3express:AccessPointNetworkOrigin` for `s3express:CreateAccessPoint`).
 */
const CREATE_ACCESS_POINT_ACTIONS = ['s3:CreateAccessPoint', 's3:CreateAccessPointForObjectLambda', 's3:CreateMultiRegionAccessPoint'];
const CREATE_DIRECTORY_ACCESS_POINT_ACTIONS = ['s3express:CreateAccessPoint'];

/**
 * Options of `AccessPointGuardrails.requireVpcNetworkOrigin`.
 */
export interface RequireVpcNetworkOriginOptions {
  /**
   * Principals (ARN patterns) that may still create internet-origin access points.
   *
   * @default - none
   */
  readonly exemptPrincipalArns?: string[];
}

/**
 * Options of `AccessPointGuardrails.requireAccessPoints`.
 */
export interface RequireAccessPointsOptions {
  /** Whether to write a service control policy or a resource control policy. */
  readonly policyType: OrganizationPolicyType;

  /** The protected buckets, by name. */
  readonly bucketNames: string[];

  /** The accounts whose access points may reach the buckets (`s3:DataAccessPointAccount`). */
  readonly accessPointAccounts: string[];

  /**
   * Principals (ARN patterns) that keep direct access: administrators, break-glass and replication roles.
   *
   * @default - none
   */
  readonly exemptPrincipalArns?: string[];
}

/**
 * Organization policies that keep every account on the access point pattern. Each method returns a
 * policy document, checked against the 5,120-character limit of SCPs and RCPs; attach it with an
 * `OrganizationGuardrail` or your own organization tooling.
 */
export class AccessPointGuardrails {
  /**
   * A service control policy that denies creating an access point unless its network origin is a
   * VPC, so no account creates an internet-facing one: `s3:CreateAccessPoint` (general purpose
   * buckets), `s3express:CreateAccessPoint` (directory buckets, with `s3express:AccessPointNetworkOrigin`),
   * `s3:CreateAccessPointForObjectLambda` and `s3:CreateMultiRegionAccessPoint`.
   *
   * A Multi-Region Access Point has no VPC configuration, so its network origin is never `VPC`
   * (a key that is absent also fails `StringNotEquals`): this denies creating Multi-Region Access
   * Points to everyone but `exemptPrincipalArns`. SCPs do not restrict principals of the
   * organization's management account (AWS Organizations user guide, "Service control policies").
   */
  public static requireVpcNetworkOrigin(options: RequireVpcNetworkOriginOptions = {}): iam.PolicyDocument {
    return checked('requireVpcNetworkOrigin', new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'DenyAccessPointsOutsideVpc',
          effect: iam.Effect.DENY,
          actions: CREATE_ACCESS_POINT_ACTIONS,
          resources: ['*'],
          conditions: {
            StringNotEquals: { 's3:AccessPointNetworkOrigin': 'VPC' },
            ...exempt(options.exemptPrincipalArns),
          },
        }),
        new iam.PolicyStatement({
          sid: 'DenyDirectoryBucketAccessPointsOutsideVpc',
          effect: iam.Effect.DENY,
          actions: CREATE_DIRECTORY_ACCESS_POINT_ACTIONS,
          resources: ['*'],
          conditions: {
            StringNotEquals: { 's3express:AccessPointNetworkOrigin': 'VPC' },
            ...exempt(options.exemptPrincipalArns),
          },
        }),
      ],
    }));
  }

  /**
   * A service or resource control policy that denies S3 data access to the protected buckets
   * unless it comes through an access point of the approved accounts (`s3:DataAccessPointAccount`).
   * Bucket management (policies, configuration) is not affected. The resource control policy
   * version does not apply to AWS services acting on their own behalf.
   *
   * Replication writes (`s3:ReplicateObject`, `s3:ReplicateDelete`, `s3:ReplicateTags`) are denied
   * too, as they write around the access points: list the replication roles of a protected
   * destination bucket in `exemptPrincipalArns`.
   *
   * Neither form protects everything: RCPs do not affect resources in the organization's
   * management account (AWS Organizations user guide, "Resource control policies (RCPs)"), and
   * SCPs do not restrict its principals. Keep protected buckets in member accounts.
   */
  public static requireAccessPoints(options: RequireAccessPointsOptions): iam.PolicyDocument {
    if (options.bucketNames.length === 0 || options.accessPointAccounts.length === 0) {
      throw new Error('AccessPointGuardrails.requireAccessPoints: bucketNames and accessPointAccounts must each name at least one');
    }
    const badAccounts = validateAccountIds('accessPointAccounts', options.accessPointAccounts);
    if (badAccounts.length > 0) throw new Error(`AccessPointGuardrails.requireAccessPoints: ${badAccounts.join('; ')}`);
    const isRcp = options.policyType === OrganizationPolicyType.RESOURCE_CONTROL_POLICY;
    return checked('requireAccessPoints', new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        sid: 'DenyDataAccessOutsideAccessPoints',
        effect: iam.Effect.DENY,
        // An RCP statement names its principal ("*"); an SCP statement must not.
        principals: isRcp ? [new iam.StarPrincipal()] : undefined,
        actions: DATA_ACTIONS,
        // Any partition: the same document serves aws, aws-cn and aws-us-gov organizations.
        resources: options.bucketNames.flatMap(b => [`arn:*:s3:::${b}`, `arn:*:s3:::${b}/*`]),
        conditions: {
          StringNotEquals: { 's3:DataAccessPointAccount': options.accessPointAccounts },
          ...exempt(options.exemptPrincipalArns),
          ...(isRcp ? { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } : {}),
        },
      })],
    }));
  }

  private constructor() {}
}

function exempt(arns: string[] | undefined): Record<string, Record<string, unknown>> {
  return arns && arns.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': arns } } : {};
}

/** Organization policies must fit 5,120 characters (without whitespace): fail at synthesis, not at attach time. */
function checked(method: string, document: iam.PolicyDocument): iam.PolicyDocument {
  const length = JSON.stringify(document.toJSON()).length;
  if (length > ORGANIZATION_POLICY_LIMIT) {
    throw new Error(`AccessPointGuardrails.${method}: the policy is ${length.toLocaleString('en-US')} characters; SCPs and RCPs are ` +
      `limited to ${ORGANIZATION_POLICY_LIMIT.toLocaleString('en-US')}. Split the buckets or principals across several policies.`);
  }
  return document;
}

/**
 * Properties of an `OrganizationGuardrail`.
 */
export interface OrganizationGuardrailProps {
  /** The kind of policy. */
  readonly policyType: OrganizationPolicyType;
  /** The policy, e.g. from `AccessPointGuardrails`. */
  readonly document: iam.PolicyDocument;
  /** The policy's name in AWS Organizations. */
  readonly policyName: string;
  /**
   * A description.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * The roots, organizational units or accounts to attach it to.
   *
   * @default - not attached
   */
  readonly targetIds?: string[];
}

/**
 * An organization policy (SCP or RCP), deployed from the organization's management account or a
 * delegated administrator.
 */
export class OrganizationGuardrail extends Construct {
  /** The CloudFormation organization policy. */
  public readonly resource: organizations.CfnPolicy;

  constructor(scope: Construct, id: string, props: OrganizationGuardrailProps) {
    super(scope, id);
    this.resource = new organizations.CfnPolicy(this, 'Resource', {
      type: props.policyType,
      name: props.policyName,
      description: props.description,
      content: props.document,
      targetIds: props.targetIds,
    });
  }
}
