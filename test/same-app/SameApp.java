// The app of issue 25 in Java: the same calls as same-app.ts (read that file's header).
package com.myorg;

import io.github.maintainers.cdk.s3accesspoints.AccessPointAttributes;
import io.github.maintainers.cdk.s3accesspoints.DirectoryBucketAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.IAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.IDirectoryBucketAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.IMultiRegionAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.MultiRegionAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.MultiRegionAccessPointAttributes;
import io.github.maintainers.cdk.s3accesspoints.PrefixAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.SharedDataBucket;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/** A shared bucket with two prefix access points, and grants on three access points made elsewhere. */
public class SameApp extends Construct {
    public SameApp(final Construct scope, final String id) {
        super(scope, id);
        SharedDataBucket data = SharedDataBucket.Builder.create(this, "Data").build();
        Role analyst = Role.Builder.create(this, "Analyst").assumedBy(new AccountRootPrincipal()).build();
        Role loader = Role.Builder.create(this, "Loader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();

        // Two prefixes of the shared bucket, a read grant and a read-write grant (one through the facade).
        PrefixAccessPoint sales = PrefixAccessPoint.Builder.create(this, "Sales")
                .bucket(data).accessPointName("same-sales").prefix("sales/").build();
        PrefixAccessPoint events = PrefixAccessPoint.Builder.create(this, "Events")
                .bucket(data).accessPointName("same-events").prefix("events/").build();
        sales.grantRead(analyst);
        events.grantReadWrite(loader);
        events.getGrants().read(analyst);

        // One access point of each kind made elsewhere: grants write the identity side only.
        IAccessPoint partner = PrefixAccessPoint.fromAccessPointAttributes(this, "Partner", AccessPointAttributes.builder()
                .accessPointArn("arn:aws:s3:us-east-1:111122223333:accesspoint/partner-share")
                .prefix("shared/")
                .build());
        partner.grantRead(analyst);
        IDirectoryBucketAccessPoint fast = DirectoryBucketAccessPoint.fromAccessPointArn(this, "Fast",
                "arn:aws:s3express:us-east-1:111122223333:accesspoint/fast--use1-az4--xa-s3");
        fast.grantReadWrite(loader);
        IMultiRegionAccessPoint global = MultiRegionAccessPoint.fromMultiRegionAccessPointAttributes(this, "Global",
                MultiRegionAccessPointAttributes.builder()
                        .multiRegionAccessPointArn("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap")
                        .prefix("reports/")
                        .build());
        global.grantRead(analyst);
    }
}
