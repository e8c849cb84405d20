// Processes the end-to-end tests need: a real Masthead server (gunicorn, temporary SQLite
// database, seeded) and a local page server that also acts as the browsers' HTTP proxy.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { TLSSocket } from 'node:tls';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function venvBin(name) {
  const p = join(REPO, '.venv', 'bin', name);
  return existsSync(p) ? p : name;
}

/** Starts a seeded Masthead server; resolves once /healthz answers. */
export async function startMasthead() {
  const dir = mkdtempSync(join(tmpdir(), 'masthead-e2e-'));
  const db = join(dir, 'e2e.db');
  const accessLog = join(dir, 'access.log');
  const port = await freePort();
  const env = { ...process.env, MASTHEAD_DATABASE_URL: `sqlite:///${db}`, MASTHEAD_SECRET_KEY: 'e2e-'.padEnd(48, 'k'), PYTHONUNBUFFERED: '1',
    // Its own rate-limit counters: the default file under instance/ outlives the run.
    MASTHEAD_RATELIMIT_STORAGE_URI: `masthead+sqlite:///${join(dir, 'ratelimits.sqlite3')}` };
  const flask = (...args) => {
    const r = spawnSync(venvBin('flask'), ['--app', 'server', ...args], { cwd: REPO, env, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`flask ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  flask('db-upgrade');
  flask('seed');
  const conf = existsSync(join(REPO, 'gunicorn.conf.py')) ? ['-c', 'gunicorn.conf.py'] : [];
  const proc = spawn(venvBin('gunicorn'), [...conf, '-b', `127.0.0.1:${port}`, '--workers', '1', '--access-logfile', accessLog, 'server:create_app()'], {
    cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false,
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`gunicorn exited: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`gunicorn did not start: ${output}`);
    await sleep(200);
  }
  return {
    url, port, db, dir, accessLog, flask, env,
    output: () => output,
    /** Request lines ("GET /path HTTP/1.1") gunicorn has logged so far. */
    requests() {
      if (!existsSync(accessLog)) return [];
      return readFileSync(accessLog, 'utf8').split('\n').filter(Boolean).map((l) => (/"([A-Z]+ [^"]*)"/.exec(l) || [, l])[1]);
    },
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        for (let i = 0; i < 50 && proc.exitCode === null; i += 1) await sleep(100);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
    /** Runs SQL against the test database (read-only checks). */
    sql(query) {
      const r = spawnSync(venvBin('python'), ['-c', 'import json,sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute(sys.argv[2]).fetchall()))', db, query], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      return JSON.parse(r.stdout);
    },
  };
}

/** A throw-away self-signed certificate for the given hosts (the browsers ignore its issuer). */
function makeCertificate(hosts) {
  const dir = mkdtempSync(join(tmpdir(), 'masthead-cert-'));
  const conf = join(dir, 'san.cnf');
  writeFileSync(conf, `[req]\ndistinguished_name=dn\n[dn]\n[san]\nsubjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}\n`);
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '2', '-subj', '/CN=masthead-e2e', '-config', conf, '-extensions', 'san'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  const pair = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

/**
 * Serves `sites` (host -> path -> html) as a plain web server and as the browsers' HTTP
 * proxy: absolute-form http:// requests are answered directly, and CONNECT to port 443 is
 * terminated here with a self-signed certificate so https:// pages (HSTS-preloaded hosts
 * such as rt.com) can be served too. Nothing is ever forwarded to the network.
 */
export async function startPageServer(sites) {
  const requests = [];
  const handler = (scheme) => (req, res) => {
    let host;
    let path;
    let search;
    try {
      const u = /^https?:\/\//.test(req.url) ? new URL(req.url) : new URL(req.url, `${scheme}://${req.headers.host}`);
      host = u.hostname;
      path = u.pathname;
      search = u.search;
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push({ scheme, host, path, method: req.method });
    // A page may be keyed by its path and query ("/watch?v=…") or by its path alone.
    const html = sites[host]?.[`${path}${search}`] ?? sites[host]?.[path];
    if (html === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not part of the test fixtures: ${host}${path}`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  };
  const server = createServer(handler('http'));
  const tlsServer = createServer(handler('https')); // fed decrypted CONNECT tunnels
  const hosts = Object.keys(sites);
  const { key, cert } = makeCertificate(hosts);
  const sockets = new Set();
  server.on('connect', (req, socket, head) => {
    const [host, port] = req.url.split(':');
    requests.push({ scheme: 'connect', host, path: '', method: 'CONNECT' });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (port !== '443' || !hosts.includes(host)) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, key, cert, ALPNProtocols: ['http/1.1'] });
    tls.on('error', () => socket.destroy());
    tlsServer.emit('connection', tls);
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    port, requests,
    async stop() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      tlsServer.closeAllConnections?.();
      await new Promise((r) => server.close(() => r()));
    },
  };
}
