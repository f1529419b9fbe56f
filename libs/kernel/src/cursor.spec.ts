import { decodeCursor, encodeCursor, pageSize } from './cursor';

const isIdCursor = (v: Record<string, unknown>): v is { id: string } => typeof v.id === 'string';

describe('cursor', () => {
  it('round-trips', () => {
    expect(decodeCursor(encodeCursor({ id: 'abc' }), isIdCursor)).toEqual({ id: 'abc' });
  });

  it.each(['', 'not-base64!', encodeCursor({ other: 1 }), Buffer.from('[1]').toString('base64url')])(
    'refuses %p with INVALID_CURSOR',
    (bad) => {
      expect(() => decodeCursor(bad, isIdCursor)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' }));
    },
  );

  it('bounds page sizes', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    for (const bad of [0, -1, 101, 2.5]) {
      expect(() => pageSize(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
