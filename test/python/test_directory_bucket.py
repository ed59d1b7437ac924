"""The directory bucket example (examples/python/directory_bucket.py) through the jsii Python wheel.

Asserts on the template with aws_cdk.assertions what the TypeScript unit tests assert: the one
delegation statement, the Scope of each access point and the session mode of each grant.
"""
import os
import sys

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))
from directory_bucket import DirectoryBucketStack  # noqa: E402

import cdk_s3_access_points as ap  # noqa: E402


@pytest.fixture(scope="module")
def synthesized():
    app = cdk.App()
    stack = DirectoryBucketStack(app, "DirectoryBucket", env=cdk.Environment(account="111111111111", region="us-east-1"))
    return stack, assertions.Template.from_stack(stack)


def access_point(template, name):
    found = template.find_resources("AWS::S3Express::AccessPoint", {"Properties": {"Name": name}})
    assert len(found) == 1, f"one access point named {name}"
    return next(iter(found.values()))["Properties"]


def test_the_directory_bucket_and_its_one_delegation_statement(synthesized):
    _, template = synthesized
    template.has_resource("AWS::S3Express::DirectoryBucket", {
        "Properties": {"BucketName": "fast--use1-az4--x-s3", "LocationName": "use1-az4", "DataRedundancy": "SingleAvailabilityZone"},
        "DeletionPolicy": "Retain",
    })
    policy = next(iter(template.find_resources("AWS::S3Express::BucketPolicy").values()))["Properties"]["PolicyDocument"]
    assert len(policy["Statement"]) == 1
    statement = policy["Statement"][0]
    assert statement["Action"] == "s3express:CreateSession"
    assert statement["Condition"] == {"StringEquals": {"s3express:DataAccessPointAccount": "111111111111"}}


def test_each_access_point_has_the_scope_of_its_grants(synthesized):
    _, template = synthesized
    ingest = access_point(template, "ingest--use1-az4--xa-s3")
    assert ingest["Scope"] == {"Prefixes": ["ingest/"], "Permissions": ["ListMultipartUploadParts", "PutObject", "AbortMultipartUpload"]}
    reports = access_point(template, "reports--use1-az4--xa-s3")
    assert reports["Scope"] == {"Prefixes": ["reports/"], "Permissions": ["GetObject", "GetObjectAttributes", "ListBucket"]}
    for props in (ingest, reports):
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
        }


def test_a_read_grant_is_a_read_only_session(synthesized):
    _, template = synthesized
    statement = access_point(template, "reports--use1-az4--xa-s3")["Policy"]["Statement"][0]
    assert statement["Action"] == "s3express:CreateSession"
    assert statement["Condition"] == {"StringEquals": {"s3express:SessionMode": "ReadOnly"}}
    assert "Condition" not in access_point(template, "ingest--use1-az4--xa-s3")["Policy"]["Statement"][0]


def test_names_are_checked_against_the_zone():
    app = cdk.App()
    stack = cdk.Stack(app, "Bad")
    bucket = ap.SharedDirectoryBucket(stack, "Fast", zone_id="use1-az4")
    with pytest.raises(Exception, match="must end with '--use1-az4--xa-s3'"):
        ap.DirectoryBucketAccessPoint(stack, "Wrong", bucket=bucket, access_point_name="x--use1-az5--xa-s3")
    with pytest.raises(Exception, match="beyond this access point's permissions"):
        ap.DirectoryBucketAccessPoint(
            stack, "ReadOnly", bucket=bucket, prefixes=["r/"], permissions=[ap.DirectoryBucketPermission.GET_OBJECT],
        ).grant_write(iam_role(stack))


def iam_role(stack):
    from aws_cdk import aws_iam as iam
    return iam.Role(stack, "Role", assumed_by=iam.AccountRootPrincipal())
