import { toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a byte-order mark and ends rows with CRLF', () => {
    const csv = toCsv([
      ['goal', 'spent (£)'],
      ['Gym', '120.00'],
    ]);
    expect(csv).toBe('\uFEFFgoal,spent (£)\r\nGym,120.00\r\n');
  });

  it('quotes commas, quotes and line breaks, and keeps any script', () => {
    expect(toCsv([['a, b', 'say "hi"', 'two\nlines', 'اردو']])).toBe('\uFEFF"a, b","say ""hi""","two\nlines",اردو\r\n');
  });

  it.each([['=HYPERLINK("x")'], ['+1'], ['-2+3'], ['@SUM(A1)'], ['\t=1'], ['\r=1']])(
    'defuses a cell that a spreadsheet would run: %j',
    (cell) => {
      const line = toCsv([[cell]]).slice(1);
      expect(line.replace(/^"/, '').startsWith(`'${cell[0]}`)).toBe(true);
    },
  );

  it('leaves numbers alone', () => {
    expect(toCsv([[-5, 10]])).toBe('\uFEFF-5,10\r\n');
  });
});
