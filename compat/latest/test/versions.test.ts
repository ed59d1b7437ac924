/*
 * The compat run tests what it says: the aws-cdk-lib, constructs and cdk-nag that the tests and the
 * library's sources load are the newest ones compat/latest/package-lock.json installs (into .deps), one copy of each.
 */
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SharedDataBucket } from '../../../src';

const HERE = path.join(__dirname, '..');
const INSTALLED = path.join(HERE, '.deps', 'node_modules');
const wanted = require(path.join(HERE, 'package.json')).devDependencies;

test.each(['aws-cdk-lib', 'constructs', 'cdk-nag'])('%s is the version compat/latest pins, from its node_modules', name => {
  const manifest = require.resolve(`${name}/package.json`);
  expect(manifest.startsWith(INSTALLED + path.sep)).toBe(true);
  expect(require(manifest).version).toBe(wanted[name]);
});

test('the library and the test share one constructs and one aws-cdk-lib', () => {
  const stack = new Stack(new App(), 'One');
  const data = new SharedDataBucket(stack, 'Data');
  expect(data).toBeInstanceOf(Construct);
  expect(Stack.of(data)).toBe(stack);
  // Loaded from compat/latest, not the repository's node_modules.
  const loaded = Object.keys(require.cache).filter(f => /[\\/]node_modules[\\/](aws-cdk-lib|constructs)[\\/]/.test(f));
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter(f => !f.startsWith(INSTALLED))).toEqual([]);
});

test('the newest aws-cdk-lib is within the peer range the package declares, and above its minimum', () => {
  const root = require(path.join(HERE, '..', '..', 'package.json'));
  const minimum = root.peerDependencies['aws-cdk-lib'].replace(/^\^/, '');
  expect(root.devDependencies['aws-cdk-lib']).toBe(minimum);
  const [maj, min] = wanted['aws-cdk-lib'].split('.').map(Number);
  const [minMaj, minMin] = minimum.split('.').map(Number);
  expect(maj).toBe(minMaj);
  expect(min).toBeGreaterThan(minMin);
});
