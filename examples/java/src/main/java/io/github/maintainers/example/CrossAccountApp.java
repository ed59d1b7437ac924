package io.github.maintainers.example;

import io.github.maintainers.cdk.s3accesspoints.AccessPointOptions;
import io.github.maintainers.cdk.s3accesspoints.PrefixAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.SharedDataBucket;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * Scenario S7, cross-account access, as a Java CDK app: the same app as examples/cross-account.ts and
 * examples/python/cross_account.py. The data account's bucket delegates to its own access points and
 * to the partner account's; an analytics role of another account and an imported auditor role read
 * reports/ through one access point; the partner account makes its own access point over the bucket
 * and writes partner/.
 */
public class CrossAccountApp extends Construct {
    public static final String DATA = "111111111111";
    public static final String ANALYTICS = "222222222222";
    public static final String PARTNER = "333333333333";
    public static final String AUDIT = "444444444444";
    public static final String REGION = "us-east-1";
    public static final String BUCKET_NAME = "store-events-shared-111111111111";

    public final Stack dataStack;
    public final Stack analyticsStack;
    public final Stack partnerStack;
    public final SharedDataBucket data;
    public final PrefixAccessPoint reports;
    public final PrefixAccessPoint partnerIngest;

    private static Stack stack(final Construct scope, final String id, final String account) {
        return new Stack(scope, id, StackProps.builder()
                .env(Environment.builder().account(account).region(REGION).build())
                .build());
    }

    public CrossAccountApp(final Construct scope, final String id) {
        super(scope, id);
        dataStack = stack(scope, "DataAccount", DATA);
        analyticsStack = stack(scope, "AnalyticsAccount", ANALYTICS);
        partnerStack = stack(scope, "PartnerAccount", PARTNER);

        data = SharedDataBucket.Builder.create(dataStack, "Shared")
                .bucketName(BUCKET_NAME)
                .accessPointAccounts(List.of(DATA, PARTNER))
                .build();

        // A role of another account, defined in this app: its name is fixed so the data account's
        // access point policy can name it without a cross-account reference.
        Role reporting = Role.Builder.create(analyticsStack, "Reporting")
                .roleName("partner-reporting")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        reports = data.addPrefixAccessPoint("Reports", AccessPointOptions.builder()
                .accessPointName("analytics-reports")
                .prefix("reports/")
                .build());
        reports.grantRead(reporting);
        IRole auditor = Role.fromRoleArn(dataStack, "Auditor", "arn:aws:iam::" + AUDIT + ":role/auditor");
        reports.grantRead(auditor);

        // The partner's own access point, over the data account's bucket.
        IBucket shared = Bucket.fromBucketAttributes(partnerStack, "SharedBucket",
                BucketAttributes.builder().bucketName(BUCKET_NAME).account(DATA).build());
        // Its policy is the data account's, which delegates to this account (accessPointAccounts above).
        Annotations.of(shared).acknowledgeWarning("cdk-s3-access-points:bucketPolicyNotManaged",
                "The SharedDataBucket in the data account delegates to the partner account");
        partnerIngest = PrefixAccessPoint.Builder.create(partnerStack, "Ingest")
                .bucket(shared)
                .accessPointName("partner-ingest")
                .prefix("partner/")
                .build();
        Role ingestRole = Role.Builder.create(partnerStack, "IngestRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        partnerIngest.grantWrite(ingestRole);
    }
}
