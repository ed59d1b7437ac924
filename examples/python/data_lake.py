"""Scenario S1, the store-events data lake, as a Python CDK app.

The same app as examples/data-lake.ts: one shared bucket, two consumers (an EC2 role and a Lambda
function), each with its own access point limited to its own prefix. Neither has any S3 permission
of its own; the grants write both the access point policy and the identity policy.

    python examples/python/data_lake.py      synthesizes into ./cdk.out
"""
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_s3_access_points import PrefixAccessPoint, SharedDataBucket


class DataLakeStack(Stack):
    """The data lake: a KMS-encrypted shared bucket, an EC2 consumer and a Lambda consumer."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        self.data = SharedDataBucket(self, "StoreEvents", encryption=s3.BucketEncryption.KMS)

        self.ec2_role = iam.Role(
            self, "Ec2ConsumerRole", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com")
        )
        self.sales = PrefixAccessPoint(
            self,
            "SalesEvents",
            bucket=self.data,
            access_point_name="ec2-consumer",
            prefix="sales_event/",
        )
        self.sales.grant_read_write(self.ec2_role)

        self.inventory_function = lambda_.Function(
            self,
            "InventoryConsumer",
            runtime=lambda_.Runtime.NODEJS_22_X,
            handler="index.handler",
            code=lambda_.Code.from_inline("exports.handler = async () => ({ ok: true });"),
        )
        self.inventory = self.data.add_prefix_access_point(
            "InventoryEvents", access_point_name="lambda-consumer", prefix="inventory_event/"
        )
        self.inventory.grant_read_write(self.inventory_function)
        # The function reaches the bucket only through its access point: give it the ARN.
        self.inventory_function.add_environment("ACCESS_POINT_ARN", self.inventory.access_point_arn)


if __name__ == "__main__":
    app = App()
    DataLakeStack(app, "DataLake")
    app.synth()
