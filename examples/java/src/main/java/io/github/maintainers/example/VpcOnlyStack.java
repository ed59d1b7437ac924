package io.github.maintainers.example;

import io.github.maintainers.cdk.s3accesspoints.AccessPointOptions;
import io.github.maintainers.cdk.s3accesspoints.EndpointAllowance;
import io.github.maintainers.cdk.s3accesspoints.ObjectRequestBoundaryOptions;
import io.github.maintainers.cdk.s3accesspoints.PrefixAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.SharedDataBucket;
import io.github.maintainers.cdk.s3accesspoints.VpcOnlyAccessPoint;
import io.github.maintainers.cdk.s3accesspoints.VpcOnlyAccessPointOptions;
import java.util.List;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Scenario S3, VPC-only access, as a Java CDK app: the same stack as examples/vpc-only.ts and
 * examples/python/vpc_only.py. Two VPC-only access points (a reader with the ECR and Amazon Linux
 * endpoint allowances, a writer), the S3 gateway endpoint they create with a policy that admits only
 * them, a bucket that denies object requests from outside its access points and the VPC, and an
 * internet access point for a partner role.
 */
public class VpcOnlyStack extends Stack {
    public final VpcOnlyAccessPoint app;
    public final VpcOnlyAccessPoint ingest;
    public final PrefixAccessPoint partners;

    public VpcOnlyStack(final Construct scope, final String id) {
        super(scope, id, StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("app").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .build();
        SharedDataBucket data = SharedDataBucket.Builder.create(this, "Data").build();
        data.denyObjectRequestsOutside(ObjectRequestBoundaryOptions.builder().vpcs(List.of(vpc)).build());

        ServicePrincipal ec2 = new ServicePrincipal("ec2.amazonaws.com");
        Role appRole = Role.Builder.create(this, "AppRole").assumedBy(ec2).build();
        Role ingestRole = Role.Builder.create(this, "IngestRole").assumedBy(ec2).build();
        Role partnerRole = Role.Builder.create(this, "PartnerRole").assumedBy(new AccountRootPrincipal()).build();

        app = data.addVpcOnlyAccessPoint("App", VpcOnlyAccessPointOptions.builder()
                .vpc(vpc)
                .accessPointName("app-reader")
                .prefix("app/")
                .endpointAllowances(List.of(EndpointAllowance.ECR, EndpointAllowance.AMAZON_LINUX))
                .build());
        app.grantRead(appRole);
        ingest = data.addVpcOnlyAccessPoint("Ingest", VpcOnlyAccessPointOptions.builder()
                .vpc(vpc)
                .accessPointName("app-ingest")
                .prefix("incoming/")
                .build());
        ingest.grantWrite(ingestRole);

        partners = data.addPrefixAccessPoint("Partners", AccessPointOptions.builder().accessPointName("partners").prefix("shared/").build());
        partners.grantReadWrite(partnerRole);
    }
}
