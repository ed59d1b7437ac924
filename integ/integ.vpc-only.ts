/*
 * Scenario S3: VPC-only access points sharing the VPC's S3 gateway endpoint, whose policy approves
 * only them plus ECR layers and Amazon Linux repositories, and a bucket that denies object requests
 * from outside the access points and the VPC (examples/vpc-only.ts).
 *
 * The snapshot pins the endpoint policy, the access points' VPC configuration and the bucket deny.
 * Its requests can only be made from inside the VPC, so a deployed run adds no assertion call (the
 * assertion functions run outside it).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { VpcOnlyStack } from '../examples/vpc-only';

const app = new App();
const stack = new VpcOnlyStack(app, 'S3AccessPointsVpcOnly', { env: { region: 'us-east-1' } });
new IntegTest(app, 'VpcOnlyTest', { testCases: [stack], regions: ['us-east-1'] });
