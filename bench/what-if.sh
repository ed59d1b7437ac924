#!/bin/bash
# What-if measurements of docs/performance.md: copies the compiled library (lib/, `npx projen compile`)
# into .ablation/<name>/ with one candidate removed each, then counts the instructions of the
# user-shaped app (bench/user-app.ts) under callgrind with `node --predictable` (deterministic).
# The patches match lib/ as compiled at commit 7d96061; adapt them to the code being measured.
#
#   bash bench/what-if.sh [N] [variants...]     default: N = 100, every variant and the baseline
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100}; shift || true
VARIANTS=${*:-"none noreport nosize principalonly nogetap noalias all baseline"}
A=.ablation
rm -rf $A && mkdir -p $A
for v in none noreport nosize principalonly nogetap noalias all; do cp -r lib $A/$v; done
python3 - <<'PY'
A = '.ablation'
def patch(v, f, old, new):
    p = f'{A}/{v}/{f}'; s = open(p).read()
    assert old in s, (v, f, old)
    open(p, 'w').write(s.replace(old, new))
REPORT = ('    (0, aws_cdk_lib_1.attachCustomSynthesis)(scope, {', '    if (process.env) return;\n    (0, aws_cdk_lib_1.attachCustomSynthesis)(scope, {')
SIZE = ('        this.node.addValidation({\n            validate: () => (0, policy_size_1.checkPolicySize)(this, `The access point policy',
        '        if (false) this.node.addValidation({\n            validate: () => (0, policy_size_1.checkPolicySize)(this, `The access point policy')
PRINCIPAL = ('? iam.Grant.addToPrincipalAndResource({ grantee, ...spec, resource: resourceSide })', '? iam.Grant.addToPrincipal({ grantee, ...spec })')
GETAP = ("        grants.push(iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetAccessPoint'], resourceArns: [this.accessPointArn] }));", '')
ALIAS = ('alias: resource.attrAlias,', 'get alias() { return resource.attrAlias; },')
plan = {'noreport': [('report/build-report.js', REPORT)], 'nosize': [('access-point.js', SIZE)],
        'principalonly': [('access-point.js', PRINCIPAL)], 'nogetap': [('access-point.js', GETAP)],
        'noalias': [('access-point.js', ALIAS)],
        'all': [('report/build-report.js', REPORT), ('access-point.js', SIZE), ('access-point.js', PRINCIPAL), ('access-point.js', GETAP)]}
for v, patches in plan.items():
    for f, (old, new) in patches:
        patch(v, f, old, new)
PY
export TS_NODE_TRANSPILE_ONLY=true TS_NODE_PROJECT=tsconfig.dev.json
for v in $VARIANTS; do
  if [ "$v" = baseline ]; then variant=baseline; lib=lib; else variant=library; lib=$A/$v; fi
  ir=$(BENCH_LIB=$lib valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
    node --predictable --max-old-space-size=8192 -r ts-node/register bench/user-app.ts $variant "$N" 2>&1 >/dev/null | awk '/Collected/ {print $4}')
  echo "$v N=$N instructions=$ir"
done
