import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@kinwell/config';
import { FixedClock } from '@kinwell/kernel';
import { AuthService } from './auth.service';
import { IdentityRepository } from './identity.repository';
import { PasswordHasher } from './password-hasher';
import { strictMock } from '@kinwell/testing';

describe('AuthService.signIn', () => {
  const config = loadConfig({ NODE_ENV: 'test', SIGN_IN_MAX_FAILURES: '3', SIGN_IN_WINDOW_SECONDS: '600' });
  const clock = new FixedClock(new Date('2026-11-22T09:00:00Z'));
  const jwt = new JwtService({ secret: config.auth.jwtSecret });
  let repository: jest.Mocked<IdentityRepository>;
  let hasher: jest.Mocked<PasswordHasher>;
  let sut: AuthService;

  beforeEach(() => {
    repository = strictMock<IdentityRepository>({
      recentFailures: jest.fn().mockResolvedValue({ count: 0, oldest: null }),
      findUserForSignIn: jest.fn().mockResolvedValue(null),
      recordAttempt: jest.fn().mockResolvedValue(undefined),
    });
    hasher = strictMock<PasswordHasher>({
      verify: jest.fn().mockResolvedValue(true),
      verifyAgainstNothing: jest.fn().mockResolvedValue(false),
    });
    sut = new AuthService(repository, hasher, jwt, config, clock);
  });

  it('spends a real hash check on unknown emails so timing does not reveal who has an account', async () => {
    expect(await sut.signIn('nobody@x.test', 'pw', '10.0.0.1')).toEqual({ kind: 'invalid_credentials' });
    expect(hasher.verifyAgainstNothing).toHaveBeenCalledTimes(1);
    expect(repository.recordAttempt).toHaveBeenCalledWith({
      emailKey: 'nobody@x.test',
      ipAddress: '10.0.0.1',
      succeeded: false,
      attemptedAt: clock.now(),
    });
  });

  it('issues a token that names the user and expires after the configured time', async () => {
    repository.findUserForSignIn.mockResolvedValue({ id: 'u1', email: 'a@x.test', displayName: 'A', passwordHash: 'h', disabledAt: null });
    const outcome = await sut.signIn(' A@X.test ', 'pw', '10.0.0.1');
    expect(outcome).toMatchObject({
      kind: 'signed_in',
      userId: 'u1',
      expiresAt: new Date(clock.now().getTime() + config.auth.tokenTtlSeconds * 1000),
    });
    expect(repository.findUserForSignIn).toHaveBeenCalledWith('a@x.test');
    if (outcome.kind !== 'signed_in') throw new Error('expected sign-in');
    expect(jwt.decode(outcome.accessToken)).toMatchObject({ sub: 'u1' });
  });

  it('stops checking passwords once an email has too many recent failures, and says when to retry', async () => {
    repository.recentFailures.mockImplementation(async (field) =>
      field === 'emailKey' ? { count: 3, oldest: new Date(clock.now().getTime() - 100_000) } : { count: 3, oldest: null },
    );
    expect(await sut.signIn('a@x.test', 'right', '10.0.0.1')).toEqual({ kind: 'rate_limited', retryAfterSeconds: 500 });
    expect(hasher.verify).not.toHaveBeenCalled();
    expect(repository.recordAttempt).not.toHaveBeenCalled();
  });

  it('gives an address more room than a single email before limiting it', async () => {
    repository.recentFailures.mockImplementation(async (field) =>
      field === 'ipAddress' ? { count: 11, oldest: clock.now() } : { count: 0, oldest: null },
    );
    expect((await sut.signIn('a@x.test', 'pw', '10.0.0.1')).kind).toBe('invalid_credentials');
    repository.recentFailures.mockImplementation(async (field) =>
      field === 'ipAddress' ? { count: 12, oldest: clock.now() } : { count: 0, oldest: null },
    );
    expect((await sut.signIn('a@x.test', 'pw', '10.0.0.1')).kind).toBe('rate_limited');
  });
});
