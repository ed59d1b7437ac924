package io.github.maintainers.example;

import io.github.maintainers.cdk.s3accesspoints.MultiRegionAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.SharedDataBucket;
import java.util.List;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * A Multi-Region Access Point over two SharedDataBuckets in two Regions, as a Java CDK app: the same
 * app as examples/multi-region.ts and examples/python/multi_region.py
 * (docs/multi-region-access-points.md). One stack per Region for the buckets, each with a physical
 * name so that the Multi-Region Access Point can name them without a reference across Regions; the
 * Multi-Region Access Point and its reader and writer roles in a third stack, in the first Region.
 */
public class MultiRegionExample extends Construct {
    public static final String ACCOUNT = "111111111111";
    public static final String FIRST = "us-east-1";
    public static final String SECOND = "eu-west-1";

    public final Stack firstStack;
    public final Stack secondStack;
    public final Stack globalStack;
    public final MultiRegionAccessPoint reports;

    private static Stack stack(final Construct scope, final String id, final String region) {
        return new Stack(scope, id, StackProps.builder()
                .env(Environment.builder().account(ACCOUNT).region(region).build())
                .build());
    }

    private static SharedDataBucket bucket(final Stack stack, final String region) {
        return SharedDataBucket.Builder.create(stack, "Data")
                .bucketName("reports-" + ACCOUNT + "-" + region)
                .encryption(BucketEncryption.KMS)
                .build();
    }

    public MultiRegionExample(final Construct scope, final String id) {
        super(scope, id);
        firstStack = stack(scope, id + "Data-" + FIRST, FIRST);
        secondStack = stack(scope, id + "Data-" + SECOND, SECOND);
        SharedDataBucket dataFirst = bucket(firstStack, FIRST);
        SharedDataBucket dataSecond = bucket(secondStack, SECOND);

        globalStack = stack(scope, id + "Global", FIRST);
        reports = MultiRegionAccessPoint.Builder.create(globalStack, "Reports")
                .buckets(List.of(dataFirst, dataSecond))
                .multiRegionAccessPointName("reports")
                .prefix("reports/")
                .build();
        Role reader = Role.Builder.create(globalStack, "Reader").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        Role writer = Role.Builder.create(globalStack, "Writer").assumedBy(new ServicePrincipal("lambda.amazonaws.com")).build();
        reports.grantRead(reader);
        reports.grantReadWrite(writer);
    }
}
