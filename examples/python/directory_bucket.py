"""A directory bucket (S3 Express One Zone) shared through access points, as a Python CDK app.

One SSE-KMS directory bucket in zone use1-az4 and two access points, one per access level: an
ingest role uploads through `ingest--use1-az4--xa-s3` (Scope: ingest/, the write operations), an
analytics role reads through `reports--use1-az4--xa-s3` (Scope: reports/, the read operations, in
ReadOnly sessions). Each grant writes the access point policy and the role's identity policy
(s3express:CreateSession on the access point, and the key's actions).

    python examples/python/directory_bucket.py      synthesizes into ./cdk.out
"""
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from cdk_s3_access_points import DirectoryBucketAccessPoint, SharedDirectoryBucket


class DirectoryBucketStack(Stack):
    """A directory bucket with an ingest access point and a reports access point."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        self.key = kms.Key(self, "Key", enable_key_rotation=True)
        self.bucket = SharedDirectoryBucket(
            self, "Fast", zone_id="use1-az4", bucket_name="fast--use1-az4--x-s3", encryption_key=self.key
        )

        self.ingest_role = iam.Role(self, "IngestRole", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"))
        self.ingest = DirectoryBucketAccessPoint(
            self, "Ingest", bucket=self.bucket, access_point_name="ingest--use1-az4--xa-s3", prefixes=["ingest/"]
        )
        self.ingest.grant_write(self.ingest_role)

        self.reports_role = iam.Role(self, "ReportsRole", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"))
        self.reports = DirectoryBucketAccessPoint(
            self, "Reports", bucket=self.bucket, access_point_name="reports--use1-az4--xa-s3", prefixes=["reports/"]
        )
        self.reports.grant_read(self.reports_role)


if __name__ == "__main__":
    app = App()
    DirectoryBucketStack(app, "DirectoryBucket", env=Environment(region="us-east-1"))
    app.synth()
