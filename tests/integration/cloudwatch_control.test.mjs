// CloudWatch Logs subscription filters and tags against a real server,
// through @aws-sdk/client-cloudwatch-logs and the aws CLI: AWS's shapes,
// validations and limits, and both survive a restart.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand,
  DeleteSubscriptionFilterCommand, DescribeSubscriptionFiltersCommand, ListTagsForResourceCommand,
  ListTagsLogGroupCommand, PutSubscriptionFilterCommand, TagLogGroupCommand, TagResourceCommand,
  UntagLogGroupCommand, UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';

import { HAS_AWS_CLI, awsCli, errorName } from './support/aws.mjs';
import { dumpOutputIfFailed, makeDataDir, removeDataDir, startServer } from './support/server.mjs';

const GROUP = 'cruddur';
const ARN = `arn:aws:logs:us-east-1:000000000000:log-group:${GROUP}`;
const KINESIS = 'arn:aws:kinesis:us-east-1:000000000000:stream/cruddur-errors';
const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:alert';

const client = (server) => new CloudWatchLogsClient({
  endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

describe('CloudWatch Logs subscription filters and tags', () => {
  const dataDir = makeDataDir('waggle-it-cwcontrol-');
  let server;
  let logs;
  before(async () => {
    server = await startServer({ dataDir });
    logs = client(server);
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP, tags: { team: 'web' } }));
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) await server.stop();
    removeDataDir(dataDir);
  });

  test('subscription filters: put, replace, describe, limit and delete', async () => {
    await logs.send(new PutSubscriptionFilterCommand({
      logGroupName: GROUP, filterName: 'errors', filterPattern: 'ERROR', destinationArn: KINESIS,
    }));
    await logs.send(new PutSubscriptionFilterCommand({
      logGroupName: GROUP, filterName: 'slow', filterPattern: '{ $.latency_ms > 1000 }',
      destinationArn: LAMBDA, distribution: 'Random',
    }));
    // Same name again replaces it.
    await logs.send(new PutSubscriptionFilterCommand({
      logGroupName: GROUP, filterName: 'errors', filterPattern: '?ERROR ?FATAL', destinationArn: KINESIS,
    }));
    const all = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: GROUP }));
    assert.deepEqual(all.subscriptionFilters.map((f) => f.filterName), ['errors', 'slow']);
    const errors = all.subscriptionFilters[0];
    assert.equal(errors.filterPattern, '?ERROR ?FATAL');
    assert.equal(errors.destinationArn, KINESIS);
    assert.equal(errors.logGroupName, GROUP);
    assert.equal(errors.distribution, 'ByLogStream');
    assert.equal(all.subscriptionFilters[1].distribution, 'Random');
    assert.ok(errors.creationTime > 0);
    const prefixed = await logs.send(new DescribeSubscriptionFiltersCommand({
      logGroupName: GROUP, filterNamePrefix: 'sl' }));
    assert.deepEqual(prefixed.subscriptionFilters.map((f) => f.filterName), ['slow']);

    assert.equal(await errorName(logs.send(new PutSubscriptionFilterCommand({
      logGroupName: GROUP, filterName: 'third', filterPattern: '', destinationArn: KINESIS }))),
    'LimitExceededException');
    assert.equal(await errorName(logs.send(new PutSubscriptionFilterCommand({
      logGroupName: GROUP, filterName: 'errors', filterPattern: '{ $.x = ', destinationArn: KINESIS }))),
    'InvalidParameterException');
    assert.equal(await errorName(logs.send(new PutSubscriptionFilterCommand({
      logGroupName: 'nope', filterName: 'x', filterPattern: '', destinationArn: KINESIS }))),
    'ResourceNotFoundException');

    await logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: GROUP, filterName: 'slow' }));
    assert.equal(await errorName(logs.send(new DeleteSubscriptionFilterCommand({
      logGroupName: GROUP, filterName: 'slow' }))), 'ResourceNotFoundException');
    const left = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: GROUP }));
    assert.deepEqual(left.subscriptionFilters.map((f) => f.filterName), ['errors']);
  });

  test('tags by ARN and by group name; reserved keys are refused', async () => {
    await logs.send(new TagResourceCommand({ resourceArn: ARN, tags: { env: 'prod', owner: 'andrew' } }));
    let tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: ARN }));
    assert.deepEqual(tags.tags, { team: 'web', env: 'prod', owner: 'andrew' });
    // The ARN DescribeLogGroups returns (with :*) names the same group.
    tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}:*` }));
    assert.equal(tags.tags.env, 'prod');
    await logs.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ['owner'] }));
    await logs.send(new TagLogGroupCommand({ logGroupName: GROUP, tags: { tier: 'gold' } }));
    await logs.send(new UntagLogGroupCommand({ logGroupName: GROUP, tags: ['team'] }));
    const legacy = await logs.send(new ListTagsLogGroupCommand({ logGroupName: GROUP }));
    assert.deepEqual(legacy.tags, { env: 'prod', tier: 'gold' });

    assert.equal(await errorName(logs.send(new TagResourceCommand({
      resourceArn: ARN, tags: { 'aws:reserved': 'x' } }))), 'InvalidParameterException');
    assert.equal(await errorName(logs.send(new ListTagsForResourceCommand({
      resourceArn: `arn:aws:logs:us-east-1:000000000000:log-group:nope` }))), 'ResourceNotFoundException');
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    assert.ok(['TooManyTagsException', 'InvalidParameterException'].includes(
      await errorName(logs.send(new TagResourceCommand({ resourceArn: ARN, tags: many })))));
  });

  test('the aws CLI: subscription filters and tags', { skip: !HAS_AWS_CLI && 'the aws CLI is not installed' }, () => {
    const tag = awsCli(server, 'logs', ['tag-resource', '--resource-arn', ARN, '--tags', 'cli=yes']);
    assert.equal(tag.status, 0, tag.stderr);
    const tags = awsCli(server, 'logs', ['list-tags-for-resource', '--resource-arn', ARN]);
    assert.equal(tags.status, 0, tags.stderr);
    assert.equal(tags.json.tags.cli, 'yes');
    const subs = awsCli(server, 'logs', ['describe-subscription-filters', '--log-group-name', GROUP]);
    assert.equal(subs.status, 0, subs.stderr);
    assert.deepEqual(subs.json.subscriptionFilters.map((f) => f.filterName), ['errors']);
  });

  test('filters and tags survive a restart; deleting the group deletes them', async () => {
    await server.stop();
    server = await startServer({ dataDir });
    logs = client(server);
    const subs = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: GROUP }));
    assert.deepEqual(subs.subscriptionFilters.map((f) => f.filterName), ['errors']);
    const tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: ARN }));
    assert.equal(tags.tags.tier, 'gold');

    await logs.send(new DeleteLogGroupCommand({ logGroupName: GROUP }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    const none = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: GROUP }));
    assert.deepEqual(none.subscriptionFilters, []);
    const untagged = await logs.send(new ListTagsForResourceCommand({ resourceArn: ARN }));
    assert.deepEqual(untagged.tags ?? {}, {});
  });
});
