/*
 * Every example app's stacks, each app built fresh with the aspects given. Shared by the cdk-nag
 * test and scripts/nag-findings.ts (the per-pack finding counts).
 */
import { App, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import { CrossAccountApp } from '../../examples/cross-account';
import { DataLakeStack } from '../../examples/data-lake';
import { DirectoryBucketStack } from '../../examples/directory-bucket';
import { ExistingBucketStack } from '../../examples/existing-bucket';
import { GuardrailsStack } from '../../examples/guardrails';
import { MultiRegionExample } from '../../examples/multi-region';
import { TaggedRecordsStack } from '../../examples/tagged';
import { UserFoldersStack } from '../../examples/user-folders';
import { VpcOnlyStack } from '../../examples/vpc-only';

const REGION_ENV = { env: { account: '111111111111', region: 'us-east-1' } };

/** Builders of every example app (examples/*.ts), each returning the app's stacks. */
export const EXAMPLE_APPS: { name: string; build: (app: App) => Stack[] }[] = [
  { name: 'data-lake', build: app => [new DataLakeStack(app, 'DataLake')] },
  { name: 'user-folders', build: app => [new UserFoldersStack(app, 'UserFolders')] },
  { name: 'vpc-only', build: app => [new VpcOnlyStack(app, 'VpcOnly', REGION_ENV)] },
  { name: 'tagged', build: app => [new TaggedRecordsStack(app, 'Tagged')] },
  { name: 'guardrails', build: app => [new GuardrailsStack(app, 'Guardrails')] },
  { name: 'existing-bucket', build: app => [new ExistingBucketStack(app, 'ExistingBucket')] },
  { name: 'directory-bucket', build: app => [new DirectoryBucketStack(app, 'DirectoryBucket', REGION_ENV)] },
  {
    name: 'cross-account',
    build: app => {
      const c = new CrossAccountApp(app, 'CrossAccount');
      return [c.dataStack, c.analyticsStack, c.partnerStack];
    },
  },
  {
    name: 'multi-region',
    build: app => {
      const m = new MultiRegionExample(app, 'MultiRegion');
      return [m.firstStack, m.secondStack, m.globalStack];
    },
  },
];

/** Every example app's stacks, each app in an App of its own with `aspects` added to it. */
export function exampleStacks(aspects: () => IAspect[]): Stack[] {
  return EXAMPLE_APPS.flatMap(({ build }) => {
    const app = new App();
    for (const aspect of aspects()) Aspects.of(app).add(aspect);
    return build(app);
  });
}
