/*
 * Scenario S2 as deployed: each user may use the folder named after them, through one access point,
 * with ${aws:username} filled in by S3 for each request.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserFoldersStack } from '../examples/user-folders';
import { AccessEvaluator, S3Request } from './support/access-evaluator';

const stack = new UserFoldersStack(new App(), 'UserFolders');
const evaluator = AccessEvaluator.fromTemplates(Template.fromStack(stack).toJSON());

describe.each(['Bob', 'Alice', 'Carol'])('%s', (user) => {
  const other = user === 'Bob' ? 'Alice' : 'Bob';
  const as = (r: Omit<S3Request, 'principal' | 'accessPoint' | 'context'>): S3Request =>
    ({ principal: AccessEvaluator.userArn(user), accessPoint: 'user-uploads', context: { 'aws:username': user }, ...r });

  test.each([
    ['put in their own folder', as({ action: 's3:PutObject', key: `${user}/photo.jpg` })],
    ['get from their own folder', as({ action: 's3:GetObject', key: `${user}/photo.jpg` })],
    ['list their own folder', as({ action: 's3:ListBucket', listPrefix: `${user}/` })],
  ])('allowed: %s', async (_what, request) => {
    expect(await evaluator.evaluate(request)).toBe('Allowed');
  });

  test.each([
    ['put in another user\'s folder', as({ action: 's3:PutObject', key: `${other}/photo.jpg` })],
    ['get from another user\'s folder', as({ action: 's3:GetObject', key: `${other}/photo.jpg` })],
    ['put in a folder that starts with their name', as({ action: 's3:PutObject', key: `${user}x/photo.jpg` })],
    ['put at the root', as({ action: 's3:PutObject', key: 'photo.jpg' })],
    ['list another user\'s folder', as({ action: 's3:ListBucket', listPrefix: `${other}/` })],
    ['list the root', as({ action: 's3:ListBucket', listPrefix: '' })],
    ['put straight to the bucket', { principal: AccessEvaluator.userArn(user), action: 's3:PutObject', key: `${user}/photo.jpg`, context: { 'aws:username': user } }],
  ])('denied: %s', async (_what, request) => {
    expect(await evaluator.evaluate(request as S3Request)).not.toBe('Allowed');
  });
});

test('the policy variable reaches the access point policy unescaped, after /object/', () => {
  const policy = JSON.stringify(evaluator.accessPointPolicy('user-uploads'));
  expect(policy).toContain(':accesspoint/user-uploads/object/${aws:username}/*');
  expect(policy).toContain('"s3:prefix":"${aws:username}/*"');
});

test('the access point policy alone gives Bob his folder (as for a user of another account)', async () => {
  const resourceOnly = evaluator.withoutIdentityPolicies();
  const bob = { principal: AccessEvaluator.userArn('Bob'), accessPoint: 'user-uploads', context: { 'aws:username': 'Bob' } };
  expect(await resourceOnly.evaluate({ ...bob, action: 's3:PutObject', key: 'Bob/x' })).toBe('Allowed');
  expect(await resourceOnly.evaluate({ ...bob, action: 's3:PutObject', key: 'Alice/x' })).not.toBe('Allowed');
  // Carol's access comes from her group's identity policy only.
  const carol = { principal: AccessEvaluator.userArn('Carol'), accessPoint: 'user-uploads', context: { 'aws:username': 'Carol' } };
  expect(await resourceOnly.evaluate({ ...carol, action: 's3:PutObject', key: 'Carol/x' })).not.toBe('Allowed');
});
