package io.github.maintainers.example;

import io.github.maintainers.cdk.s3accesspoints.DirectoryBucketAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.SharedDirectoryBucket;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * A directory bucket (S3 Express One Zone) shared through access points, as a Java CDK app: the same
 * stack as examples/directory-bucket.ts and examples/python/directory_bucket.py. One SSE-KMS directory
 * bucket in zone use1-az4 (so the stack belongs in us-east-1) and two access points, one per access
 * level: an ingest role writes ingest/, a reports role reads reports/.
 */
public class DirectoryBucketStack extends Stack {
    public final Key key;
    public final SharedDirectoryBucket bucket;
    public final DirectoryBucketAccessPoint ingest;
    public final DirectoryBucketAccessPoint reports;
    public final Role ingestRole;
    public final Role reportsRole;

    public DirectoryBucketStack(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        key = Key.Builder.create(this, "Key").enableKeyRotation(true).build();
        bucket = SharedDirectoryBucket.Builder.create(this, "Fast")
                .zoneId("use1-az4")
                .bucketName("fast--use1-az4--x-s3")
                .encryptionKey(key)
                .build();

        ingestRole = Role.Builder.create(this, "IngestRole").assumedBy(new ServicePrincipal("ec2.amazonaws.com")).build();
        ingest = DirectoryBucketAccessPoint.Builder.create(this, "Ingest")
                .bucket(bucket)
                .accessPointName("ingest--use1-az4--xa-s3")
                .prefixes(List.of("ingest/"))
                .build();
        ingest.grantWrite(ingestRole);

        reportsRole = Role.Builder.create(this, "ReportsRole").assumedBy(new ServicePrincipal("ec2.amazonaws.com")).build();
        reports = DirectoryBucketAccessPoint.Builder.create(this, "Reports")
                .bucket(bucket)
                .accessPointName("reports--use1-az4--xa-s3")
                .prefixes(List.of("reports/"))
                .build();
        reports.grantRead(reportsRole);
    }
}
