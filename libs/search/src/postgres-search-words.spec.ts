import { searchWords, typoTolerantTsquery } from './postgres-search-index';

describe('searchWords', () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ['   ', []],
    ['Counselling  URDU', ['counselling', 'urdu']],
    ["it's a drum-kit & more!", ['its', 'a', 'drumkit', 'more']],
    ["'); DROP TABLE offering; --", ['drop', 'table', 'offering']],
    ['café für', ['café', 'für']],
    ['one two three four five six seven eight nine ten', ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight']],
  ])('%p -> %j', (text, words) => expect(searchWords(text)).toEqual(words));
});

describe('typoTolerantTsquery', () => {
  it('requires every word, each by prefix or a near spelling', () => {
    expect(
      typoTolerantTsquery(
        ['councelling', 'urdu'],
        [
          { word: 'councelling', alternatives: ['counselling', 'councelling'] },
          { word: 'urdu', alternatives: [] },
        ],
      ),
    ).toBe("('councelling':* | 'counselling') & ('urdu':*)");
  });

  it('drops characters that could break out of a quoted lexeme', () => {
    expect(typoTolerantTsquery(['x'], [{ word: "o'brien\\", alternatives: ["ob'rien"] }])).toBe("('obrien':* | 'obrien')");
  });
});

describe('boundingBox', () => {
  it('encloses every point of the circle, with little to spare', () => {
    const { haversineMetres } = jest.requireActual<typeof import('./meilisearch-search-index')>('./meilisearch-search-index');
    const { boundingBox } = jest.requireActual<typeof import('./postgres-search-index')>('./postgres-search-index');
    for (const [lat, lon, km] of [
      [51.544, -0.062, 5],
      [57.1, -2.1, 50],
      [-33.9, 18.4, 0.1],
    ]) {
      const box = boundingBox(lat, lon, km);
      // The four points exactly `km` due north, south, east and west lie inside.
      expect(haversineMetres(lat, lon, box.north, lon)).toBeGreaterThanOrEqual(km * 1000);
      expect(haversineMetres(lat, lon, lat, box.east)).toBeGreaterThanOrEqual(km * 1000);
      expect(haversineMetres(lat, lon, box.north, lon)).toBeLessThan(km * 1000 * 1.05);
    }
  });
});
