import { MarketGaps } from './insights.service';

const cell = (value: string) => (/[",\n]/.test(value) || /^[=+\-@]/.test(value) ? `"${value.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : value);

/** Ranked gaps as CSV, counts as shown to commissioners (suppressed where small). */
export function gapsCsv(g: MarketGaps): string {
  const rows = [[g.dimension, 'score', 'offerings', 'searches', 'searches finding nothing', 'plan items asked', 'plan items declined']];
  for (const r of g.gaps) rows.push([r.label, String(r.score), r.supply.display, r.searches.display, r.zeroResultSearches.display, r.planItems.display, r.declined.display]);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A server-rendered bar chart of the gap scores, readable without JavaScript. */
export function gapsSvg(g: MarketGaps): string {
  const rows = g.gaps.slice(0, 15);
  const width = 720;
  const labelWidth = 260;
  const barHeight = 22;
  const max = Math.max(1, ...rows.map((r) => r.score));
  const height = 40 + rows.length * (barHeight + 8);
  const bars = rows
    .map((r, i) => {
      const y = 30 + i * (barHeight + 8);
      const w = Math.max(2, Math.round(((width - labelWidth - 60) * r.score) / max));
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text><rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="#1d6fb8"><title>${esc(r.label)}: score ${r.score}; offerings ${r.supply.display}; searches ${r.searches.display}; finding nothing ${r.zeroResultSearches.display}</title></rect><text x="${labelWidth + w + 6}" y="${y + 15}">${r.score}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" role="img" aria-label="Market gaps by ${esc(g.dimension)}"><title>Market gaps by ${esc(g.dimension)}: demand per offering</title><text x="0" y="16" font-weight="bold">Market gaps by ${esc(g.dimension)} (higher = more demand per offering)</text>${bars}</svg>`;
}
