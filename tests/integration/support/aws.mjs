// AWS helpers for the integration tests: the error an AWS SDK call fails
// with, and the aws CLI run against a Waggle server with throwaway
// credentials and none of the machine's configuration.

import { spawnSync } from 'node:child_process';

// True when the aws CLI is installed and runs.
export const HAS_AWS_CLI = spawnSync('aws', ['--version']).status === 0;

// The `name` of the error `promise` rejects with, or 'no error'.
export async function errorName(promise) {
  try {
    await promise;
  } catch (e) {
    return e.name;
  }
  return 'no error';
}

// Runs `aws SERVICE ARGS...` against `server` (its edge URL); returns
// {status, stderr, json} with stdout parsed (an empty object when empty).
export function awsCli(server, service, args, { accessKeyId = 'test', secretAccessKey = 'test' } = {}) {
  const r = spawnSync('aws', [service, ...args, '--endpoint-url', server.baseUrl, '--output', 'json'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', PYTHONDONTWRITEBYTECODE: '1',
    },
  });
  const text = (r.stdout ?? '').trim();
  return { status: r.status, stderr: r.stderr ?? String(r.error), json: text ? JSON.parse(text) : {} };
}
