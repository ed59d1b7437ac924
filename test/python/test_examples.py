"""The Python examples synthesize the same templates as the TypeScript examples they translate.

examples/python/vpc_only.py and cross_account.py are hand-written Python of examples/vpc-only.ts and
examples/cross-account.ts. Each is synthesized here through the installed wheel, and the TypeScript
app through ts-node (node and the repository's node_modules are needed); every template must be equal,
so a Python example cannot drift from the app the access tests evaluate.
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
