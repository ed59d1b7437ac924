/*
 * Scenario S7: a data account's shared bucket delegating to two accounts, an access point granting
 * a role of a third account, and a partner account's own access point over the bucket
 * (examples/cross-account.ts). Deploying it needs the four accounts, so it is a snapshot test.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { CrossAccountApp } from '../examples/cross-account';

const app = new App();
const scenario = new CrossAccountApp(app, 'CrossAccount');
new IntegTest(app, 'CrossAccountTest', {
  testCases: [scenario.dataStack, scenario.analyticsStack, scenario.partnerStack],
});
