"""The Python app `cdk-s3-access-points migrate --language python` generates, run against the installed wheel.

For every bucket policy of test/migrate-corpus, the built CLI (lib/cli/main.js, node) writes the plan
and the Python code; the code is loaded as a module, its stack synthesized with
aws_cdk.assertions, and its access points compared with the plan: the same names, prefixes, VPCs, and
access point policies with the same statements (actions, conditions) as the plan says the library
writes, which test/migrate.access.test.ts evaluates for the TypeScript app.
"""
import json
import os
import pathlib
import runpy
import shutil
import subprocess
import sys

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "test" / "migrate-corpus"
CLI = ROOT / "lib" / "cli" / "main.js"
POLICIES = sorted(p for p in CORPUS.glob("*.json") if not p.name.endswith(".mapping.json"))


def plan_of(policy: pathlib.Path) -> dict:
    if shutil.which("node") is None or not CLI.exists():
        pytest.skip("node and the compiled CLI (lib/cli/main.js) are needed to generate the code")
    args = ["node", str(CLI), "migrate", str(policy), "--account", "111111111111", "--region", "us-east-1",
            "--language", "python", "--format", "json"]
    mapping = policy.with_name(policy.stem + ".mapping.json")
    if mapping.exists():
        args += ["--mapping", str(mapping)]
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def test_the_corpus_has_ten_policies():
    assert len(POLICIES) >= 10


@pytest.mark.parametrize("policy", POLICIES, ids=[p.stem for p in POLICIES])
def test_generated_python_synthesizes_the_planned_access_points(policy, tmp_path):
    plan = plan_of(policy)
    source = tmp_path / "generated_app.py"
    source.write_text(plan["code"]["source"])
    module = runpy.run_path(str(source), run_name="generated")  # defines the stack, does not synthesize
    stack_class = next(v for k, v in module.items() if k.endswith("AccessPointsStack"))
    stack = stack_class(cdk.App(), "Migrated", env=cdk.Environment(account="111111111111", region="us-east-1"))
    template = assertions.Template.from_stack(stack)

    found = template.find_resources("AWS::S3::AccessPoint")
    by_name = {r["Properties"]["Name"]: r["Properties"] for r in found.values()}
    assert sorted(by_name) == sorted(ap["name"] for ap in plan["accessPoints"])
    for ap in plan["accessPoints"]:
        props = by_name[ap["name"]]
        assert props["Bucket"] == plan["bucket"]["name"]
        assert ("VpcConfiguration" in props) == ("vpcId" in ap)
        written = [(s["Action"], s.get("Condition"), s["Effect"]) for s in props["Policy"]["Statement"]]
        planned = [(s["Action"], s.get("Condition"), s["Effect"]) for s in ap["policy"]["Statement"]]
        assert written == planned, ap["name"]


def test_generated_python_runs_as_an_app(tmp_path):
    # As `cdk synth` runs it: a process of its own, writing the assembly to CDK_OUTDIR.
    plan = plan_of(CORPUS / "data-lake-store-events.json")
    source = tmp_path / "app.py"
    source.write_text(plan["code"]["source"])
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path / "cdk.out")}
    subprocess.run([sys.executable, str(source)], check=True, env=env, capture_output=True, text=True)
    template = json.loads((tmp_path / "cdk.out" / "StoreEventsLakeAccessPoints.template.json").read_text())
    names = sorted(r["Properties"]["Name"] for r in template["Resources"].values() if r["Type"] == "AWS::S3::AccessPoint")
    assert names == ["ec2-consumer-sales-event", "lambda-consumer-inventory-event"]
