"""AccessAssertions from Python, through the wheel: the README's quick start test, as a pytest.

The same calls as test/access-assertions.test.ts, in snake_case, and the failure a planted
over-grant gives: it names the principal, the access point and the access found. Then the wheel's
console script diffs two snapshots, with its exit codes.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import aws_cdk as cdk
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python"))
from data_lake import DataLakeStack  # noqa: E402

from cdk_s3_access_points import AccessAssertions, AccessLevel, NetworkOrigin  # noqa: E402


@pytest.fixture(scope="module")
def lake():
    """The quick start's data lake, and its access (each synthesis through jsii takes seconds)."""
    stack = DataLakeStack(cdk.App(), "DataLake")
    return stack, AccessAssertions.from_stack(stack)


@pytest.fixture(scope="module")
def widened():
    """The same app with one more line: the EC2 consumer may also read the inventory events."""
    stack = DataLakeStack(cdk.App(), "DataLake")
    stack.inventory.grant_read(stack.ec2_role)
    return stack, AccessAssertions.from_stack(stack)


def test_who_can_reach_the_data_lake(lake):
    stack, access = lake
    access.allows(stack.ec2_role, AccessLevel.READ_WRITE, access_point="ec2-consumer", prefix="sales_event/")
    access.allows(stack.ec2_role, AccessLevel.READ, origin=NetworkOrigin.INTERNET)
    access.denies(stack.ec2_role, AccessLevel.READ, prefix="inventory_event/")
    access.only_these([
        {"principal": stack.ec2_role, "level": AccessLevel.READ_WRITE, "access_point": "ec2-consumer", "prefix": "sales_event/"},
        {"principal": stack.inventory_function, "level": AccessLevel.READ_WRITE, "access_point": "lambda-consumer", "prefix": "inventory_event/"},
    ])


def test_a_planted_over_grant_fails_with_the_access_found(widened):
    stack, access = widened
    with pytest.raises(Exception) as failure:
        access.denies(stack.ec2_role, AccessLevel.READ, prefix="inventory_event/")
    assert (
        "Expected DataLake/Ec2ConsumerRole to be denied READ (READ, LIST) on inventory_event/, but the access report gives it:\n"
        "  - READ, LIST on inventory_event/ through lambda-consumer (Internet), bucket DataLake/StoreEvents"
    ) in str(failure.value)


def test_snapshot_and_the_diff_command_of_the_wheel(lake, widened):
    """The snapshot a test writes is what the wheel's console script diffs, with its exit codes."""
    workdir = tempfile.mkdtemp()
    before = os.path.join(workdir, "access.json")
    after = os.path.join(workdir, "after.json")
    lake[1].write_snapshot(before)
    widened[1].write_snapshot(after)
    lake[1].matches_snapshot(before)
    with pytest.raises(Exception, match="gains READ, LIST on inventory_event/ through lambda-consumer"):
        widened[1].matches_snapshot(before)

    script = shutil.which("cdk-s3-access-points", path=os.path.dirname(sys.executable))
    assert script, "the wheel installs the cdk-s3-access-points console script"
    same = subprocess.run([script, "diff", before, before], capture_output=True, text=True)
    assert (same.returncode, same.stdout) == (0, "Access diff: no change in access.\n"), same.stderr
    wider = subprocess.run([script, "diff", before, after, "--format", "md"], capture_output=True, text=True)
    assert wider.returncode == 1, wider.stderr
    assert "DataLake/Ec2ConsumerRole gains READ, LIST on inventory\\_event/ through lambda-consumer (Internet)" in wider.stdout
    narrower = subprocess.run([script, "diff", after, before], capture_output=True, text=True)
    assert narrower.returncode == 0
    assert subprocess.run([script, "diff", after, before, "--fail-on", "change"], capture_output=True).returncode == 1
