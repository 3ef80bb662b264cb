// Raw HTTP requests for tests that send deliberately odd payloads. Unlike
// fetch, this resolves with the server's answer even when the server replies
// and closes before it has read the whole body (as it may for 413).

import http from 'node:http';

// Sends one request to 127.0.0.1:port and resolves {status, headers, body
// (Buffer)}. Rejects only if no response arrives at all.
export function rawRequest(port, { method = 'POST', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({
      host: '127.0.0.1',
      port,
      method,
      path,
      headers: {
        ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}),
        ...headers,
      },
      agent: false,
    }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks) }));
      res.on('error', (e) => reject(e));
    });
    req.on('error', (e) => {
      // EPIPE/ECONNRESET after the answer arrived are expected for early
      // replies; before it they are a real failure.
      if (!answered) reject(e);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    if (body !== undefined) {
      // Write in chunks so an early reply can interrupt a large upload.
      const buf = Buffer.from(body);
      const step = 64 * 1024;
      let off = 0;
      const pump = () => {
        while (off < buf.length) {
          const chunk = buf.subarray(off, off + step);
          off += step;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    } else {
      req.end();
    }
  });
}

// POSTs an OTLP body to `path` with the given content type and extra headers.
export function postOtlp(port, path, contentType, body, headers = {}) {
  return rawRequest(port, {
    method: 'POST',
    path,
    headers: { 'content-type': contentType, ...headers },
    body,
  });
}
