"""Scenario S3, VPC-only access, as a Python CDK app: the same app as examples/vpc-only.ts.

Two VPC-only access points (a reader with the ECR and Amazon Linux endpoint allowances, a writer),
the S3 gateway endpoint they create with a policy that admits only them, a bucket that denies object
requests from outside its access points and the VPC, and an internet access point for a partner role.

    python examples/python/vpc_only.py      synthesizes into ./cdk.out
"""
import os

from aws_cdk import App, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk_s3_access_points import EndpointAllowance, SharedDataBucket


class VpcOnlyStack(Stack):
    """A VPC with no internet route, two VPC-only access points and one internet access point."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)],
        )
        self.data = SharedDataBucket(self, "Data")
        self.data.deny_object_requests_outside(vpcs=[self.vpc])

        ec2_principal = iam.ServicePrincipal("ec2.amazonaws.com")
        self.app_role = iam.Role(self, "AppRole", assumed_by=ec2_principal)
        self.ingest_role = iam.Role(self, "IngestRole", assumed_by=ec2_principal)
        self.partner_role = iam.Role(self, "PartnerRole", assumed_by=iam.AccountRootPrincipal())

        self.app = self.data.add_vpc_only_access_point(
            "App",
            vpc=self.vpc,
            access_point_name="app-reader",
            prefix="app/",
            endpoint_allowances=[EndpointAllowance.ECR, EndpointAllowance.AMAZON_LINUX],
        )
        self.app.grant_read(self.app_role)
        self.ingest = self.data.add_vpc_only_access_point(
            "Ingest", vpc=self.vpc, access_point_name="app-ingest", prefix="incoming/"
        )
        self.ingest.grant_write(self.ingest_role)

        self.partners = self.data.add_prefix_access_point("Partners", access_point_name="partners", prefix="shared/")
        self.partners.grant_read_write(self.partner_role)


if __name__ == "__main__":
    app = App()
    VpcOnlyStack(app, "VpcOnly", env=Environment(region=os.environ.get("CDK_DEFAULT_REGION", "eu-west-1")))
    app.synth()
