package io.github.maintainers.example;

import io.github.maintainers.cdk.s3accesspoints.AccessPointOptions;
import io.github.maintainers.cdk.s3accesspoints.PrefixAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.SharedDataBucket;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * Scenario S1, the store-events data lake, as a Java CDK app: the same stack as
 * examples/data-lake.ts and examples/python/data_lake.py. A KMS-encrypted shared bucket, an EC2
 * consumer and a Lambda consumer, each with its own access point limited to its own prefix.
 */
public class DataLakeStack extends Stack {
    public final SharedDataBucket data;
    public final PrefixAccessPoint sales;
    public final PrefixAccessPoint inventory;
    public final Role ec2Role;
    public final Function inventoryFunction;

    public DataLakeStack(final Construct scope, final String id) {
        super(scope, id);

        data = SharedDataBucket.Builder.create(this, "StoreEvents").encryption(BucketEncryption.KMS).build();

        ec2Role = Role.Builder.create(this, "Ec2ConsumerRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .build();
        sales = PrefixAccessPoint.Builder.create(this, "SalesEvents")
                .bucket(data)
                .accessPointName("ec2-consumer")
                .prefix("sales_event/")
                .build();
        sales.grantReadWrite(ec2Role);

        inventoryFunction = Function.Builder.create(this, "InventoryConsumer")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({ ok: true });"))
                .build();
        inventory = data.addPrefixAccessPoint("InventoryEvents", AccessPointOptions.builder()
                .accessPointName("lambda-consumer")
                .prefix("inventory_event/")
                .build());
        inventory.grantReadWrite(inventoryFunction);
        // The function reaches the bucket only through its access point: give it the ARN, not the bucket.
        inventoryFunction.addEnvironment("ACCESS_POINT_ARN", inventory.getAccessPointArn());
    }
}
