#!/usr/bin/env node
// `npm test`: runs every suite under tap and ends with the plain `N passed, N failed` line CI reads.
// Extra arguments go to tap (e.g. `npm test -- test/unit`).
// Before that line it repeats every failing test by its full name (file › subtest › assertion) with the first
// lines of its diagnostics, so a log cut to its tail still says what failed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FailureCollector } from './failure-collector.mjs';

const tapBin = fileURLToPath(new URL('../node_modules/.bin/tap', import.meta.url));
const child = spawn(tapBin, ['--reporter=tap', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });

let summary = null;
let tail = '';
let partialLine = '';
const failures = new FailureCollector();
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const text = chunk.toString('utf8');
  tail = (tail + text).slice(-4096);
  for (const m of tail.matchAll(/^# (\{ total: .*\})$/gm)) summary = m[1];
  const lines = (partialLine + text).split('\n');
  partialLine = lines.pop() ?? '';
  for (const line of lines) failures.line(line);
});

child.on('close', (code, signal) => {
  if (partialLine) failures.line(partialLine);
  const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(summary ?? '')?.[1] ?? 0);
  const failed = count('fail') + (summary === null || (code !== 0 && count('fail') === 0) ? 1 : 0);
  const skipped = count('skip');
  for (const line of failures.report()) console.log(line);
  if (summary === null) console.log(`# tap ended without a summary (exit ${code ?? signal})`);
  else if (code !== 0 && count('fail') === 0)
    console.log(`# tap exited ${code} without a failing assertion (coverage or a crashed file?)`);
  console.log(`${count('pass')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
