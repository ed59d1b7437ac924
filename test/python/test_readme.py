"""The Python code of the README that PyPI shows: the wheel's long description.

jsii-pacmak writes it from README.md, with each TypeScript block translated by jsii-rosetta and the
hand-written ```python blocks as they are. Every Python block must parse, and pyflakes must find
nothing in it but what a fragment has by design: names it uses without defining them (`self`, the
stack it runs in, a consumer the text introduces), and an import used only by such a name's type,
which rosetta turns into a comment (`declare const fn: lambda.Function` becomes `# fn: lambda.Function`),
and an import rosetta repeats.
"""
import ast
import re
import textwrap
from importlib import metadata

import pytest
from pyflakes import api as pyflakes_api
from pyflakes import reporter as pyflakes_reporter


def description() -> str:
    meta = metadata.metadata("cdk-s3-access-points")
    return meta.get_payload() or meta.get("Description") or ""


BLOCKS = re.findall(r"^```python[^\n]*\n(.*?)^```", description(), re.S | re.M)


class Collect(pyflakes_reporter.Reporter):
    def __init__(self):
        self.messages = []

    def unexpectedError(self, filename, message):
        self.messages.append(str(message))

    def syntaxError(self, filename, message, lineno, offset, text):
        self.messages.append(f"{lineno}: {message}")

    def flake(self, message):
        self.messages.append(str(message))


def test_the_readme_has_python_blocks():
    # The README's translated quick start and the hand-written ones: a long description without them
    # would make the checks below pass on nothing.
    assert len(BLOCKS) >= 10, f"{len(BLOCKS)} Python blocks in the wheel's README"
    assert any("from cdk_s3_access_points import" in b for b in BLOCKS)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_the_python_block_parses_and_pyflakes_finds_nothing_but_undefined_names(index):
    block = BLOCKS[index]
    # A fragment may be indented as a whole (it sits in a list item of the README).
    source = textwrap.dedent(block)
    ast.parse(source)
    collect = Collect()
    pyflakes_api.check(source, f"README block {index + 1}", collect)
    comments = "\n".join(line for line in source.splitlines() if line.lstrip().startswith("#"))

    lines = source.splitlines()

    def is_import(lineno: int) -> bool:
        return 0 < lineno <= len(lines) and re.match(r"\s*(from \S+ )?import ", lines[lineno - 1]) is not None

    def expected(message: str) -> bool:
        if "undefined name" in message:
            return True
        # rosetta adds an import for a struct it constructs, even when the block imports it already:
        # a duplicate import, harmless.
        again = re.search(r":(\d+):\d+:? redefinition of unused '\w+' from line (\d+)", message)
        if again and is_import(int(again.group(1))) and is_import(int(again.group(2))):
            return True
        unused = re.search(r"'(?:[\w.]+ as )?([\w.]+)' imported but unused", message)
        # `lambda_` in the import is `lambda` in rosetta's comment (the TypeScript name).
        return bool(unused) and re.search(rf"\b{re.escape(unused.group(1).split('.')[-1].rstrip('_'))}\b", comments) is not None

    problems = [m for m in collect.messages if not expected(m)]
    assert problems == [], f"block {index + 1}:\n{block}"
