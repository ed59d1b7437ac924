"""The Python app `cdk-s3-access-points migrate --language python` generates, run against the installed wheel.

For every bucket policy of test/migrate-corpus, the built CLI (lib/cli/main.js, node) writes the plan
and the Python code; the code is loaded as a module, its stack synthesized with
aws_cdk.assertions, and its access points compared with the plan: the same names, prefixes, VPCs, and
access point policies with the same statements (actions, conditions) as the plan says the library
writes, which test/migrate.access.test.ts evaluates for the TypeScript app. The code of every policy
passes pyflakes (no unused import or name), and a policy of hostile Sids (test/migrate-corpus/hostile-sids.json)
runs as an app and does nothing its Sids say.
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


def test_the_corpus_has_twenty_policies():
    assert len(POLICIES) >= 20


@pytest.mark.parametrize("policy", POLICIES, ids=[p.stem for p in POLICIES])
def test_generated_python_passes_pyflakes(policy, tmp_path):
    pytest.importorskip("pyflakes", reason="scripts/test-python.sh installs pyflakes into the venv")
    source = tmp_path / f"{policy.stem.replace('-', '_')}.py"
    source.write_text(plan_of(policy)["code"]["source"], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pyflakes", str(source)], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_pyflakes_finds_the_unused_import_of_the_old_header(tmp_path):
    # The check can fail: the old generator imported aws_iam whatever the plan.
    pytest.importorskip("pyflakes", reason="scripts/test-python.sh installs pyflakes into the venv")
    code = plan_of(CORPUS / "data-perimeter-denies-only.json")["code"]["source"]
    source = tmp_path / "old_header.py"
    source.write_text(code.replace("from aws_cdk import aws_s3 as s3", "from aws_cdk import aws_iam as iam, aws_s3 as s3"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pyflakes", str(source)], capture_output=True, text=True)
    assert "'aws_cdk.aws_iam as iam' imported but unused" in result.stdout


@pytest.mark.parametrize("policy", POLICIES, ids=[p.stem for p in POLICIES])
def test_generated_python_synthesizes_the_planned_access_points(policy, tmp_path):
    plan = plan_of(policy)
    source = tmp_path / "generated_app.py"
    source.write_text(plan["code"]["source"], encoding="utf-8")
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


def test_generated_python_of_hostile_sids_runs_as_an_app_and_does_only_what_the_plan_says(tmp_path):
    # The Sids carry U+2028, U+2029, CR LF, NUL, quotes and `__import__("os").system(...)`: as comments, nothing runs.
    plan = plan_of(CORPUS / "hostile-sids.json")
    source = tmp_path / "app.py"
    source.write_text(plan["code"]["source"], encoding="utf-8")
    env = {**os.environ, "CDK_OUTDIR": str(tmp_path / "cdk.out")}
    result = subprocess.run([sys.executable, str(source)], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "uid=" not in result.stdout
    template = json.loads((tmp_path / "cdk.out" / "HostileSidsBucketAccessPoints.template.json").read_text())
    prefixes = [r["Properties"]["Policy"]["Statement"][0]["Resource"] for r in template["Resources"].values() if r["Type"] == "AWS::S3::AccessPoint"]
    assert len(prefixes) == 1
