"""A Multi-Region Access Point over two SharedDataBuckets in two Regions, as a Python CDK app.

The same app as examples/multi-region.ts (docs/multi-region-access-points.md): one stack per Region
for the buckets, each with a physical name so that the Multi-Region Access Point can name them
without a reference across Regions; the Multi-Region Access Point and its reader and writer roles in
a third stack, in the Region of the first bucket.

    python examples/python/multi_region.py      synthesizes into ./cdk.out
"""
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_s3_access_points import MultiRegionAccessPoint, SharedDataBucket

MULTI_REGION = {"account": "111111111111", "first": "us-east-1", "second": "eu-west-1"}


class MultiRegionExample(Construct):
    """The three stacks of the example: a bucket stack per Region, and the Multi-Region Access Point's."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        account, first, second = MULTI_REGION["account"], MULTI_REGION["first"], MULTI_REGION["second"]
        self.first_stack = Stack(scope, f"{construct_id}Data-{first}", env=Environment(account=account, region=first))
        self.second_stack = Stack(scope, f"{construct_id}Data-{second}", env=Environment(account=account, region=second))
        data_first = SharedDataBucket(
            self.first_stack, "Data", bucket_name=f"reports-{account}-{first}", encryption=s3.BucketEncryption.KMS
        )
        data_second = SharedDataBucket(
            self.second_stack, "Data", bucket_name=f"reports-{account}-{second}", encryption=s3.BucketEncryption.KMS
        )

        self.global_stack = Stack(scope, f"{construct_id}Global", env=Environment(account=account, region=first))
        self.reports = MultiRegionAccessPoint(
            self.global_stack,
            "Reports",
            buckets=[data_first, data_second],
            multi_region_access_point_name="reports",
            prefix="reports/",
        )
        reader = iam.Role(self.global_stack, "Reader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        writer = iam.Role(self.global_stack, "Writer", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        self.reports.grant_read(reader)
        self.reports.grant_read_write(writer)


if __name__ == "__main__":
    app = App()
    MultiRegionExample(app, "MultiRegion")
    app.synth()
