// The X-Ray control plane through real clients against a real `waggle
// serve`: the reference app's aws CLI commands verbatim (create-group,
// create-sampling-rule --cli-input-json), the SDK's daemon-port rule and
// target polling (aws-xray-sdk-core's ServiceConnector), and groups, rules
// and tags through @aws-sdk/client-xray, including their errors and their
// survival across a restart.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, test } from 'node:test';

import {
  BatchGetTracesCommand, CreateGroupCommand, CreateSamplingRuleCommand, DeleteGroupCommand, DeleteSamplingRuleCommand,
  GetGroupCommand, GetGroupsCommand, GetSamplingRulesCommand, ListTagsForResourceCommand,
  TagResourceCommand, UntagResourceCommand, UpdateGroupCommand, UpdateSamplingRuleCommand,
  XRayClient,
} from '@aws-sdk/client-xray';

import { HAS_AWS_CLI, awsCli, errorName } from './support/aws.mjs';
import {
  dumpOutputIfFailed, eventually, makeDataDir, removeDataDir, startServer,
} from './support/server.mjs';

const require = createRequire(import.meta.url);
const AWSXRay = require('aws-xray-sdk-core');
const ServiceConnector = require('aws-xray-sdk-core/dist/lib/middleware/sampling/service_connector');

// The sampling rule of the reference app (SCENARIOS §2), as its xray.json.
const XRAY_JSON = {
  SamplingRule: {
    RuleName: 'Cruddur', ResourceARN: '*', Priority: 9000, FixedRate: 0.1, ReservoirSize: 5,
    ServiceName: 'backend-flask', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*',
    Version: 1,
  },
};

const CLIENTS = join(dirname(fileURLToPath(import.meta.url)), 'clients');

// A reason to skip when python3 cannot import `modules`, else false.
function missingPython(...modules) {
  const r = spawnSync('python3', ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  return r.status === 0 ? false : `python3 lacks ${modules.join(' or ')}`;
}

function awsXrayOk(server, args) {
  const r = awsCli(server, 'xray', args);
  assert.equal(r.status, 0, `aws xray ${args[0]} failed:\n${r.stderr}`);
  return r.json;
}

function client(server) {
  return new XRayClient({
    endpoint: server.baseUrl, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

describe('X-Ray groups, sampling rules and tags', () => {
  const dataDir = makeDataDir('waggle-it-xray-control-');
  let server;
  let xray;
  before(async () => {
    server = await startServer({ dataDir });
    xray = client(server);
    AWSXRay.setLogger({ error() {}, warn() {}, info() {}, debug() {} });
  });
  afterEach((t) => dumpOutputIfFailed(t, server));
  after(async () => {
    if (server) await server.stop();
    removeDataDir(dataDir);
  });

  test("the reference app's aws CLI commands, verbatim", { skip: !HAS_AWS_CLI && 'the aws CLI is not installed' }, () => {
    const group = awsXrayOk(server, ['create-group', '--group-name', 'Cruddur',
      '--filter-expression', 'service("backend-flask")']);
    assert.equal(group.Group.GroupName, 'Cruddur');
    assert.match(group.Group.GroupARN, /^arn:aws:xray:us-east-1:000000000000:group\/Cruddur\/[A-Z2-7]{26}$/);
    assert.equal(group.Group.FilterExpression, 'service("backend-flask")');
    const file = join(dataDir, 'xray.json');
    writeFileSync(file, JSON.stringify(XRAY_JSON));
    const rule = awsXrayOk(server, ['create-sampling-rule', '--cli-input-json', `file://${file}`]);
    assert.equal(rule.SamplingRuleRecord.SamplingRule.RuleARN,
      'arn:aws:xray:us-east-1:000000000000:sampling-rule/Cruddur');
    assert.equal(rule.SamplingRuleRecord.SamplingRule.FixedRate, 0.1);
    const groups = awsXrayOk(server, ['get-groups']);
    assert.deepEqual(groups.Groups.map((g) => g.GroupName), ['Default', 'Cruddur']);
    const rules = awsXrayOk(server, ['get-sampling-rules']);
    assert.deepEqual(rules.SamplingRuleRecords.map((r) => r.SamplingRule.RuleName), ['Cruddur', 'Default']);
    // Trace searches may name the group.
    const t = Math.floor(Date.now() / 1000);
    const window = ['--start-time', String(t - 600), '--end-time', String(t + 60)];
    const sums = awsXrayOk(server, ['get-trace-summaries', ...window,
      '--filter-expression', 'group.name = "Cruddur"']);
    assert.deepEqual(sums.TraceSummaries, []);
    const unknown = awsCli(server, 'xray', ['get-trace-summaries', ...window,
      '--filter-expression', 'group.name = "nope"']);
    assert.match(unknown.stderr, /InvalidRequestException/);
    const again = awsCli(server, 'xray', ['create-group', '--group-name', 'Cruddur']);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /InvalidRequestException.*already exists/);
  });

  test('the SDK polls the rule and its quota from the daemon port', async () => {
    if (!HAS_AWS_CLI) await xray.send(new CreateSamplingRuleCommand(XRAY_JSON));
    AWSXRay.setDaemonAddress(`127.0.0.1:${server.ports.xray}`);
    const rules = await new Promise((resolve, reject) => {
      ServiceConnector.fetchSamplingRules((err, r) => (err ? reject(err) : resolve(r)));
    });
    assert.deepEqual(rules.map((r) => r.getName()), ['Cruddur', 'Default']);
    const cruddur = rules[0];
    assert.equal(cruddur.isDefault(), false);
    const request = { host: 'x', httpMethod: 'GET', urlPath: '/api' };
    assert.equal(cruddur.match({ ...request, serviceName: 'backend-flask' }), true);
    assert.equal(cruddur.match({ ...request, serviceName: 'frontend' }), false);
    const targets = await new Promise((resolve, reject) => {
      ServiceConnector.fetchTargets(rules, (err, t) => (err ? reject(err) : resolve(t)));
    });
    assert.equal(targets.Cruddur.rate, 0.1);
    assert.equal(targets.Cruddur.quota, 5);
  });

  test('the Python SDK samples by the Cruddur rule', { skip: missingPython('aws_xray_sdk', 'flask') }, async () => {
    const r = spawnSync('python3', [join(CLIENTS, 'xray_python_sampling.py'),
      `127.0.0.1:${server.ports.xray}`, '400'], {
      encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
    });
    assert.equal(r.status, 0, `xray_python_sampling.py failed:\n${r.stdout}\n${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.equal(out.requests, 400);
    // Every sampled request was decided by Cruddur: a borrowed 1/s until the
    // SDK's first target poll, then 10 % of the rest.
    assert.deepEqual(Object.keys(out.rules), ['Cruddur']);
    const fraction = out.sampled / out.requests;
    assert.ok(fraction > 0.04 && fraction < 0.2, `sampled ${out.sampled} of ${out.requests}`);
    // The segments that reached the daemon carry the rule's name.
    const id = out.sampled_trace_ids[0];
    const trace = await eventually(async () => {
      const got = await xray.send(new BatchGetTracesCommand({ TraceIds: [id] }));
      return got.Traces[0];
    }, 10_000);
    assert.ok(trace, `trace ${id} not stored`);
    const doc = JSON.parse(trace.Segments[0].Document);
    assert.equal(doc.name, 'backend-flask');
    assert.equal(doc.aws.xray.sampling_rule_name, 'Cruddur');
  });

  test('groups: get by name and ARN, update, errors, delete', async () => {
    const created = await xray.send(new CreateGroupCommand({
      GroupName: 'slow-api', FilterExpression: 'responsetime > 2',
      InsightsConfiguration: { InsightsEnabled: true }, Tags: [{ Key: 'team', Value: 'web' }],
    }));
    const arn = created.Group.GroupARN;
    const byArn = await xray.send(new GetGroupCommand({ GroupARN: arn }));
    assert.equal(byArn.Group.FilterExpression, 'responsetime > 2');
    assert.equal(byArn.Group.InsightsConfiguration.InsightsEnabled, true);
    const updated = await xray.send(new UpdateGroupCommand({
      GroupName: 'slow-api', FilterExpression: 'responsetime > 5 AND fault',
    }));
    assert.equal(updated.Group.FilterExpression, 'responsetime > 5 AND fault');
    assert.equal(updated.Group.GroupARN, arn, 'the ARN stays');
    assert.equal(updated.Group.InsightsConfiguration.InsightsEnabled, true);
    assert.equal(await errorName(xray.send(new CreateGroupCommand({
      GroupName: 'bad', FilterExpression: 'responsetime >' }))), 'InvalidRequestException');
    assert.equal(await errorName(xray.send(new CreateGroupCommand({ GroupName: 'no spaces' }))),
      'InvalidRequestException');
    assert.equal(await errorName(xray.send(new GetGroupCommand({ GroupName: 'missing' }))),
      'InvalidRequestException');
    assert.equal(await errorName(xray.send(new DeleteGroupCommand({ GroupName: 'Default' }))),
      'InvalidRequestException');
    const tags = await xray.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'web' }]);
    await xray.send(new DeleteGroupCommand({ GroupARN: arn }));
    assert.equal(await errorName(xray.send(new GetGroupCommand({ GroupName: 'slow-api' }))),
      'InvalidRequestException');
    assert.equal(await errorName(xray.send(new ListTagsForResourceCommand({ ResourceARN: arn }))),
      'ResourceNotFoundException');
  });

  test('sampling rules: validation, update, Default, limit, delete', async () => {
    const bad = (rule) => errorName(xray.send(new CreateSamplingRuleCommand({
      SamplingRule: { ...XRAY_JSON.SamplingRule, RuleName: 'bad', ...rule } })));
    assert.equal(await bad({ FixedRate: 1.5 }), 'InvalidRequestException');
    assert.equal(await bad({ Priority: 10000 }), 'InvalidRequestException');
    assert.equal(await bad({ HTTPMethod: 'X'.repeat(11) }), 'InvalidRequestException');
    assert.equal(await bad({ RuleName: 'Default' }), 'InvalidRequestException');
    const up = await xray.send(new UpdateSamplingRuleCommand({
      SamplingRuleUpdate: { RuleName: 'Cruddur', FixedRate: 0.25, URLPath: '/api/*' } }));
    assert.equal(up.SamplingRuleRecord.SamplingRule.FixedRate, 0.25);
    assert.equal(up.SamplingRuleRecord.SamplingRule.URLPath, '/api/*');
    assert.equal(up.SamplingRuleRecord.SamplingRule.ReservoirSize, 5, 'other members stay');
    const def = await xray.send(new UpdateSamplingRuleCommand({
      SamplingRuleUpdate: { RuleName: 'Default', ReservoirSize: 2, ServiceName: 'ignored' } }));
    assert.equal(def.SamplingRuleRecord.SamplingRule.ReservoirSize, 2);
    assert.equal(def.SamplingRuleRecord.SamplingRule.ServiceName, '*');
    assert.equal(def.SamplingRuleRecord.SamplingRule.Priority, 10000);
    assert.equal(await errorName(xray.send(new DeleteSamplingRuleCommand({ RuleName: 'Default' }))),
      'InvalidRequestException');
    for (let i = 0; i < 24; i++) {
      await xray.send(new CreateSamplingRuleCommand({
        SamplingRule: { ...XRAY_JSON.SamplingRule, RuleName: `r${i}`, Priority: 100 + i } }));
    }
    assert.equal(await errorName(xray.send(new CreateSamplingRuleCommand({
      SamplingRule: { ...XRAY_JSON.SamplingRule, RuleName: 'one-too-many' } }))),
    'RuleLimitExceededException');
    const gone = await xray.send(new DeleteSamplingRuleCommand({ RuleName: 'r23' }));
    assert.equal(gone.SamplingRuleRecord.SamplingRule.RuleName, 'r23');
    const all = await xray.send(new GetSamplingRulesCommand({}));
    const names = all.SamplingRuleRecords.map((r) => r.SamplingRule.RuleName);
    assert.equal(names.length, 25);
    assert.equal(names[0], 'r0', 'by priority');
    assert.equal(names.at(-1), 'Default');
    assert.ok(!names.includes('r23'));
  });

  test('tags: add, replace, remove, unknown resources', async () => {
    const rules = await xray.send(new GetSamplingRulesCommand({}));
    const arn = rules.SamplingRuleRecords.find((r) => r.SamplingRule.RuleName === 'Cruddur')
      .SamplingRule.RuleARN;
    await xray.send(new TagResourceCommand({ ResourceARN: arn,
      Tags: [{ Key: 'app', Value: 'cruddur' }, { Key: 'tier', Value: 'api' }] }));
    await xray.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'tier', Value: 'web' }] }));
    await xray.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['app'] }));
    const tags = await xray.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'tier', Value: 'web' }]);
    const missing = 'arn:aws:xray:us-east-1:000000000000:sampling-rule/nope';
    assert.equal(await errorName(xray.send(new TagResourceCommand({ ResourceARN: missing,
      Tags: [{ Key: 'a', Value: 'b' }] }))), 'ResourceNotFoundException');
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    assert.equal(await errorName(xray.send(new TagResourceCommand({ ResourceARN: arn, Tags: many }))),
      'InvalidRequestException');
  });

  test('everything survives a restart', async () => {
    await xray.send(new CreateGroupCommand({ GroupName: 'kept', FilterExpression: 'error' }));
    await server.stop();
    server = await startServer({ dataDir });
    xray = client(server);
    const groups = await xray.send(new GetGroupsCommand({}));
    const kept = groups.Groups.find((g) => g.GroupName === 'kept');
    assert.equal(kept.FilterExpression, 'error');
    const rules = await xray.send(new GetSamplingRulesCommand({}));
    const cruddur = rules.SamplingRuleRecords.find((r) => r.SamplingRule.RuleName === 'Cruddur');
    assert.equal(cruddur.SamplingRule.FixedRate, 0.25);
    const tags = await xray.send(new ListTagsForResourceCommand({ ResourceARN: cruddur.SamplingRule.RuleARN }));
    assert.deepEqual(tags.Tags, [{ Key: 'tier', Value: 'web' }]);
  });
});
