import { XMLValidator } from 'fast-xml-parser';
import { gapMatrixSvg, gapsSvg, timelinessSvg } from './outputs';

const count = (display: string) => ({ value: null, display, suppressed: true }) as never;
const row = (label: string) => ({
  key: label,
  label,
  score: 12.5,
  supply: count('0'),
  searches: count('<8'),
  zeroResultSearches: count('<8'),
  planItems: count('*'),
  declined: count('0'),
});

// Every chart must parse as XML whatever its text says: suppressed counts are written "<8".
describe('SVG charts', () => {
  it('escape every text, so a suppressed "<8" or a label with "&" still parses', () => {
    const svg = gapsSvg({
      dimension: 'language',
      gaps: [row('Arts & crafts'), row('<script>alert(1)</script>')],
      unmetSearches: [],
    } as never);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('searches &#60;8');
    expect(svg).not.toContain('<script>');
  });

  it('the timeliness and matrix charts parse too', () => {
    expect(
      XMLValidator.validate(
        timelinessSvg([
          { month: '2026-11 <draft>', medianDays: 4.5 },
          { month: 'Dec & Jan', medianDays: null },
        ]),
      ),
    ).toBe(true);
    const matrix = { categories: ['arts'], languages: ['ur'], cells: new Map([['arts|ur', 3]]) };
    expect(
      XMLValidator.validate(
        gapMatrixSvg(
          matrix,
          () => 'Arts & <crafts>',
          () => 'Urdu "اردو"',
        ),
      ),
    ).toBe(true);
  });
});
