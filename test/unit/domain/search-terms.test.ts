import t from 'tap';
import { MAX_TERMS, parseSearchText } from '../../../src/domain/search-terms.ts';

const prefix = (word: string) => ({ kind: 'prefix', word });
const contains = (text: string) => ({ kind: 'contains', text });
const phrase = (...words: string[]) => ({ kind: 'phrase', words });

t.test('words of 3+ letters or digits are prefixes; the rest is separator', async (t) => {
  t.same(parseSearchText('Calib clean-room'), [prefix('Calib'), prefix('clean'), prefix('room')]);
  t.same(parseSearchText('SOP-CR-004'), [prefix('SOP'), contains('CR'), prefix('004')]);
  t.same(parseSearchText('Café  Müller'), [prefix('Café'), prefix('Müller')], 'Unicode letters are letters');
  t.same(parseSearchText('Cafe\u0301'), [prefix('Café')], 'decomposed accents are composed (NFC)');
});

t.test('short words and InnoDB stopwords are substrings', async (t) => {
  t.same(parseSearchText('a of 50'), [contains('a'), contains('of'), contains('50')]);
  t.same(parseSearchText('The about WITH'), [contains('The'), contains('about'), contains('WITH')]);
  t.same(parseSearchText('and near'), [prefix('and'), prefix('near')], 'not stopwords: indexed');
});

t.test('quotes make phrases; a phrase with a short or common word is a substring', async (t) => {
  t.same(parseSearchText('"clean room" gowning'), [phrase('clean', 'room'), prefix('gowning')]);
  t.same(parseSearchText('"cleaning"'), [phrase('cleaning')], 'one quoted word: that word, whole');
  t.same(parseSearchText('"50% rule"'), [contains('50% rule')]);
  t.same(parseSearchText('"out of  date"'), [contains('out of date')], 'whitespace collapsed');
  t.same(parseSearchText('"clean room'), [prefix('clean'), prefix('room')], 'an unclosed quote quotes nothing');
  t.same(parseSearchText('"a" "b" "clean'), [contains('a'), contains('b'), prefix('clean')]);
});

t.test('punctuation alone is matched as itself; blank is nothing; repeats and excess dropped', async (t) => {
  t.same(parseSearchText('_'), [contains('_')]);
  t.same(parseSearchText('"'), [contains('"')]);
  t.same(parseSearchText('""'), [contains('""')]);
  t.same(parseSearchText('   '), []);
  t.same(parseSearchText('gmp GMP gmp'), [prefix('gmp')], 'a repeat (in any case) once');
  const many = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  t.equal(parseSearchText(many).length, MAX_TERMS);
});
