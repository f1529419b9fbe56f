import { Injectable } from '@nestjs/common';
import i18next, { i18n as I18n } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROOT } from './web-root';

export interface Language {
  /** The catalogue's file name: en, ur. */
  code: string;
  /** The language's name in itself: English, اردو. */
  name: string;
  dir: 'ltr' | 'rtl';
  /** For Intl: en-GB, ur-PK. */
  locale: string;
  /** False while a community has not yet checked the translation. */
  reviewed: boolean;
}

type Catalogue = { _meta: { name: string; dir: 'ltr' | 'rtl'; locale: string; reviewed: boolean } } & Record<string, unknown>;

export const DEFAULT_LANGUAGE = 'en';
const LOCALES = join(WEB_ROOT, 'locales');

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Every page string, from one JSON catalogue per language in apps/web/locales: adding a language is adding a file. */
@Injectable()
export class Catalogues {
  readonly languages: Language[];
  private readonly i18n: I18n;
  private readonly money = new Map<string, Intl.NumberFormat[]>();
  private readonly dates = new Map<string, Intl.DateTimeFormat>();
  private readonly translators = new Map<string, Translate>();

  constructor() {
    const files = readdirSync(LOCALES).filter((f) => f.endsWith('.json'));
    const catalogues = Object.fromEntries(
      files.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(LOCALES, f), 'utf8')) as Catalogue]),
    );
    this.languages = Object.entries(catalogues)
      .map(([code, c]) => ({ code, name: c._meta.name, dir: c._meta.dir, locale: c._meta.locale, reviewed: c._meta.reviewed }))
      .sort((a, b) => (a.code === DEFAULT_LANGUAGE ? -1 : b.code === DEFAULT_LANGUAGE ? 1 : a.code.localeCompare(b.code)));
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources: Object.fromEntries(Object.entries(catalogues).map(([code, c]) => [code, { translation: c }])),
      fallbackLng: DEFAULT_LANGUAGE,
      initAsync: false,
      // Nunjucks escapes every value it prints; escaping here too would show &amp; on the page.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  /** The language a person chose (their language cookie), if Kinwell has it, else the default. */
  chosen(code: string | undefined): string {
    return this.language(code)?.code ?? DEFAULT_LANGUAGE;
  }

  language(code: string | undefined | null): Language | undefined {
    return this.languages.find((l) => l.code === code);
  }

  translator(code: string): Translate {
    let translate = this.translators.get(code);
    if (!translate) {
      const t = this.i18n.getFixedT(code);
      // A page asks for the same plain strings (labels, vocabulary) again and again; those are looked up once.
      const plain = new Map<string, string>();
      translate = (key, params) => {
        if (params) return String(t(key, params));
        let text = plain.get(key);
        if (text === undefined) plain.set(key, (text = String(t(key, {}))));
        return text;
      };
      this.translators.set(code, translate);
    }
    return translate;
  }

  /** "£1,925" for whole pounds, "£19.50" otherwise, in the language's own way of writing numbers. */
  formatMoney(code: string, pence: number): string {
    const language = this.language(code) ?? this.language(DEFAULT_LANGUAGE)!;
    let formats = this.money.get(language.code);
    if (!formats) {
      const base = { style: 'currency', currency: 'GBP' } as const;
      formats = [
        new Intl.NumberFormat(language.locale, { ...base, minimumFractionDigits: 0, maximumFractionDigits: 0 }),
        new Intl.NumberFormat(language.locale, base),
      ];
      this.money.set(language.code, formats);
    }
    // Pence are whole numbers; dividing by 100 for display only is exact to the penny for any safe amount.
    return formats[pence % 100 === 0 ? 0 : 1].format(pence / 100);
  }

  /** "1 December 2026", in UK time. Takes a Date or a YYYY-MM-DD calendar date. */
  /** A moment, as "2 December 2026 at 14:15" in the language's words (London time). */
  formatMoment(code: string, value: Date | null | undefined): string {
    if (!value) return '';
    const language = this.language(code) ?? this.language(DEFAULT_LANGUAGE)!;
    return new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }).format(value);
  }

  formatDate(code: string, value: Date | string | null | undefined): string {
    if (!value) return '';
    const language = this.language(code) ?? this.language(DEFAULT_LANGUAGE)!;
    let format = this.dates.get(language.code);
    if (!format) {
      format = new Intl.DateTimeFormat(language.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
      this.dates.set(language.code, format);
    }
    const date = typeof value === 'string' ? new Date(`${value}T12:00:00Z`) : value;
    return format.format(date);
  }
}
