import { toCsv } from '@kinwell/kernel';
import { Statement } from './reconciliation.service';

/** The statement as CSV: one line per goal, then totals, then open exceptions. Formula-looking cells are defused. */
export function statementCsv(s: Statement): string {
  const rows: string[][] = [['section', 'goal or item', 'committed (£)', 'spent (£)', 'note']];
  for (const g of s.goals) rows.push(['goal', g.goal, g.committed.toDecimalPounds(), g.spent.toDecimalPounds(), '']);
  rows.push(['total', 'allocated', s.allocated.toDecimalPounds(), '', '']);
  rows.push(['total', 'committed', s.committed.toDecimalPounds(), '', 'set aside for approved items not yet paid']);
  rows.push(['total', 'spent', '', s.spent.toDecimalPounds(), '']);
  rows.push(['total', 'left to plan', s.available.toDecimalPounds(), '', '']);
  for (const e of s.openExceptions) rows.push(['to check', e.kind.replace(/_/g, ' '), '', '', e.detail]);
  return toCsv(rows);
}

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable page in plain English. */
export function statementHtml(s: Statement, holderName: string): string {
  const goals = s.goals
    .map((g) => `<tr><td>${html(g.goal)}</td><td>${g.committed.format()}</td><td>${g.spent.format()}</td></tr>`)
    .join('');
  const checks = s.openExceptions.length
    ? `<h2>To check</h2><ul>${s.openExceptions.map((e) => `<li>${html(e.detail)}</li>`).join('')}</ul>`
    : '<p>Nothing needs checking.</p>';
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Budget statement</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;line-height:1.5}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #ccc}@media print{a{display:none}}</style></head>
<body><h1>Budget statement for ${html(holderName)}</h1><p>Plan period ${s.periodStart} to ${s.periodEnd}.</p><p>${html(s.summary)}</p>
<table><tr><th>Goal</th><th>Set aside</th><th>Spent</th></tr>${goals}</table>${checks}</body></html>`;
}
