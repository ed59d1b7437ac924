// The app of issue 25, written once in each language (same-app.ts, same_app.py, SameApp.java,
// same_app.go): two prefixes, read and read-write grants, and one imported access point of each kind.
// scripts/fresh-apps.js puts it into the fresh `cdk init` app of each language, after the README's own
// steps, synthesizes it against the packages in dist/ and compares the policies of the four templates
// (scripts/same-app.js). Change all four together: the comparison fails on any difference.
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DirectoryBucketAccessPoint, MultiRegionAccessPoint, PrefixAccessPoint, SharedDataBucket } from 'cdk-s3-access-points';

/** A shared bucket with two prefix access points, and grants on three access points made elsewhere. */
export class SameApp extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const data = new SharedDataBucket(this, 'Data');
    const analyst = new iam.Role(this, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    const loader = new iam.Role(this, 'Loader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    // Two prefixes of the shared bucket, a read grant and a read-write grant (one through the facade).
    const sales = new PrefixAccessPoint(this, 'Sales', { bucket: data, accessPointName: 'same-sales', prefix: 'sales/' });
    const events = new PrefixAccessPoint(this, 'Events', { bucket: data, accessPointName: 'same-events', prefix: 'events/' });
    sales.grantRead(analyst);
    events.grantReadWrite(loader);
    events.grants.read(analyst);

    // One access point of each kind made elsewhere: grants write the identity side only.
    const partner = PrefixAccessPoint.fromAccessPointAttributes(this, 'Partner', {
      accessPointArn: 'arn:aws:s3:us-east-1:111122223333:accesspoint/partner-share',
      prefix: 'shared/',
    });
    partner.grantRead(analyst);
    const fast = DirectoryBucketAccessPoint.fromAccessPointArn(this, 'Fast',
      'arn:aws:s3express:us-east-1:111122223333:accesspoint/fast--use1-az4--xa-s3');
    fast.grantReadWrite(loader);
    const global = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(this, 'Global', {
      multiRegionAccessPointArn: 'arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap',
      prefix: 'reports/',
    });
    global.grantRead(analyst);
  }
}
