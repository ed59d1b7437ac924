/*
 * A Multi-Region Access Point over two SharedDataBuckets in two Regions (examples/multi-region.ts).
 * Creating a Multi-Region Access Point takes long and needs buckets in two Regions: a snapshot test.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { MultiRegionExample } from '../examples/multi-region';

const app = new App();
const example = new MultiRegionExample(app, 'MultiRegion');
new IntegTest(app, 'MultiRegionAccessPointTest', {
  testCases: [example.firstStack, example.secondStack, example.globalStack],
});
