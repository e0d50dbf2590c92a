import t from 'tap';
import {
  booleanModeQuery,
  fts5Query,
  referenceWordStarts,
} from '../../../src/adapters/db/repositories/full-text-query.ts';
import { parseSearchText } from '../../../src/domain/search-terms.ts';

const both = (text: string) => [fts5Query(parseSearchText(text)), booleanModeQuery(parseSearchText(text))];

t.test('prefix words and phrases, combined with AND', async (t) => {
  t.same(both('calib clean'), ['"calib"* AND "clean"*', '+calib* +clean*']);
  t.same(both('"clean room" SOP'), ['"clean room" AND "SOP"*', '+"clean room" +SOP*']);
  t.same(both('Müller'), ['"Müller"*', '+Müller*']);
});

t.test('operators and quotes in the input are never syntax', async (t) => {
  t.same(both('AND OR NOT NEAR'), ['"AND"* AND "NOT"* AND "NEAR"*', '+AND* +NOT* +NEAR*'], 'OR is a short word');
  t.same(both('NEAR(abc def, 2)'), ['"NEAR"* AND "abc"* AND "def"*', '+NEAR* +abc* +def*']);
  t.same(both('+cafe -rules ~old <new >x @3 abc*'), [
    '"cafe"* AND "rules"* AND "old"* AND "new"* AND "abc"*',
    '+cafe* +rules* +old* +new* +abc*',
  ]);
  t.same(both('col:value ^start'), ['"col"* AND "value"* AND "start"*', '+col* +value* +start*']);
  t.same(both('"unclosed phrase'), ['"unclosed"* AND "phrase"*', '+unclosed* +phrase*']);
  t.same(both('"" " \\" \''), [null, null], 'no word: no full-text query (a substring instead)');
});

t.test('short and common words give no full-text term', async (t) => {
  t.same(both('of the 50'), [null, null]);
  t.same(both('the cleaning'), ['"cleaning"*', '+cleaning*']);
});

t.test('a word is letters and digits only, even if a term was built by hand', async (t) => {
  t.equal(fts5Query([{ kind: 'prefix', word: 'a"b*c)' }]), '"abc"*');
  t.equal(booleanModeQuery([{ kind: 'phrase', words: ['x"+y', 'z-w'] }]), '+"xy zw"');
});

t.test(
  'the reference filter: words after a space or hyphen, long enough, not the start of a common word',
  async (t) => {
    t.same(referenceWordStarts('SOP-123'), ['123'], 'the first word may end a longer one');
    t.same(referenceWordStarts('-SOP-123'), ['sop', '123']);
    t.same(referenceWordStarts('WI QA-0042 rev'), ['0042', 'rev'], 'QA is short');
    t.same(referenceWordStarts('SOP-abou-wit-about'), [], 'beginnings of common words');
    t.same(referenceWordStarts('SOP_123.456/789-Über'), [], 'only a space or hyphen before, ASCII words');
    t.same(referenceWordStarts('x-123 y-123'), ['123'], 'once');
  },
);
