// Jest resolver for the compat run: aws-cdk-lib, constructs and cdk-nag, wherever they are required
// from (the library's sources, the tests, or aws-cdk-lib itself), come from what
// scripts/test-compat.sh installs from this folder's lock file into .deps/node_modules, so one copy
// of each is loaded and it is the newest. Everything else (the test tools, the IAM evaluator)
// resolves as usual from the repository's node_modules.
const DEPS = require('path').join(__dirname, '.deps');
const UNDER_TEST = /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(request, UNDER_TEST.test(request) ? { ...options, basedir: DEPS } : options);
