// Jest resolver for the compat run: aws-cdk-lib, constructs and cdk-nag, wherever they are required
// from (the library's sources, the tests, or aws-cdk-lib itself), come from this folder's
// node_modules, so one copy of each is loaded and it is the newest. Everything else (the test tools,
// the IAM evaluator) resolves as usual from the repository's node_modules.
const UNDER_TEST = /^(aws-cdk-lib|constructs|cdk-nag)(\/|$)/;

module.exports = (request, options) =>
  options.defaultResolver(request, UNDER_TEST.test(request) ? { ...options, basedir: __dirname } : options);
