import { stringify } from 'csv-stringify/sync';

/**
 * Rows as a CSV file a spreadsheet opens safely: a byte-order mark so Excel reads UTF-8 (names in
 * Urdu or Polish survive), quoting where needed, and cells starting =, +, -, @, tab or carriage
 * return prefixed with ' so they are never run as formulas.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return stringify(rows as Array<Array<string | number>>, {
    bom: true,
    escape_formulas: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
}
