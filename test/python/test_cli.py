"""The `cdk-s3-access-points` console script that `pip install` puts on the PATH, run as a Python user runs it.

The jsii runtime unpacks the npm tarball bundled in the wheel and runs lib/cli/main.js directly, so
the script fails with PermissionError unless the file is executable in the tarball (the compile task
sets the mode). Each run imports aws_cdk (through the package's _jsii module) before node starts, so
the four runs go in parallel.

The script turns the jsii runtime's package cache off unless JSII_RUNTIME_PACKAGE_CACHE is set, so
each run unpacks aws-cdk-lib's assembly again: about 50 s of CPU a run here, against 18 s with the
cache. The four run with the cache on, which changes where the tarballs are unpacked, not what
runs; the script as a user runs it (the cache off) runs in every build too, in the README's fresh
Python app (scripts/fresh-apps.js, `cdk-s3-access-points report`, at the end of `package`).
"""
import json
import os
import pathlib
import subprocess
import sys

import aws_cdk as cdk

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "python"))
from data_lake import DataLakeStack  # noqa: E402

# pip writes console scripts next to the interpreter of the environment it installs into.
SCRIPT = pathlib.Path(sys.executable).parent / "cdk-s3-access-points"
POLICY = ROOT / "test" / "migrate-corpus" / "data-lake-store-events.json"


def test_the_console_script_runs_version_help_report_and_migrate(tmp_path):
    assert SCRIPT.exists(), f"pip installed no console script at {SCRIPT}"
    outdir = tmp_path / "cdk.out"
    app = cdk.App(outdir=str(outdir))
    DataLakeStack(app, "DataLake")
    app.synth()

    runs = {
        "version": [str(SCRIPT), "--version"],
        "help": [str(SCRIPT), "--help"],
        "report": [str(SCRIPT), "report", str(outdir), "--format", "json"],
        "migrate": [str(SCRIPT), "migrate", str(POLICY), "--language", "python", "--format", "code"],
    }
    env = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    env["JSII_RUNTIME_PACKAGE_CACHE"] = "enabled"
    started = {name: subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for name, args in runs.items()}
    done = {name: (p.communicate(timeout=600), p.returncode) for name, p in started.items()}
    for name, ((_, stderr), code) in done.items():
        assert code == 0, f"{name}: exit {code}: {stderr}"

    version = json.loads((ROOT / "package.json").read_text())["version"]
    assert done["version"][0][0] == f"{version}\n"
    assert "cdk-s3-access-points report" in done["help"][0][0]
    assert "cdk-s3-access-points migrate" in done["help"][0][0]
    reports = json.loads(done["report"][0][0])
    assert "ec2-consumer" in json.dumps(reports)
    assert "import cdk_s3_access_points" in done["migrate"][0][0] or "from cdk_s3_access_points" in done["migrate"][0][0]
