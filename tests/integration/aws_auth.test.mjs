// AWS Signature V4 against a real `waggle serve` with keys on: the AWS
// credentials `waggle keys create` prints work with @aws-sdk (JS v3) and
// boto3 and the aws CLI for CloudWatch Logs and X-Ray; wrong, unknown and
// revoked credentials get AWS's own error names.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetSamplingRulesCommand, XRayClient } from '@aws-sdk/client-xray';

import { errorName } from './support/aws.mjs';
import { runCommandAsync, runWaggleAsync, serverForSuite } from './support/server.mjs';

// Runs `waggle keys create` and returns {id, secret, key} from its stdout.
async function createAwsKey(dataDir, scope) {
  const r = await runWaggleAsync(['keys', 'create', '--scope', scope, '--data', dataDir]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l.length > 0);
  const id = lines.find((l) => l.startsWith('AWS_ACCESS_KEY_ID='))?.split('=')[1];
  const secret = lines.find((l) => l.startsWith('AWS_SECRET_ACCESS_KEY='))?.split('=')[1];
  assert.match(id ?? '', /^[0-9A-Za-z]{10}$/, r.stdout);
  assert.match(secret ?? '', /^[0-9A-Za-z]{40}$/, r.stdout);
  const key = lines[lines.length - 1];
  assert.ok(key.startsWith(`wgk_${id}_`), 'the key stays the last line of stdout');
  return { id, secret, key };
}

function logsClient(server, accessKeyId, secretAccessKey) {
  return new CloudWatchLogsClient({
    endpoint: server.baseUrl, region: 'ap-southeast-2', maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey },
  });
}

function xrayClient(server, accessKeyId, secretAccessKey) {
  return new XRayClient({
    endpoint: server.baseUrl, region: 'eu-north-1', maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey },
  });
}

// `command args...` with `env` added to the environment; resolves {code,
// stdout, stderr} without blocking the event loop. Killed after 60 s.
const run = (command, args, env = {}) => runCommandAsync(command, args, { env, timeoutMs: 60_000 });

// True if `command args...` runs and exits 0.
async function succeeds(command, args) {
  try {
    return (await run(command, args)).code === 0;
  } catch {
    return false;  // not installed
  }
}

// The environment for the aws CLI: these credentials only, no config files,
// no instance metadata lookups.
function awsCliEnv(accessKeyId, secretAccessKey) {
  return {
    AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_DEFAULT_REGION: 'sa-east-1', AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '',
  };
}

// True when the server routes the AWS API at all (the X-Ray and CloudWatch
// front ends are separate libraries; this file tests only their auth).
async function routed(server, path, headers) {
  const r = await fetch(server.baseUrl + path, { method: 'POST', headers, body: '{}' });
  return r.status !== 404 || r.headers.get('x-amzn-errortype') !== null;
}

describe('AWS SigV4 with keys on', () => {
  let admin;
  const suite = serverForSuite({
    setup: async (dataDir) => { admin = await createAwsKey(dataDir, 'admin'); },
  });

  test('CloudWatch Logs: derived credentials work, others are refused', async (t) => {
    const target = { 'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.DescribeLogGroups' };
    const { server } = suite;
    if (!(await routed(server, '/', target))) return t.skip('CloudWatch Logs API is not served');
    const ok = await logsClient(server, admin.id, admin.secret).send(new DescribeLogGroupsCommand({}));
    assert.ok(Array.isArray(ok.logGroups));
    assert.equal(await errorName(logsClient(server, admin.id, 'x'.repeat(40))
      .send(new DescribeLogGroupsCommand({}))), 'InvalidSignatureException');
    assert.equal(await errorName(logsClient(server, 'AKIDEXAMPLE', admin.secret)
      .send(new DescribeLogGroupsCommand({}))), 'UnrecognizedClientException');
    // Unsigned: no Authorization header at all.
    const raw = await fetch(server.baseUrl + '/', { method: 'POST', headers: target, body: '{}' });
    assert.equal(raw.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const body = await raw.json();
    assert.equal(body.__type, 'MissingAuthenticationTokenException');
  });

  test('X-Ray: derived credentials work, others are refused', async (t) => {
    const { server } = suite;
    if (!(await routed(server, '/GetSamplingRules', { 'content-type': 'application/json' }))) {
      return t.skip('X-Ray API is not served');
    }
    const ok = await xrayClient(server, admin.id, admin.secret)
      .send(new GetSamplingRulesCommand({}));
    assert.ok(Array.isArray(ok.SamplingRuleRecords));
    assert.equal(await errorName(xrayClient(server, admin.id, 'y'.repeat(40))
      .send(new GetSamplingRulesCommand({}))), 'InvalidSignatureException');
    assert.equal(await errorName(xrayClient(server, 'nosuchkey0', admin.secret)
      .send(new GetSamplingRulesCommand({}))), 'UnrecognizedClientException');
  });

  test('a revoked key is unrecognized at once', async (t) => {
    const target = { 'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.DescribeLogGroups' };
    const { server, dataDir } = suite;
    if (!(await routed(server, '/', target))) return t.skip('CloudWatch Logs API is not served');
    const doomed = await createAwsKey(dataDir, 'read');
    const logs = logsClient(server, doomed.id, doomed.secret);
    await logs.send(new DescribeLogGroupsCommand({}));
    const r = await runWaggleAsync(['keys', 'revoke', doomed.id, '--data', dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await errorName(logs.send(new DescribeLogGroupsCommand({}))),
      'UnrecognizedClientException');
  });

  test('boto3 signs requests Waggle accepts', async (t) => {
    if (!(await succeeds('python3', ['-c', 'import boto3']))) {
      return t.skip('python3 with boto3 is not installed');
    }
    const { server } = suite;
    const target = { 'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.DescribeLogGroups' };
    if (!(await routed(server, '/', target))) return t.skip('CloudWatch Logs API is not served');
    const script = `
import boto3, botocore, sys
def logs(secret):
    return boto3.client('logs', endpoint_url=sys.argv[1], region_name='us-west-1',
                        aws_access_key_id=sys.argv[2], aws_secret_access_key=secret)
print(type(logs(sys.argv[3]).describe_log_groups()['logGroups']).__name__)
try:
    logs('wrong').describe_log_groups()
    print('accepted')
except botocore.exceptions.ClientError as e:
    print(e.response['Error']['Code'])
`;
    const r = await run('python3', ['-c', script, server.baseUrl, admin.id, admin.secret]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['list', 'InvalidSignatureException']);
  });

  test('the aws CLI signs requests Waggle accepts', async (t) => {
    if (!(await succeeds('aws', ['--version']))) {
      return t.skip('the aws CLI is not installed (aws --version failed)');
    }
    const { server } = suite;
    const target = { 'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.DescribeLogGroups' };
    const logsServed = await routed(server, '/', target);
    const xrayServed = await routed(server, '/GetSamplingRules', { 'content-type': 'application/json' });
    if (!logsServed && !xrayServed) return t.skip('neither AWS API is served');
    const endpoint = ['--endpoint-url', server.baseUrl, '--output', 'json'];
    const good = awsCliEnv(admin.id, admin.secret);
    const wrong = awsCliEnv(admin.id, 'z'.repeat(40));
    if (logsServed) {
      const ok = await run('aws', ['logs', 'describe-log-groups', ...endpoint], good);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(Array.isArray(JSON.parse(ok.stdout).logGroups), ok.stdout);
      const bad = await run('aws', ['logs', 'describe-log-groups', ...endpoint], wrong);
      assert.notEqual(bad.code, 0, bad.stdout);
      assert.match(bad.stderr, /InvalidSignatureException/);
    }
    if (xrayServed) {
      const ok = await run('aws', ['xray', 'get-sampling-rules', ...endpoint], good);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(Array.isArray(JSON.parse(ok.stdout).SamplingRuleRecords), ok.stdout);
      const unknown = await run('aws', ['xray', 'get-sampling-rules', ...endpoint],
        awsCliEnv('nosuchkey0', admin.secret));
      assert.notEqual(unknown.code, 0, unknown.stdout);
      assert.match(unknown.stderr, /UnrecognizedClientException/);
    }
  });
});
