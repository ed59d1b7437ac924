import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { actionsOf, compactDeny, DATA_CLASSES } from './private/action-classes';
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

/*
 * The guardrail's actions come from the classification of every S3 and S3 Express action
 * (private/action-classes.ts), compacted into wildcards that match only actions of the denied
 * classes in the SAR snapshot (test/action-classes.test.ts):
 * - data: what reads objects, reveals keys or metadata (every list action) or writes objects, on
 *   the buckets and their objects. The replication writes are data actions too: S3 replication writes
 *   objects, delete markers and tags into a destination bucket with the replication role's
 *   credentials, directly, never through an access point; exempt the replication roles by ARN
 *   (`exemptPrincipalArns`) where a protected bucket is a replication destination;
 * - export: the configurations that make S3 send keys or data to a destination the caller picks
 *   (inventory, server access logging, replication, S3 Metadata tables, analytics exports,
 *   notifications), which no request through an access point ever needs.
 * For directory buckets (`--x-s3`), the S3 Express actions: `CreateSession` (every object request
 * of a session) and the inventory configuration, on `arn:PARTITION:s3express:REGION:ACCOUNT:bucket/NAME`.
 */
const DATA_RESOURCES = ['bucket', 'object'];
const DATA_ACTIONS = compactDeny(actionsOf('s3', DATA_CLASSES, DATA_RESOURCES), DATA_CLASSES);
const EXPORT_ACTIONS = compactDeny(actionsOf('s3', ['EXPORT'], DATA_RESOURCES), ['EXPORT']);
const DIRECTORY_DATA_ACTIONS = compactDeny(actionsOf('s3express', DATA_CLASSES, ['bucket']), DATA_CLASSES);
const DIRECTORY_EXPORT_ACTIONS = compactDeny(actionsOf('s3express', ['EXPORT'], ['bucket']), ['EXPORT']);

/** The roles the CDK bootstrap makes for CloudFormation to deploy with, in any account of the organization. */
const CDK_EXECUTION_ROLES = 'arn:*:iam::*:role/cdk-*-cfn-exec-role-*';

/** A directory bucket's name ends in `--x-s3` (BASE--ZONE--x-s3). */
const isDirectoryBucket = (name: string) => name.endsWith('--x-s3');

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

  /**
   * Principals (ARN patterns) that deploy the protected buckets' configuration: they may set the
   * configurations that export keys or data (server access logging, inventory, replication, ...),
   * as a CloudFormation update of such a bucket does; they get no data access.
   *
   * @default - the CDK bootstrap's CloudFormation execution roles (`arn:*:iam::*:role/cdk-*-cfn-exec-role-*`),
   * a name pattern: pair it with an SCP on `iam:CreateRole` for such names, or list your own roles
   */
  readonly deploymentRoleArns?: string[];
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
   * unless it comes through an access point of the approved accounts (`s3:DataAccessPointAccount`):
   * every action that reads objects, reveals keys or metadata (every list action) or writes objects.
   * It also denies, to all but `exemptPrincipalArns` and `deploymentRoleArns`, the configurations
   * that export keys or data (inventory, server access logging, replication, S3 Metadata tables,
   * analytics exports, notifications). Other bucket management is not affected. The resource
   * control policy version does not apply to AWS services acting on their own behalf.
   *
   * A directory bucket name (`BASE--ZONE--x-s3`) is protected with the S3 Express actions on its
   * S3 Express ARN: `s3express:CreateSession` straight on the bucket is denied unless it comes
   * through an access point of the approved accounts (`s3express:DataAccessPointAccount`, as AWS's
   * delegation example for directory buckets uses it), and its inventory configuration to all but
   * the exempt.
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
    const general = options.bucketNames.filter(b => !isDirectoryBucket(b));
    const directory = options.bucketNames.filter(isDirectoryBucket);
    type Conditions = Record<string, Record<string, unknown>>;
    const deny = (sid: string, actions: string[], resources: string[], conditions: Conditions) => new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      // An RCP statement names its principal ("*"); an SCP statement must not.
      principals: isRcp ? [new iam.StarPrincipal()] : undefined,
      actions,
      resources,
      conditions: { ...conditions, ...(isRcp ? { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } : {}) },
    });
    const deployers = options.deploymentRoleArns ?? [CDK_EXECUTION_ROLES];
    const statements: iam.PolicyStatement[] = [];
    // Any partition: the same document serves aws, aws-cn and aws-us-gov organizations.
    const bucketArns = general.flatMap(b => [`arn:*:s3:::${b}`, `arn:*:s3:::${b}/*`]);
    if (general.length > 0) {
      statements.push(
        deny('DenyDataAccessOutsideAccessPoints', DATA_ACTIONS, bucketArns, {
          StringNotEquals: { 's3:DataAccessPointAccount': options.accessPointAccounts },
          ...exempt(options.exemptPrincipalArns),
        }),
        deny('DenyExportConfiguration', EXPORT_ACTIONS, bucketArns, exempt([...options.exemptPrincipalArns ?? [], ...deployers])),
      );
    }
    if (directory.length > 0) {
      const directoryArns = directory.map(b => `arn:*:s3express:*:*:bucket/${b}`);
      statements.push(
        deny('DenyDirectoryBucketSessionsOutsideAccessPoints', DIRECTORY_DATA_ACTIONS, directoryArns, {
          StringNotEquals: { 's3express:DataAccessPointAccount': options.accessPointAccounts },
          ...exempt(options.exemptPrincipalArns),
        }),
        deny('DenyDirectoryBucketExportConfiguration', DIRECTORY_EXPORT_ACTIONS, directoryArns,
          exempt([...options.exemptPrincipalArns ?? [], ...deployers])),
      );
    }
    return checked('requireAccessPoints', new iam.PolicyDocument({ statements }));
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
