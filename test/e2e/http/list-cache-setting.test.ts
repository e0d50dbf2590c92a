import t from 'tap';
import { Client, formBody } from '../../helpers/http-app.ts';
import { forEachDialect } from '../../helpers/targets.ts';
import { buildTestApp } from '../../helpers/test-app.ts';

/** "N forms" of the list page's results bar, or null when it shows none. */
const total = (html: string) => /<p class="results-bar"><span>([\d,]+)\+? forms?</.exec(html)?.[1] ?? null;

// Two instances on one database: `reader` with LIST_CACHE_SECONDS as given, `writer` adds a form.
await forEachDialect(t, async (t, _handle, ctx) => {
  for (const [seconds, fresh] of [
    ['0', true],
    ['5', false],
  ] as const) {
    await t.test(
      `LIST_CACHE_SECONDS=${seconds}: another instance's new form is in the next list ${fresh ? 'at once' : 'only after the cache ends'}`,
      async (t) => {
        const word = `Lcs${seconds}word`;
        const reader = await buildTestApp(t, ctx.settings, { LIST_CACHE_SECONDS: seconds });
        const writer = await buildTestApp(t, ctx.settings);
        const alice = new Client(reader.app);
        await alice.signIn('alice');
        const anna = writer.employeeIds['Anna Schmidt']!;
        await writer.services.forms.create(formBody([anna], { title: 'Already there' }), 'bob');

        const search = `/?q=${word}`;
        t.notMatch((await alice.get(search)).body, `Induction ${word}`, 'the search finds nothing yet');
        const before = total((await alice.get('/')).body);
        t.not(before, null, 'the list shows its count');

        await writer.services.forms.create(formBody([anna], { title: `Induction ${word}` }), 'bob');
        const found = (await alice.get(search)).body;
        const after = total((await alice.get('/')).body);
        if (fresh) {
          t.match(found, `Induction ${word}`, 'the same search finds the new form at once');
          t.equal(Number(after?.replace(/,/g, '')), Number(before?.replace(/,/g, '')) + 1, 'the count includes it');
        } else {
          t.notMatch(found, `Induction ${word}`, "the cached search's matches are still the old ones");
          t.equal(
            Number(after?.replace(/,/g, '')),
            Number(before?.replace(/,/g, '')) + 1,
            'the unfiltered count is not cached (read from the per-month counts): it includes it',
          );
        }
      },
    );
  }
});
