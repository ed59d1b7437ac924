/*
 * Scenario S6: the organization policies (an SCP requiring VPC-origin access points, an RCP requiring
 * access points for the shared bucket) as AWS::Organizations::Policy resources
 * (examples/guardrails.ts). Deploying needs an organization's management account; unattached here.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { GuardrailsStack } from '../examples/guardrails';

const app = new App();
const stack = new GuardrailsStack(app, 'S3AccessPointsGuardrails');
new IntegTest(app, 'GuardrailsTest', { testCases: [stack] });
