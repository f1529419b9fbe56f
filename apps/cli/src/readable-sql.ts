/**
 * A generated CREATE TABLE with one column or constraint a line, so a migration reads like the
 * entity it came from and a review sees each column. Other statements are left as they are.
 */
export function readableSql(sql: string, indent = '        '): string {
  const open = sql.indexOf('(');
  if (!/^CREATE TABLE /.test(sql) || open < 0 || !sql.endsWith(')')) return sql;
  const parts: string[] = [];
  let depth = 0;
  let quoted: string | null = null;
  let start = open + 1;
  for (let i = start; i < sql.length - 1; i++) {
    const c = sql[i];
    if (quoted) {
      if (c === quoted) quoted = null;
    } else if (c === '"' || c === "'") quoted = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(sql.slice(start, sql.length - 1).trim());
  return `${sql.slice(0, open).trimEnd()} (\n${parts.map((p) => `${indent}${p}`).join(',\n')}\n${indent.slice(2)})`;
}
