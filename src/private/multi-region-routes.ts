import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { physicalName } from './rules';

/*
 * The failover routes of a Multi-Region Access Point (active / passive per bucket). CloudFormation's
 * AWS::S3::MultiRegionAccessPoint has no property for them; S3 Control's SubmitMultiRegionAccessPointRoutes
 * sets them (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_SubmitMultiRegionAccessPointRoutes.html),
 * called here from an AwsCustomResource on create and on every update, and on delete with every
 * bucket active again (the state S3 creates a Multi-Region Access Point in).
 *
 * Facts from that page and its types:
 * - "A value of 0 indicates a passive status ... A value of 100 indicates an active status ... At
 *   least one Region must be active at all times"; "If all Regions in the routing configuration are
 *   designated as passive, you'll receive an InvalidRequest error" (MultiRegionAccessPointRoute).
 * - "The routing configurations of any Regions that aren't specified remain unchanged": every member
 *   bucket is routed, so that the deployed routes are exactly the app's.
 * - Route changes go to "the Amazon S3 failover control infrastructure endpoints in these five AWS
 *   Regions: us-east-1, us-west-2, ap-southeast-2, ap-northeast-1, eu-west-1"; the buckets need not be there.
 * - A route names its bucket and Region ("If both are provided, the bucket must be in the specified Region").
 * - IAM: s3:SubmitMultiRegionAccessPointRoutes, resource type multiregionaccesspoint
 *   (arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}), Service Authorization Reference.
 */

/** The Regions whose S3 Control endpoints take route changes. */
export const ROUTE_CONTROL_REGIONS = ['us-east-1', 'us-west-2', 'ap-southeast-2', 'ap-northeast-1', 'eu-west-1'];

/** A route as the construct takes it: a member bucket and its traffic dial. */
export interface RouteSpec {
  readonly bucket: s3.IBucket;
  readonly trafficDialPercentage: number;
}

/** What is wrong with the routes, one rule per message; none when they are sound. */
export function routeErrors(buckets: s3.IBucket[], routes: RouteSpec[]): string[] {
  const errors: string[] = [];
  const seen = new Set<s3.IBucket>();
  for (const [i, route] of routes.entries()) {
    const at = `routes[${i}]`;
    if (!buckets.includes(route.bucket)) {
      errors.push(`${at}.bucket ${route.bucket.node.path} is not one of the buckets of this Multi-Region Access Point: a route can only name a member bucket`);
    } else if (seen.has(route.bucket)) {
      errors.push(`${at}.bucket ${route.bucket.node.path} is routed twice: give each member bucket one route`);
    }
    seen.add(route.bucket);
    const dial = route.trafficDialPercentage;
    if (!Token.isUnresolved(dial) && dial !== 0 && dial !== 100) {
      errors.push(`${at}.trafficDialPercentage is ${dial}: it must be 100 (active) or 0 (passive), the two values S3 documents`);
    }
  }
  for (const bucket of buckets) {
    if (!seen.has(bucket)) {
      errors.push(`routes has no route for bucket ${bucket.node.path}: route every member bucket (S3 leaves a Region not named as it was, ` +
        'so the deployed routes would not be the app\'s)');
    }
  }
  const dials = routes.map(r => r.trafficDialPercentage);
  if (routes.length > 0 && dials.every(d => !Token.isUnresolved(d)) && !dials.includes(100)) {
    errors.push('routes has no active bucket (trafficDialPercentage 100): S3 requires at least one active Region at all times');
  }
  return errors;
}

/** Where the route calls are sent: the stack's Region when it is one of the five, else us-west-2 (where S3 runs the control plane of Multi-Region Access Points). */
export function routeControlRegion(scope: Construct): string {
  const region = Stack.of(scope).region;
  return !Token.isUnresolved(region) && ROUTE_CONTROL_REGIONS.includes(region) ? region : 'us-west-2';
}

/**
 * The custom resource that submits the routes on create and update, and makes every bucket active
 * again on delete. Its function may call s3:SubmitMultiRegionAccessPointRoutes on this Multi-Region
 * Access Point only.
 */
export function submitRoutes(scope: Construct, props: { arn: string; account: string; routes: RouteSpec[] }): cr.AwsCustomResource {
  const call = (dial: (r: RouteSpec) => number): cr.AwsSdkCall => ({
    service: 'S3Control',
    action: 'SubmitMultiRegionAccessPointRoutes',
    region: routeControlRegion(scope),
    parameters: {
      AccountId: props.account,
      Mrap: props.arn,
      RouteUpdates: props.routes.map(r => ({
        Bucket: physicalName(r.bucket) ?? r.bucket.bucketName,
        Region: r.bucket.env.region,
        TrafficDialPercentage: dial(r),
      })),
    },
    // One resource per Multi-Region Access Point: a change of routes is an update, never a replacement.
    physicalResourceId: cr.PhysicalResourceId.of('routes'),
  });
  return new cr.AwsCustomResource(scope, 'Routes', {
    onCreate: call(r => r.trafficDialPercentage),
    onUpdate: call(r => r.trafficDialPercentage),
    onDelete: call(() => 100),
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
      actions: ['s3:SubmitMultiRegionAccessPointRoutes'],
      resources: [props.arn],
    })]),
    // The SDK of the Lambda runtime has SubmitMultiRegionAccessPointRoutes: no download at deploy time.
    installLatestAwsSdk: false,
  });
}
