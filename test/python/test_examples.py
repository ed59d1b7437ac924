"""The Python examples synthesize the same templates as the TypeScript examples they translate.

examples/python/vpc_only.py and cross_account.py are hand-written Python of examples/vpc-only.ts and
examples/cross-account.ts. Each is synthesized here through the installed wheel, and the TypeScript
app through ts-node (node and the repository's node_modules are needed); every template must be equal,
so a Python example cannot drift from the app the access tests evaluate.

The five examples that exist in every language (data_lake, vpc_only, cross_account, directory_bucket,
multi_region) also write the IAM statements of test/example-statements.json, which
test/example-statements.test.ts checks against the TypeScript examples, and examples/java and
examples/go against theirs: the four languages write the same statements. (That needs no node.)
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import aws_cdk as cdk
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))
from cross_account import CrossAccountApp  # noqa: E402
from data_lake import DataLakeStack  # noqa: E402
from directory_bucket import DirectoryBucketStack  # noqa: E402
from multi_region import MultiRegionExample  # noqa: E402
from vpc_only import VpcOnlyStack  # noqa: E402

TYPESCRIPT = """
const { App, Stack } = require('aws-cdk-lib');
const { VpcOnlyStack } = require('./examples/vpc-only');
const { CrossAccountApp } = require('./examples/cross-account');
const out = {};
let app = new App();
new VpcOnlyStack(app, 'VpcOnly', { env: { region: 'eu-west-1' } });
out.vpcOnly = app.synth().stacks.map(s => [s.stackName, s.template]);
app = new App();
new CrossAccountApp(app, 'CrossAccount');
out.crossAccount = app.synth().stacks.map(s => [s.stackName, s.template]);
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def typescript():
    if shutil.which("npx") is None or not (ROOT / "node_modules" / "ts-node").exists():
        pytest.skip("node and the repository's node_modules are needed to synthesize the TypeScript examples")
    env = {**os.environ, "TS_NODE_TRANSPILE_ONLY": "true", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    result = subprocess.run(
        ["npx", "ts-node", "--project", "tsconfig.dev.json", "-e", TYPESCRIPT],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(result.stdout)


def templates(app: cdk.App):
    return [[s.stack_name, s.template] for s in app.synth().stacks]


def test_vpc_only_is_the_typescript_example(typescript):
    app = cdk.App()
    VpcOnlyStack(app, "VpcOnly", env=cdk.Environment(region="eu-west-1"))
    assert len(typescript["vpcOnly"]) == 1
    assert templates(app) == typescript["vpcOnly"]


def test_cross_account_is_the_typescript_example(typescript):
    app = cdk.App()
    CrossAccountApp(app, "CrossAccount")
    assert len(typescript["crossAccount"]) == 3
    assert templates(app) == typescript["crossAccount"]


# What test/example-statements.test.ts compares: the policies this library writes, by stack and logical id.
POLICIES = {
    "AWS::S3::AccessPoint": "Policy",
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::S3::MultiRegionAccessPointPolicy": "Policy",
    "AWS::S3Express::AccessPoint": "Policy",
    "AWS::S3Express::BucketPolicy": "PolicyDocument",
    "AWS::IAM::Policy": "PolicyDocument",
    "AWS::EC2::VPCEndpoint": "PolicyDocument",
}


def statements(app: cdk.App):
    out = {}
    for stack in app.synth().stacks:
        resources = stack.template.get("Resources", {})
        out[stack.stack_name] = {}
        for logical_id in sorted(resources):
            kind, props = resources[logical_id]["Type"], resources[logical_id].get("Properties", {})
            key = POLICIES.get(kind)
            if key and props.get(key):
                out[stack.stack_name][logical_id] = {f"{kind}.{key}": props[key]}
    return out


def canonical(name: str) -> cdk.App:
    """The app of each example with the ids and environments every language uses."""
    app = cdk.App()
    if name == "dataLake":
        DataLakeStack(app, "DataLake")
    elif name == "vpcOnly":
        VpcOnlyStack(app, "VpcOnly", env=cdk.Environment(region="eu-west-1"))
    elif name == "crossAccount":
        CrossAccountApp(app, "CrossAccount")
    elif name == "directoryBucket":
        DirectoryBucketStack(app, "DirectoryBucket", env=cdk.Environment(region="us-east-1"))
    elif name == "multiRegion":
        MultiRegionExample(app, "MultiRegion")
    return app


EXPECTED = json.loads((ROOT / "test" / "example-statements.json").read_text())


@pytest.mark.parametrize("name", ["dataLake", "vpcOnly", "crossAccount", "directoryBucket", "multiRegion"])
def test_the_example_writes_the_statements_of_the_typescript_example(name):
    assert statements(canonical(name)) == EXPECTED[name]


def test_multi_region_the_access_point_and_the_grants():
    app = canonical("multiRegion")
    stacks = {s.stack_name: s.template for s in app.synth().stacks}
    assert sorted(stacks) == ["MultiRegionData-eu-west-1", "MultiRegionData-us-east-1", "MultiRegionGlobal"]
    resources = stacks["MultiRegionGlobal"]["Resources"]
    mrap = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::S3::MultiRegionAccessPoint"]
    assert len(mrap) == 1 and mrap[0]["Name"] == "reports"
    assert sorted(r["Bucket"] for r in mrap[0]["Regions"]) == ["reports-111111111111-eu-west-1", "reports-111111111111-us-east-1"]
    policy = next(r["Properties"]["Policy"] for r in resources.values() if r["Type"] == "AWS::S3::MultiRegionAccessPointPolicy")
    text = json.dumps(policy)
    # The reader's and the writer's statements, limited to reports/ (objects) and the prefix condition (listing).
    assert "reports/*" in text and "s3:PutObject" in text and "s3:GetObject" in text
    reader = next(r["Properties"]["PolicyDocument"] for i, r in resources.items()
                  if r["Type"] == "AWS::IAM::Policy" and i.startswith("ReaderDefaultPolicy"))
    actions = json.dumps([s["Action"] for s in reader["Statement"]])
    assert "s3:GetObject" in actions and "s3:PutObject" not in actions
