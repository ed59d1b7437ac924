/*
 * Scenario S2: per-user folders through one internet-origin access point (examples/user-folders.ts).
 * The snapshot pins the policy variable in the access point policy, after /object/, unescaped.
 * Deploying it needs no assertion call: the access is Bob's, not the assertion function's.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { UserFoldersStack } from '../examples/user-folders';

const app = new App();
const stack = new UserFoldersStack(app, 'S3AccessPointsUserFolders');
new IntegTest(app, 'UserFoldersTest', { testCases: [stack] });
