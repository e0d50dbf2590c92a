import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { Test } from 'tap';

/** axe-core's browser bundle, injected into a page for the accessibility check. */
export const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page (WCAG 2.1 A and AA rules), one line each: rule, impact, first targets. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): '
      + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`)) as string[];
}

/** How far a page reaches past the viewport's right edge (0 when nothing scrolls sideways). */
export async function overflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

/** Asserts that the page fits its width (nothing scrolls sideways) and has no axe-core violation. */
export async function checkSound(t: Test, page: Page, what: string): Promise<void> {
  t.equal(await overflow(page), 0, `${what}: nothing scrolls sideways`);
  t.same(await axeViolations(page), [], `${what}: no axe-core violation`);
}
