/*
 * Scenario S6, organization guardrails, deployed from the management account: an SCP that allows
 * only VPC-origin access points, and an RCP that lets S3 data requests reach the shared bucket only
 * through access points of the approved accounts.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AccessPointGuardrails, OrganizationGuardrail, OrganizationPolicyType } from '../src';

export const PROTECTED_BUCKET = 'store-events-shared-111111111111';
export const APPROVED_ACCOUNTS = ['111111111111', '333333333333'];

export class GuardrailsStack extends Stack {
  public readonly vpcOnly: OrganizationGuardrail;
  public readonly accessPointsOnly: OrganizationGuardrail;

  constructor(scope: Construct, id: string, props?: StackProps & { targetIds?: string[] }) {
    super(scope, id, props);
    this.vpcOnly = new OrganizationGuardrail(this, 'VpcAccessPointsOnly', {
      policyType: OrganizationPolicyType.SERVICE_CONTROL_POLICY,
      policyName: 'vpc-access-points-only',
      description: 'Access points must have a VPC network origin',
      document: AccessPointGuardrails.requireVpcNetworkOrigin(),
      targetIds: props?.targetIds,
    });
    this.accessPointsOnly = new OrganizationGuardrail(this, 'SharedBucketThroughAccessPoints', {
      policyType: OrganizationPolicyType.RESOURCE_CONTROL_POLICY,
      policyName: 'shared-bucket-through-access-points',
      description: `S3 data requests reach ${PROTECTED_BUCKET} only through access points of approved accounts`,
      document: AccessPointGuardrails.requireAccessPoints({
        policyType: OrganizationPolicyType.RESOURCE_CONTROL_POLICY,
        bucketNames: [PROTECTED_BUCKET],
        accessPointAccounts: APPROVED_ACCOUNTS,
      }),
      targetIds: props?.targetIds,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new GuardrailsStack(app, 'Guardrails', { targetIds: ['r-examplerootid'] });
  app.synth();
}
