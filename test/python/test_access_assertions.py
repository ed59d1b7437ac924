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


def test_who_can_reach_the_data_lake():
    stack = DataLakeStack(cdk.App(), "DataLake")
    access = AccessAssertions.from_stack(stack)
    access.allows(stack.ec2_role, AccessLevel.READ_WRITE, access_point="ec2-consumer", prefix="sales_event/")
    access.allows(stack.ec2_role, AccessLevel.READ, origin=NetworkOrigin.INTERNET)
    access.denies(stack.ec2_role, AccessLevel.READ, prefix="inventory_event/")
    access.only_these([
        {"principal": stack.ec2_role, "level": AccessLevel.READ_WRITE, "access_point": "ec2-consumer", "prefix": "sales_event/"},
        {"principal": stack.inventory_function, "level": AccessLevel.READ_WRITE, "access_point": "lambda-consumer", "prefix": "inventory_event/"},
    ])


def test_a_planted_over_grant_fails_with_the_access_found():
    stack = DataLakeStack(cdk.App(), "DataLake")
    stack.inventory.grant_read(stack.ec2_role)
    access = AccessAssertions.from_stack(stack)
    with pytest.raises(Exception) as failure:
        access.denies(stack.ec2_role, AccessLevel.READ, prefix="inventory_event/")
    assert (
        "Expected DataLake/Ec2ConsumerRole to be denied READ (READ, LIST) on inventory_event/, but the access report gives it:\n"
        "  - READ, LIST on inventory_event/ through lambda-consumer (Internet), bucket DataLake/StoreEvents"
    ) in str(failure.value)


def test_snapshot_and_the_diff_command_of_the_wheel():
    """The snapshot a test writes is what the wheel's console script diffs, with its exit codes."""
    workdir = tempfile.mkdtemp()
    before = os.path.join(workdir, "access.json")
    after = os.path.join(workdir, "after.json")
    AccessAssertions.from_stack(DataLakeStack(cdk.App(), "DataLake")).write_snapshot(before)
    widened = DataLakeStack(cdk.App(), "DataLake")
    widened.inventory.grant_read(widened.ec2_role)
    AccessAssertions.from_stack(widened).write_snapshot(after)
    AccessAssertions.from_assembly(before).matches_snapshot(before)

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
