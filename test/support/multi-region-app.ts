/*
 * The app the Multi-Region Access Point tests share: two SharedDataBuckets in two Regions (each in
 * its own stack, with a physical name), and the Multi-Region Access Point with its consumers in a
 * third stack, all in one account.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DelegationScope, MultiRegionAccessPoint, MultiRegionAccessPointProps, SharedDataBucket } from '../../src';

export const MRAP_ACCOUNT = '111111111111';
export const EAST = 'us-east-1';
export const WEST = 'eu-west-1';

export interface MultiRegionApp {
  readonly app: App;
  readonly east: Stack;
  readonly west: Stack;
  readonly global: Stack;
  readonly dataEast: SharedDataBucket;
  readonly dataWest: SharedDataBucket;
  readonly mrap: MultiRegionAccessPoint;
  readonly reader: iam.Role;
  readonly writer: iam.Role;
}

export interface MultiRegionAppOptions {
  readonly mrapProps?: Partial<MultiRegionAccessPointProps>;
  readonly delegationScope?: DelegationScope;
  readonly encryption?: s3.BucketEncryption;
  /** Call denyObjectRequestsOutside on both buckets. */
  readonly boundary?: boolean;
  /** Make no grants. */
  readonly noGrants?: boolean;
  /** The app to build in (default: a new one). */
  readonly app?: App;
}

export function multiRegionApp(options: MultiRegionAppOptions = {}): MultiRegionApp {
  const app = options.app ?? new App();
  const env = (region: string): StackProps => ({ env: { account: MRAP_ACCOUNT, region } });
  const east = new Stack(app, 'DataEast', env(EAST));
  const west = new Stack(app, 'DataWest', env(WEST));
  const bucketProps = { encryption: options.encryption ?? s3.BucketEncryption.KMS, delegationScope: options.delegationScope };
  const dataEast = new SharedDataBucket(east, 'Data', { ...bucketProps, bucketName: 'data-use1' });
  const dataWest = new SharedDataBucket(west, 'Data', { ...bucketProps, bucketName: 'data-euw1' });
  if (options.boundary) {
    dataEast.denyObjectRequestsOutside();
    dataWest.denyObjectRequestsOutside();
  }
  const global = new Stack(app, 'Global', env(EAST));
  const mrap = new MultiRegionAccessPoint(global, 'Reports', {
    buckets: [dataEast, dataWest],
    multiRegionAccessPointName: 'reports',
    prefix: 'reports/',
    ...options.mrapProps,
  });
  const reader = new iam.Role(global, 'Reader', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'reader' });
  const writer = new iam.Role(global, 'Writer', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'writer' });
  if (!options.noGrants) {
    mrap.grantRead(reader);
    mrap.grantReadWrite(writer);
  }
  return { app, east, west, global, dataEast, dataWest, mrap, reader, writer };
}
