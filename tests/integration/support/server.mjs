// Starts and stops a real `waggle serve` for the integration tests.
//
// Every server gets its own temporary data directory and port 0 on every
// listener, so test files can run in parallel. The binary comes from
// $WAGGLE_BIN (set by CTest), else the default build directory.

import { spawn, spawnSync } from 'node:child_process';
import { after, afterEach, before } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;

// Returns the path of the waggle binary under test; throws if none exists.
export function waggleBin() {
  const candidates = [
    process.env.WAGGLE_BIN,
    resolve(HERE, '../../../build/waggle'),
    resolve(HERE, '../../../build/src/waggle'),
  ].filter(Boolean);
  for (const c of candidates) {
    if (existsSync(c)) return c;
  }
  throw new Error(`waggle binary not found (set WAGGLE_BIN); tried ${candidates.join(', ')}`);
}

// Creates a fresh empty temporary directory for one server's data.
export function makeDataDir(prefix = 'waggle-it-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Removes a data directory created by makeDataDir.
export function removeDataDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Runs `waggle ARGS...` to completion; returns {code, stdout, stderr}.
export function runWaggle(args, { env = {}, timeoutMs = 30_000 } = {}) {
  const r = spawnSync(waggleBin(), args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// Runs `command args...` without blocking the event loop (so a server
// started by this process keeps draining its output): resolves {code,
// signal, stdout, stderr}; SIGKILLs the command after `timeoutMs`. `env`
// replaces the environment when `replaceEnv`, else extends it.
export function runCommandAsync(command, args, { env = {}, replaceEnv = false, timeoutMs = 30_000 } = {}) {
  return new Promise((res, reject) => {
    const p = spawn(command, args, {
      env: replaceEnv ? env : { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    // 'close', not 'exit': the output pipes are drained by then.
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout, stderr });
    });
  });
}

// runCommandAsync for the waggle binary under test.
export function runWaggleAsync(args, options = {}) {
  return runCommandAsync(waggleBin(), args, options);
}

// Creates an API key with `waggle keys create --scope SCOPE --data DIR` and
// returns the secret (the last non-empty line of stdout).
export function createKey(dataDir, scope) {
  const r = runWaggle(['keys', 'create', '--scope', scope, '--data', dataDir]);
  if (r.code !== 0) {
    throw new Error(`waggle keys create failed (${r.code}): ${r.stderr}${r.stdout}`);
  }
  const lines = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error('waggle keys create printed nothing');
  return lines[lines.length - 1];
}

async function readPorts(file) {
  try {
    const ports = JSON.parse(readFileSync(file, 'utf8'));
    for (const k of ['http', 'otlp_http', 'otlp_grpc']) {
      if (!Number.isInteger(ports[k]) || ports[k] <= 0) return null;
    }
    // The X-Ray daemon port is null until that listener is served.
    if (ports.xray !== null && (!Number.isInteger(ports.xray) || ports.xray <= 0)) return null;
    return ports;
  } catch {
    return null;  // Not written yet, or written partially.
  }
}

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

// Spawns `waggle serve` on a data dir (a new temporary one unless given) and
// waits until ports.json is written and /healthz answers 200. Returns
// {ports, dataDir, proc, baseUrl, otlpHttpUrl, grpcUrl, stderr(), stop(signal),
// kill9(), cleanup()}. stop() asserts a clean exit (code 0) within 15 s.
export async function startServer({ extraArgs = [], env = {}, dataDir } = {}) {
  const dir = dataDir ?? makeDataDir();
  const portsFile = join(dir, 'ports.json');
  rmSync(portsFile, { force: true });  // A stale file from a killed run.
  const args = ['serve', '--data', dir, '--http-port', '0', '--otlp-http-port', '0',
    '--otlp-grpc-port', '0', '--xray-port', '0', ...extraArgs];
  const proc = spawn(waggleBin(), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exited = null;
  const exitPromise = new Promise((res) => {
    proc.on('exit', (code, signal) => { exited = { code, signal }; res(exited); });
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  let ports = null;
  while (Date.now() < deadline && exited === null) {
    if (ports === null) ports = await readPorts(portsFile);
    if (ports !== null && (await healthy(ports.http))) break;
    await sleep(50);
  }
  const ready = ports !== null && exited === null && (await healthy(ports.http));
  if (!ready) {
    proc.kill('SIGKILL');
    await exitPromise;
    throw new Error(`waggle serve did not become ready within ${START_TIMEOUT_MS} ms ` +
      `(exit=${JSON.stringify(exited)}, ports=${JSON.stringify(ports)}); output:\n${output}`);
  }

  const server = {
    ports,
    dataDir: dir,
    proc,
    baseUrl: `http://127.0.0.1:${ports.http}`,
    otlpHttpUrl: `http://127.0.0.1:${ports.otlp_http}`,
    grpcUrl: `http://127.0.0.1:${ports.otlp_grpc}`,
    // Everything the server printed so far (stdout and stderr).
    output: () => output,
    exited: () => exited,
    // Sends SIGTERM (or `signal`) and throws unless the process exits with
    // code 0 within 15 s.
    async stop(signal = 'SIGTERM') {
      if (exited === null) proc.kill(signal);
      let timer;
      const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), STOP_TIMEOUT_MS); });
      const r = await Promise.race([exitPromise, timeout]);
      clearTimeout(timer);
      if (r === 'timeout') {
        proc.kill('SIGKILL');
        await exitPromise;
        throw new Error(`waggle did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}; ` +
          `output:\n${output}`);
      }
      if (r.code !== 0) {
        throw new Error(`waggle exited uncleanly after ${signal}: ${JSON.stringify(r)}; ` +
          `output:\n${output}`);
      }
    },
    // Kills the process with SIGKILL and waits for it to go away.
    async kill9() {
      if (exited === null) proc.kill('SIGKILL');
      await exitPromise;
    },
    // Kills the server if it still runs (without asserting anything) and
    // removes the data directory unless the caller passed its own.
    async cleanup() {
      if (exited === null) {
        proc.kill('SIGKILL');
        await exitPromise;
      }
      if (dataDir === undefined) removeDataDir(dir);
    },
  };
  return server;
}

// Prints the server's output when the current test failed, so a failure in
// CI shows what the server said. Call from afterEach(t => ...).
export function dumpOutputIfFailed(t, server) {
  if (server && t && t.passed === false) {
    process.stderr.write(`---- waggle output for failed test "${t.name}" ----\n` +
      `${server.output()}\n---- end of waggle output ----\n`);
  }
}

// GETs `path` on the server's read API; returns {status, body (parsed JSON or
// raw text), headers}.
export async function getJson(server, path, headers = {}) {
  const res = await fetch(server.baseUrl + path, { headers });
  const text = await res.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* keep the raw text */ }
  return { status: res.status, body, headers: res.headers };
}

// Polls `fn` (async, returns truthy when done) every 50 ms for up to
// `timeoutMs`; returns its last value.
export async function eventually(fn, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let v = await fn();
  while (!v && Date.now() < deadline) {
    await sleep(50);
    v = await fn();
  }
  return v;
}

// Sums every sample of the Prometheus metric `name` in the /metrics text.
export function sumMetric(text, name) {
  let sum = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/);
    if (m && m[1] === name) {
      sum += Number(m[3]);
      seen = true;
    }
  }
  return seen ? sum : null;
}

// Registers node:test hooks that give the enclosing describe() one server:
// before() starts it (startServer options; `setup(dataDir)`, if given, runs
// first on a fresh data dir, e.g. to create keys with createKey), afterEach()
// prints its output when a test failed, and after() stops it, asserting a
// clean exit, then removes its data. Returns a holder whose `server` (and
// `dataDir`) are set once before() has run:
//   const suite = serverForSuite();
//   test('...', async () => { const { server } = suite; ... });
export function serverForSuite({ setup, ...options } = {}) {
  const suite = { server: null, dataDir: options.dataDir ?? null };
  before(async () => {
    if (setup) {
      suite.dataDir = makeDataDir();
      await setup(suite.dataDir);
    }
    suite.server = await startServer({ ...options, dataDir: suite.dataDir ?? undefined });
    suite.dataDir = suite.server.dataDir;
  });
  afterEach((t) => dumpOutputIfFailed(t, suite.server));
  after(async () => {
    try {
      if (suite.server) await suite.server.stop();
    } finally {
      if (suite.server) await suite.server.cleanup();
      if (setup && suite.dataDir) removeDataDir(suite.dataDir);
    }
  });
  return suite;
}

export { sleep };
