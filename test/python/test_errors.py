"""A validation error reaches a Python user naming the property as the Python user wrote it."""
import aws_cdk as cdk
import pytest

import cdk_s3_access_points as ap


def test_a_bad_access_point_name_names_access_point_name():
    stack = cdk.Stack(cdk.App(), "Stack")
    data = ap.SharedDataBucket(stack, "Data")
    with pytest.raises(Exception) as error:
        ap.PrefixAccessPoint(stack, "Consumer", bucket=data, access_point_name="Sales_Events", prefix="sales/")
    assert "Stack/Consumer: invalid properties" in str(error.value)
    assert "accessPointName (access_point_name in Python) 'Sales_Events'" in str(error.value)
