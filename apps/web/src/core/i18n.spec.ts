import { ACCESSIBILITY, CATEGORIES, COMMUNITIES, DeliveryMode, LANGUAGES, Term } from '@kinwell/directory';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalogues } from './i18n';
import { WEB_ROOT } from './web-root';

type Tree = { [key: string]: string | string[] | Tree };
const load = (code: string) => JSON.parse(readFileSync(join(WEB_ROOT, 'locales', `${code}.json`), 'utf8')) as Tree;
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}|%\{(\w+)\}/g)].map((m) => m[1] ?? m[2]).sort();

describe('message catalogues', () => {
  const codes = readdirSync(join(WEB_ROOT, 'locales')).map((f) => f.replace(/\.json$/, ''));
  const english = load('en');

  it.each(codes.filter((c) => c !== 'en'))('%s has every English string, with the same placeholders', (code) => {
    const other = load(code);
    expect(keys(other).sort()).toEqual(keys(english).sort());
    const value = (tree: Tree, key: string) => key.split('.').reduce<unknown>((t, k) => (t as Tree)[k], tree);
    for (const key of keys(english)) {
      const en = value(english, key);
      const theirs = value(other, key);
      if (typeof en === 'string') expect([key, placeholders(theirs as string)]).toEqual([key, placeholders(en)]);
      else expect([key, (theirs as string[]).length]).toEqual([key, (en as string[]).length]);
    }
  });

  it('names every directory term in every language', () => {
    const vocabularies: Record<string, string[]> = {
      categories: CATEGORIES.map((t: Term) => t.code),
      communities: COMMUNITIES.map((t: Term) => t.code),
      languages: LANGUAGES.map((t: Term) => t.code),
      access: ACCESSIBILITY.map((t: Term) => t.code),
      modes: Object.values(DeliveryMode),
    };
    for (const code of codes) {
      const vocab = load(code).vocab as Tree;
      for (const [kind, termCodes] of Object.entries(vocabularies))
        expect([code, kind, Object.keys(vocab[kind]).sort()]).toEqual([code, kind, [...termCodes].sort()]);
    }
    // English names are the vocabulary's own.
    for (const t of CATEGORIES) expect(((english.vocab as Tree).categories as Tree)[t.code]).toBe(t.name);
  });

  it('writes money and dates as people read them, in each language', () => {
    const sut = new Catalogues();
    expect(sut.languages.map((l) => [l.code, l.dir])).toEqual([
      ['en', 'ltr'],
      ['ur', 'rtl'],
    ]);
    expect(sut.formatMoney('en', 192_500)).toBe('£1,925');
    expect(sut.formatMoney('en', 7_550)).toBe('£75.50');
    expect(sut.formatMoney('ur', 7_550)).toBe('£75.50');
    expect(sut.formatDate('en', '2026-12-01')).toBe('1 December 2026');
    expect(sut.formatDate('ur', '2026-12-01')).toBe('1 دسمبر، 2026');
    expect(sut.translator('ur')('find.results', { count: 1 })).toBe('1 نتیجہ');
    expect(sut.translator('en')('find.results', { count: 2 })).toBe('2 results');
  });
});
