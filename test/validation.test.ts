/*
 * Bad input fails at synthesis with one message that names the construct path, the property and
 * the rule; token values skip the checks they cannot make.
 */
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccessPointOptions, PrefixAccessPoint, SharedDataBucket } from '../src';
import { userProperty } from '../src/private/rules';

/** `create` builds the access point in a new stack each time it is called. */
function accessPoint(options: AccessPointOptions) {
  let stack = new Stack(new App(), 'Stack');
  return {
    get stack() { return stack; },
    create: () => {
      stack = new Stack(new App(), 'Stack');
      return new PrefixAccessPoint(stack, 'Consumer', { bucket: new SharedDataBucket(stack, 'Data'), ...options });
    },
  };
}

describe('access point names', () => {
  test.each([
    ['ab', /accessPointName \(access_point_name in Python\) 'ab' must be 3-50 characters long \(it has 2\)/],
    ['a'.repeat(51), /must be 3-50 characters long \(it has 51\)/],
    ['Sales', /accessPointName \(access_point_name in Python\) 'Sales' may contain only lowercase letters, digits and hyphens/],
    ['sales_event', /may contain only lowercase letters, digits and hyphens/],
    ['sales event', /may contain only lowercase letters, digits and hyphens/],
    ['-sales', /must not start or end with a hyphen/],
    ['sales-', /must not start or end with a hyphen/],
    ['sales-s3alias', /must not end with '-s3alias' or '-ext-s3alias'/],
    ['sales-ext-s3alias', /must not end with '-s3alias' or '-ext-s3alias'/],
  ])('%s is refused', (accessPointName, rule) => {
    const { create } = accessPoint({ accessPointName, prefix: 'a/' });
    expect(create).toThrow(/^Stack\/Consumer: invalid properties:/);
    expect(create).toThrow(rule);
  });

  test.each(['abc', 'a'.repeat(50), 'ec2-consumer', '0-data-9'])('%s is accepted', (accessPointName) => {
    expect(accessPoint({ accessPointName, prefix: 'a/' }).create().accessPointName).toBe(accessPointName);
  });

  test('a token is not checked, and reaches the template', () => {
    const ap = accessPoint({ accessPointName: Lazy.string({ produce: () => 'decided-later' }), prefix: 'a/' }).create();
    Template.fromStack(ap.stack).hasResourceProperties('AWS::S3::AccessPoint', { Name: 'decided-later' });
  });
});

describe('prefixes', () => {
  test.each([
    [{ prefix: 'sales_*' }, /prefix 'sales_\*' must not contain wildcards/],
    [{ prefix: 'sales?/' }, /prefix 'sales\?\/' must not contain wildcards/],
    [{ prefix: '/sales/' }, /prefix '\/sales\/' must not start with '\/'/],
    [{ prefix: '${aws:username}/' }, /must not contain '\$\{': IAM would read it as a policy variable/],
    [{ prefix: 'a'.repeat(1001) }, /S3 keys are at most 1,024 bytes/],
    [{}, /prefix is required: .*or set wholeBucket \(whole_bucket in Python\) to true/],
    [{ prefix: '' }, /prefix is required/],
    [{ prefix: 'a/', wholeBucket: true }, /prefix 'a\/' and wholeBucket \(whole_bucket in Python\): true exclude each other/],
  ])('%j is refused', (options, rule) => {
    const { create } = accessPoint({ accessPointName: 'consumer', ...options });
    expect(create).toThrow(/^Stack\/Consumer: invalid properties:/);
    expect(create).toThrow(rule);
  });

  test('every broken rule is reported at once', () => {
    const { create } = accessPoint({ accessPointName: 'Bad_Name-', prefix: '/x*' });
    expect(create).toThrow(/lowercase letters[\s\S]*hyphen[\s\S]*wildcards[\s\S]*must not start with '\/'/);
  });

  test('a token prefix is used as given', () => {
    const ap = accessPoint({ accessPointName: 'consumer', prefix: Lazy.string({ produce: () => 'later/' }) }).create();
    expect(ap.stack.resolve(ap.prefix)).toBe('later/');
  });
});

describe('errors name the property as the user wrote it', () => {
  test('the Python name beside the TypeScript and Java one, where they differ', () => {
    expect(userProperty('accessPointName')).toBe('accessPointName (access_point_name in Python)');
    expect(userProperty('multiRegionAccessPointName')).toBe('multiRegionAccessPointName (multi_region_access_point_name in Python)');
    expect(userProperty('prefix')).toBe('prefix');
  });
});
