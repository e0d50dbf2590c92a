/**
 * How fast this host is right now, in two figures the pages benchmark prints before and after its
 * runs. These VMs vary between hours: the hash tells plain compute speed, and the loopback
 * round trip tells what a socket message to another process costs (a write, a wake-up, a reply),
 * which is most of a database-backed page's CPU here and varied by up to 2x while the loop held.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';

/**
 * SHA-256 over 256 MiB, in ms: native code, so unlike a JS loop it does not depend on which V8
 * tier happens to run it (the loop used until 2026-12-02 took 1,700 ms on two calls in a process
 * and 385 ms on a third).
 */
export function cpuHashMs(): number {
  const block = Buffer.alloc(1024 * 1024, 7);
  const started = performance.now();
  const hash = createHash('sha256');
  for (let i = 0; i < 256; i++) hash.update(block);
  hash.digest();
  return Math.round(performance.now() - started);
}

const ECHO_SERVER = `
const server = require('node:net').createServer((s) => s.on('data', (d) => s.write(d)));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** The mean of `count` one-byte TCP round trips to an echo server in another process, in µs. */
export async function loopbackRoundTripUs(count = 20_000): Promise<number> {
  const child = spawn(process.execPath, ['-e', ECHO_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`echo server exited (${code})`)));
    });
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const echoed = new Promise((resolve) => socket.once('data', resolve));
      socket.write('x');
      await echoed;
    }
    const us = ((performance.now() - started) * 1000) / count;
    socket.destroy();
    return Math.round(us);
  } finally {
    child.kill();
  }
}

/** Both figures as one line fragment. */
export async function hostCheck(): Promise<string> {
  return `SHA-256 of 256 MiB ${cpuHashMs()} ms, loopback round trip ${await loopbackRoundTripUs()} µs`;
}
