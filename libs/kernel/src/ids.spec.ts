import { isUuid, stableUuid } from './ids';

describe('stableUuid', () => {
  it('is a valid UUID, the same for the same parts and different for different parts', () => {
    const a = stableUuid('service', 'abc', 'ur');
    expect(isUuid(a)).toBe(true);
    expect(stableUuid('service', 'abc', 'ur')).toBe(a);
    expect(stableUuid('service', 'abc', 'en')).not.toBe(a);
    expect(stableUuid('serviceabc', 'ur')).not.toBe(a);
  });
});
