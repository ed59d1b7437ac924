"""Scenario S7, cross-account access, as a Python CDK app: the same app as examples/cross-account.ts.

The data account's bucket delegates to its own access points and to the partner account's; an
analytics role of another account and an imported auditor role read reports/ through one access
point; the partner account makes its own access point over the bucket and writes partner/.

    python examples/python/cross_account.py      synthesizes into ./cdk.out
"""
from aws_cdk import Annotations, App, Environment, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_s3_access_points import PrefixAccessPoint, SharedDataBucket

ACCOUNTS = {"data": "111111111111", "analytics": "222222222222", "partner": "333333333333", "audit": "444444444444"}
REGION = "us-east-1"
BUCKET_NAME = "store-events-shared-111111111111"


class CrossAccountApp(Construct):
    """Three stacks in three accounts: the data, the analytics consumer, the partner."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.data_stack = Stack(scope, "DataAccount", env=Environment(account=ACCOUNTS["data"], region=REGION))
        self.analytics_stack = Stack(scope, "AnalyticsAccount", env=Environment(account=ACCOUNTS["analytics"], region=REGION))
        self.partner_stack = Stack(scope, "PartnerAccount", env=Environment(account=ACCOUNTS["partner"], region=REGION))

        self.data = SharedDataBucket(
            self.data_stack, "Shared", bucket_name=BUCKET_NAME, access_point_accounts=[ACCOUNTS["data"], ACCOUNTS["partner"]]
        )

        reporting = iam.Role(
            self.analytics_stack,
            "Reporting",
            role_name="partner-reporting",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        )
        self.reports = self.data.add_prefix_access_point("Reports", access_point_name="analytics-reports", prefix="reports/")
        self.reports.grant_read(reporting)
        auditor = iam.Role.from_role_arn(self.data_stack, "Auditor", f"arn:aws:iam::{ACCOUNTS['audit']}:role/auditor")
        self.reports.grant_read(auditor)

        shared = s3.Bucket.from_bucket_attributes(self.partner_stack, "SharedBucket", bucket_name=BUCKET_NAME, account=ACCOUNTS["data"])
        Annotations.of(shared).acknowledge_warning(
            "cdk-s3-access-points:bucketPolicyNotManaged", "The SharedDataBucket in the data account delegates to the partner account"
        )
        self.partner_ingest = PrefixAccessPoint(
            self.partner_stack, "Ingest", bucket=shared, access_point_name="partner-ingest", prefix="partner/"
        )
        ingest_role = iam.Role(self.partner_stack, "IngestRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        self.partner_ingest.grant_write(ingest_role)


if __name__ == "__main__":
    app = App()
    CrossAccountApp(app, "CrossAccount")
    app.synth()
