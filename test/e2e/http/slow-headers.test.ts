import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../../helpers/test-app.ts';

const SLOTS = 3;

/** A connection that sends a request's header one line at a time, slowly, and never finishes it. */
function slowHeaders(port: number): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  socket.once('connect', async () => {
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
    // Bounded: 100 lines, a tenth of a second apart (the server is expected to close it long before).
    for (let i = 0; i < 100 && !socket.destroyed; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!socket.destroyed) socket.write(`X-Slow-${i}: a\r\n`);
    }
    socket.destroy();
  });
  return { socket, closed };
}

t.test('HEADERS_TIMEOUT_MS: connections that never finish their headers are closed and free their slot', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-slow-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = await buildTestApp(
    t,
    { dialect: 'sqlite', path: join(dir, 'test.db') },
    { HEADERS_TIMEOUT_MS: '300', CONNECTION_LIMIT: String(SLOTS) },
  );
  const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);

  const slow = Array.from({ length: SLOTS }, () => slowHeaders(port));
  const answers = await Promise.all(slow.map((s) => s.closed));
  for (const [i, answer] of answers.entries()) {
    t.match(answer, /^HTTP\/1\.1 408 /, `slow connection ${i + 1} was answered 408 and closed by the server`);
  }
  const health = await fetch(`${address}/health`);
  t.equal(health.status, 200, 'a normal request gets a slot afterwards');
});
