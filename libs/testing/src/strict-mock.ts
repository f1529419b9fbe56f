/**
 * A test double that has only the methods a test gives it: any other call fails the test at once,
 * instead of returning undefined and letting a missing stub pass for a working one.
 */
export function strictMock<T extends object>(impl: Partial<Record<keyof T, jest.Mock>>): jest.Mocked<T> {
  return new Proxy(impl, {
    get: (target, key: string) =>
      target[key as keyof T] ??
      (() => {
        throw new Error(`unexpected call: ${key}`);
      }),
  }) as unknown as jest.Mocked<T>;
}
