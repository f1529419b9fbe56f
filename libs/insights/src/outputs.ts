import { toCsv } from '@kinwell/kernel';
import { MarketGaps } from './insights.service';

/** Ranked gaps as CSV, counts as shown to commissioners (suppressed where small). */
export function gapsCsv(g: MarketGaps): string {
  const rows = [[g.dimension, 'score', 'offerings', 'searches', 'searches finding nothing', 'plan items asked', 'plan items declined']];
  for (const r of g.gaps)
    rows.push([
      r.label,
      String(r.score),
      r.supply.display,
      r.searches.display,
      r.zeroResultSearches.display,
      r.planItems.display,
      r.declined.display,
    ]);
  return toCsv(rows);
}

/** Markup whose every interpolated value is escaped, unless it is markup itself. */
class Markup {
  constructor(readonly text: string) {}
}

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const part = (value: unknown): string =>
  value instanceof Markup ? value.text : Array.isArray(value) ? value.map(part).join('') : esc(String(value));

/**
 * SVG built with this tag cannot carry unescaped text: a count shown as "<8", a label with "&", all escaped,
 * so every chart parses as XML.
 */
function xml(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  return new Markup(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
}

/** A server-rendered bar chart of the gap scores, readable without JavaScript. */
export function gapsSvg(g: MarketGaps): string {
  const rows = g.gaps.slice(0, 15);
  const width = 720;
  const labelWidth = 260;
  const barHeight = 22;
  const max = Math.max(1, ...rows.map((r) => r.score));
  const height = 40 + rows.length * (barHeight + 8);
  const bars = rows.map((r, i) => {
    const y = 30 + i * (barHeight + 8);
    const w = Math.max(2, Math.round(((width - labelWidth - 60) * r.score) / max));
    return xml`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${r.label}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="#1d6fb8"><title>${r.label}: score ${r.score}; offerings ${r.supply.display}; searches ${r.searches.display}; finding nothing ${r.zeroResultSearches.display}</title></rect><text x="${labelWidth + w + 6}" y="${y + 15}">${r.score}</text>`;
  });
  return xml`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-label="Market gaps by ${g.dimension}"><title>Market gaps by ${g.dimension}: demand per offering</title><text x="0" y="16" font-weight="bold">Market gaps by ${g.dimension} (higher = more demand per offering)</text>${bars}</svg>`
    .text;
}

/** Median days to a first decision by month of referral, as a line chart; withheld months are gaps. */
export function timelinessSvg(months: Array<{ month: string; medianDays: number | null }>): string {
  const width = 720;
  const height = 300;
  const left = 50;
  const bottom = 260;
  const shown = months.filter((m) => m.medianDays !== null) as Array<{ month: string; medianDays: number }>;
  const max = Math.max(10, ...shown.map((m) => m.medianDays));
  const x = (i: number) => left + (months.length <= 1 ? 0 : (i * (width - left - 20)) / (months.length - 1));
  const y = (days: number) => bottom - (days / max) * (bottom - 40);
  const points = months.map((m, i) => (m.medianDays === null ? null : `${x(i).toFixed(1)},${y(m.medianDays).toFixed(1)}`));
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p) {
      current.push(p);
    } else if (current.length) {
      segments.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) segments.push(current.join(' '));
  const lines = segments.map((s) => xml`<polyline points="${s}" fill="none" stroke="#1d6fb8" stroke-width="2"/>`);
  const dots = months.map((m, i) =>
    m.medianDays === null
      ? xml`<text x="${x(i)}" y="${bottom - 6}" text-anchor="middle" fill="#888">*</text>`
      : xml`<circle cx="${x(i)}" cy="${y(m.medianDays)}" r="3" fill="#1d6fb8"><title>${m.month}: median ${m.medianDays} days</title></circle>`,
  );
  const labels = months.map((m, i) => xml`<text x="${x(i)}" y="${bottom + 18}" text-anchor="middle" font-size="11">${m.month}</text>`);
  return xml`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-label="Median days from referral to first decision, by month"><title>Median days from referral to first decision, by month of referral (* too few cases to show)</title><text x="0" y="16" font-weight="bold">Median days from referral to first decision</text><line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#999"/><text x="${left - 6}" y="${y(max) + 4}" text-anchor="end" font-size="11">${Math.round(max)}</text><text x="${left - 6}" y="${bottom + 4}" text-anchor="end" font-size="11">0</text>${lines}${dots}${labels}</svg>`
    .text;
}

/** Offerings by category and language; empty cells (no supply at all) are the gaps to look at. */
export function gapMatrixSvg(
  matrix: { categories: string[]; languages: string[]; cells: Map<string, number> },
  label: (category: string) => string,
  languageLabel: (code: string) => string,
): string {
  const cell = 44;
  const left = 250;
  const top = 60;
  const width = left + matrix.languages.length * cell + 20;
  const height = top + matrix.categories.length * cell + 20;
  const max = Math.max(1, ...matrix.cells.values());
  const header = matrix.languages.map(
    (l, j) => xml`<text x="${left + j * cell + cell / 2}" y="${top - 10}" text-anchor="middle" font-size="11">${languageLabel(l)}</text>`,
  );
  const rows = matrix.categories.map((c, i) => {
    const y = top + i * cell;
    const cells = matrix.languages.map((l, j) => {
      const n = matrix.cells.get(`${c}|${l}`) ?? 0;
      const fill = n === 0 ? '#f4d6d2' : `rgba(29,111,184,${(0.15 + (0.85 * n) / max).toFixed(2)})`;
      return xml`<rect x="${left + j * cell}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="${fill}"><title>${label(c)}, ${languageLabel(l)}: ${n} offering(s)</title></rect><text x="${left + j * cell + cell / 2 - 1}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="11">${n}</text>`;
    });
    return xml`<text x="${left - 8}" y="${y + cell / 2 + 4}" text-anchor="end">${label(c)}</text>${cells}`;
  });
  return xml`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-label="Gap matrix: offerings by category and language"><title>Offerings by category and language (pink: none at all)</title><text x="0" y="16" font-weight="bold">Gap matrix: offerings by category and language</text>${header}${rows}</svg>`
    .text;
}

/**
 * Gaps by postcode district as a map of equal tiles, drawn on the server (the machines have no map tiles and
 * Kinwell holds no boundaries): one tile per district, ordered by its code, shaded by its gap score.
 */
export function districtMapSvg(g: MarketGaps, title: string): string {
  const tiles = [...g.gaps].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  const columns = Math.max(1, Math.min(6, tiles.length));
  const size = 96;
  const width = columns * (size + 8) + 8;
  const height = 40 + Math.ceil(tiles.length / columns) * (size + 8);
  const max = Math.max(1, ...tiles.map((t) => t.score));
  const cells = tiles.map((t, i) => {
    const x = 8 + (i % columns) * (size + 8);
    const y = 32 + Math.floor(i / columns) * (size + 8);
    const shade = (0.12 + (0.78 * t.score) / max).toFixed(2);
    const dark = t.score / max > 0.55;
    return xml`<g><rect x="${x}" y="${y}" width="${size}" height="${size}" rx="4" fill="rgba(0,48,135,${shade})" stroke="#425563"><title>${t.label}: score ${t.score}; offerings ${t.supply.display}; searches finding nothing ${t.zeroResultSearches.display}</title></rect><text x="${x + size / 2}" y="${y + 40}" text-anchor="middle" font-weight="bold" font-size="18" fill="${dark ? '#ffffff' : '#212b32'}">${t.label}</text><text x="${x + size / 2}" y="${y + 66}" text-anchor="middle" fill="${dark ? '#ffffff' : '#212b32'}">${t.score}</text></g>`;
  });
  return xml`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="arial, sans-serif" font-size="14" role="img" aria-label="${title}"><title>${title}</title><text x="8" y="20" font-weight="bold">${title}</text>${cells}</svg>`
    .text;
}

/** Any table of the workspace as CSV (UTF-8 with a byte-order mark, formulas defused): the same cells as the page. */
export function tableCsv(header: string[], rows: Array<Array<string | number>>): string {
  return toCsv([header, ...rows.map((r) => r.map(String))]);
}
