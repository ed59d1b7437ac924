"""The jsii Python package, installed from its wheel, used the way a Python CDK user uses it.

Synthesizes examples/python/data_lake.py (scenario S1) and asserts on the template with
aws_cdk.assertions, as the TypeScript unit tests do.
"""
import json
import os
import sys

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))
from data_lake import DataLakeStack  # noqa: E402

import cdk_s3_access_points as ap  # noqa: E402


@pytest.fixture(scope="module")
def synthesized():
    app = cdk.App()
    stack = DataLakeStack(app, "DataLake")
    return stack, assertions.Template.from_stack(stack)


def access_point_policy(template, name):
    found = template.find_resources("AWS::S3::AccessPoint", {"Properties": {"Name": name}})
    assert len(found) == 1, f"one access point named {name}"
    return next(iter(found.values()))["Properties"]["Policy"]


def arn_tail(resource):
    """The literal end of an ARN built with Fn::Join, e.g. ':accesspoint/x/object/p/*'."""
    return resource["Fn::Join"][1][-1] if isinstance(resource, dict) else resource


def test_the_wheel_is_what_is_imported():
    # The package under test is the installed wheel, not a source checkout.
    assert "site-packages" in ap.__file__


def test_two_access_points_over_the_shared_bucket(synthesized):
    _, template = synthesized
    # The shared bucket and its server access log bucket.
    template.resource_count_is("AWS::S3::Bucket", 2)
    template.resource_count_is("AWS::S3::AccessPoint", 2)
    bucket_ref = {"Ref": assertions.Match.any_value()}
    for name in ("ec2-consumer", "lambda-consumer"):
        template.has_resource_properties("AWS::S3::AccessPoint", {"Name": name, "Bucket": bucket_ref})


def test_bucket_is_secure_by_default(synthesized):
    _, template = synthesized
    template.has_resource_properties(
        "AWS::S3::Bucket",
        {
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}
                ]
            },
        },
    )


def test_server_access_logs_are_on_by_default(synthesized):
    _, template = synthesized
    buckets = template.find_resources("AWS::S3::Bucket")
    logs_id = next(i for i in buckets if "AccessLogs" in i)
    data = next(b for i, b in buckets.items() if i != logs_id)
    assert data["Properties"]["LoggingConfiguration"] == {"DestinationBucketName": {"Ref": logs_id}}
    assert buckets[logs_id]["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert buckets[logs_id]["DeletionPolicy"] == "Retain"


def test_bucket_delegates_to_its_access_points(synthesized):
    _, template = synthesized
    policies = template.find_resources("AWS::S3::BucketPolicy")
    # The shared bucket's policy and the log bucket's.
    assert len(policies) == 2
    statements = next(p for p in policies.values() if "DataAccessPointAccount" in json.dumps(p))["Properties"]["PolicyDocument"]["Statement"]
    delegation = [s for s in statements if "s3:DataAccessPointAccount" in json.dumps(s.get("Condition", {}))]
    assert len(delegation) == 1
    assert delegation[0]["Effect"] == "Allow"
    tls = [s for s in statements if s["Effect"] == "Deny" and "aws:SecureTransport" in json.dumps(s)]
    assert len(tls) == 1


def test_ec2_grant_is_limited_to_its_prefix_in_the_access_point_policy(synthesized):
    stack, template = synthesized
    policy = access_point_policy(template, "ec2-consumer")
    role_arn = {"Fn::GetAtt": [stack.get_logical_id(stack.ec2_role.node.default_child), "Arn"]}
    statements = policy["Statement"]
    assert all(s["Principal"] == {"AWS": role_arn} for s in statements)

    objects = next(s for s in statements if "s3:GetObject" in s["Action"])
    assert "s3:PutObject" in objects["Action"]
    assert arn_tail(objects["Resource"]) == ":accesspoint/ec2-consumer/object/sales_event/*"

    listing = next(s for s in statements if s["Action"] == ["s3:ListBucket", "s3:ListBucketVersions"])
    assert listing["Condition"] == {"StringLike": {"s3:prefix": "sales_event/*"}}
    assert arn_tail(listing["Resource"]) == ":accesspoint/ec2-consumer"

    # Nothing in it reaches the other consumer's prefix or the bucket itself.
    text = json.dumps(policy)
    assert "inventory_event" not in text
    assert ":s3:::" not in text


def test_grants_write_the_identity_policies_and_kms(synthesized):
    stack, template = synthesized
    for principal in (stack.ec2_role, stack.inventory_function.role):
        role_id = stack.get_logical_id(principal.node.default_child)
        found = template.find_resources(
            "AWS::IAM::Policy", {"Properties": {"Roles": assertions.Match.array_with([{"Ref": role_id}])}}
        )
        assert len(found) == 1, role_id
        text = json.dumps(next(iter(found.values())))
        assert "s3:PutObject" in text
        # SSE-KMS: writing needs GenerateDataKey, reading needs Decrypt.
        assert "kms:Decrypt" in text and "kms:GenerateDataKey" in text
        # The identity policy names the access point, never the bucket.
        assert ":s3:::" not in text


def test_lambda_gets_the_access_point_arn(synthesized):
    stack, template = synthesized
    functions = template.find_resources("AWS::Lambda::Function")
    assert len(functions) == 1
    arn = next(iter(functions.values()))["Properties"]["Environment"]["Variables"]["ACCESS_POINT_ARN"]
    assert arn_tail(arn) == ":accesspoint/lambda-consumer"


def test_grant_records_are_visible_from_python(synthesized):
    stack, _ = synthesized
    records = stack.sales.grant_records
    assert len(records) == 1
    assert records[0].level == ap.AccessLevel.READ_WRITE
    assert records[0].key_prefix == "sales_event/"
    assert records[0].identity_policy == ap.IdentityPolicyStatus.WRITTEN


def test_bad_input_is_refused_with_the_construct_path():
    stack = cdk.Stack(cdk.App(), "Bad")
    data = ap.SharedDataBucket(stack, "Data")
    with pytest.raises(Exception) as error:
        data.add_prefix_access_point("Wild", access_point_name="wild", prefix="logs/*")
    assert "Bad/Data/Wild" in str(error.value)
    assert "prefix" in str(error.value)


def test_adopted_bucket_and_a_function_told_where_to_go():
    # Issue 10 from Python: a plain Bucket gets the delegation statement and the copy guard; grant_to_function sets
    # the environment variables; the enum-like AccessLevel is passed by keyword.
    from aws_cdk import aws_lambda as lambda_, aws_s3 as s3

    stack = cdk.Stack(cdk.App(), "Adopt")
    lake = s3.Bucket(stack, "Lake")
    reports = ap.PrefixAccessPoint(stack, "Reports", bucket=lake, access_point_name="lake-reports", prefix="reports/")
    fn = lambda_.Function(
        stack, "Fn", runtime=lambda_.Runtime.NODEJS_22_X, handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => 1;"),
    )
    reports.grant_to_function(fn, level=ap.AccessLevel.READ, arn_variable="REPORTS_ARN", alias_variable="REPORTS_ALIAS")
    assert ap.AccessPointDelegation.of(lake).policy_written is True

    template = assertions.Template.from_stack(stack)
    template.resource_count_is("AWS::S3::BucketPolicy", 1)
    statements = next(iter(template.find_resources("AWS::S3::BucketPolicy").values()))["Properties"]["PolicyDocument"]["Statement"]
    assert [s.get("Sid") for s in statements] == ["DelegateAccessControlToAccessPoints", "DenyCopiesFromTheBucketThroughAccessPoints"]
    variables = next(iter(template.find_resources("AWS::Lambda::Function").values()))["Properties"]["Environment"]["Variables"]
    assert sorted(variables) == ["REPORTS_ALIAS", "REPORTS_ARN"]
