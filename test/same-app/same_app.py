# The app of issue 25 in Python: the same calls as same-app.ts (read that file's header).
from aws_cdk import aws_iam as iam
from cdk_s3_access_points import (
    DirectoryBucketAccessPoint,
    MultiRegionAccessPoint,
    PrefixAccessPoint,
    SharedDataBucket,
)
from constructs import Construct


class SameApp(Construct):
    """A shared bucket with two prefix access points, and grants on three access points made elsewhere."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        data = SharedDataBucket(self, "Data")
        analyst = iam.Role(self, "Analyst", assumed_by=iam.AccountRootPrincipal())
        loader = iam.Role(self, "Loader", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))

        # Two prefixes of the shared bucket, a read grant and a read-write grant (one through the facade).
        sales = PrefixAccessPoint(self, "Sales", bucket=data, access_point_name="same-sales", prefix="sales/")
        events = PrefixAccessPoint(self, "Events", bucket=data, access_point_name="same-events", prefix="events/")
        sales.grant_read(analyst)
        events.grant_read_write(loader)
        events.grants.read(analyst)

        # One access point of each kind made elsewhere: grants write the identity side only.
        partner = PrefixAccessPoint.from_access_point_attributes(
            self, "Partner",
            access_point_arn="arn:aws:s3:us-east-1:111122223333:accesspoint/partner-share",
            prefix="shared/",
        )
        partner.grant_read(analyst)
        fast = DirectoryBucketAccessPoint.from_access_point_arn(
            self, "Fast", "arn:aws:s3express:us-east-1:111122223333:accesspoint/fast--use1-az4--xa-s3")
        fast.grant_read_write(loader)
        global_ = MultiRegionAccessPoint.from_multi_region_access_point_attributes(
            self, "Global",
            multi_region_access_point_arn="arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
            prefix="reports/",
        )
        global_.grant_read(analyst)
