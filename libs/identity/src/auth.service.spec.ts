import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@kinwell/config';
import { FixedClock } from '@kinwell/kernel';
import { strictMock } from '@kinwell/testing';
import { AccountsService } from './accounts/accounts.service';
import { AuthService } from './auth.service';
import { IdentityRepository } from './identity.repository';
import { PasswordHasher } from './password-hasher';
import { Role, OrganisationKind } from './roles';
import { SecondFactorService } from './second-factor/second-factor.service';

type Where = { emailKey?: string; ipAddress?: string };

describe('AuthService.signIn', () => {
  const config = loadConfig({ NODE_ENV: 'test', SIGN_IN_MAX_FAILURES: '3', SIGN_IN_WINDOW_SECONDS: '600' });
  const clock = new FixedClock(new Date('2026-11-22T09:00:00Z'));
  const jwt = new JwtService({ secret: config.auth.jwtSecret });
  const user = { id: 'u1', email: 'a@x.test', displayName: 'A', passwordHash: '$argon2id$h', disabledAt: null, totpEnabledAt: null };
  let repository: jest.Mocked<IdentityRepository>;
  let hasher: jest.Mocked<PasswordHasher>;
  let accounts: jest.Mocked<AccountsService>;
  let sut: AuthService;
  /** Failures the repository reports, by which of email and address the query names. */
  const failures = (counts: { pair?: number; ip?: number; account?: number }) =>
    repository.recentFailures.mockImplementation(async (where: Where) => {
      const count = where.emailKey && where.ipAddress ? counts.pair : where.ipAddress ? counts.ip : counts.account;
      return { count: count ?? 0, oldest: new Date(clock.now().getTime() - 100_000) };
    });

  beforeEach(() => {
    repository = strictMock<IdentityRepository>({
      recentFailures: jest.fn().mockResolvedValue({ count: 0, oldest: null }),
      succeededFrom: jest.fn().mockResolvedValue(false),
      findUserForSignIn: jest.fn().mockResolvedValue(null),
      recordAttempt: jest.fn().mockResolvedValue(undefined),
      membershipsOf: jest.fn().mockResolvedValue([]),
      updatePasswordHash: jest.fn().mockResolvedValue(undefined),
    });
    hasher = strictMock<PasswordHasher>({
      verify: jest.fn().mockResolvedValue(true),
      verifyAgainstNothing: jest.fn().mockResolvedValue(false),
      needsRehash: jest.fn().mockReturnValue(false),
      hash: jest.fn().mockResolvedValue('$argon2id$new'),
    });
    accounts = strictMock<AccountsService>({ requestSignInLink: jest.fn().mockResolvedValue(undefined) });
    sut = new AuthService(repository, hasher, jwt, config, clock, accounts, strictMock<SecondFactorService>({}));
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
    repository.findUserForSignIn.mockResolvedValue(user);
    const outcome = await sut.signIn(' A@X.test ', 'pw', '10.0.0.1');
    expect(outcome).toMatchObject({ kind: 'signed_in', userId: 'u1', secondFactorSetUpRequired: false });
    expect(repository.findUserForSignIn).toHaveBeenCalledWith('a@x.test');
    if (outcome.kind !== 'signed_in') throw new Error('expected sign-in');
    expect(outcome.expiresAt).toEqual(new Date(clock.now().getTime() + config.auth.tokenTtlSeconds * 1000));
    expect(jwt.decode(outcome.accessToken)).toMatchObject({ sub: 'u1', sf: false });
  });

  it('slows down one address for one account after its failures, and says when to retry', async () => {
    failures({ pair: 3 });
    expect(await sut.signIn('a@x.test', 'right', '10.0.0.1')).toEqual({ kind: 'rate_limited', retryAfterSeconds: 500 });
    expect(hasher.verify).not.toHaveBeenCalled();
    expect(repository.recordAttempt).not.toHaveBeenCalled();
  });

  it('gives an address more room than a single pair before slowing it', async () => {
    repository.findUserForSignIn.mockResolvedValue(user);
    failures({ ip: 11 });
    expect((await sut.signIn('a@x.test', 'pw', '10.0.0.1')).kind).toBe('signed_in');
    failures({ ip: 12 });
    expect((await sut.signIn('a@x.test', 'pw', '10.0.0.1')).kind).toBe('rate_limited');
  });

  it('never locks the account: under attack from elsewhere, a new address is sent a link and the usual address signs in', async () => {
    repository.findUserForSignIn.mockResolvedValue(user);
    failures({ account: 6 });
    expect(await sut.signIn('a@x.test', 'right', '10.9.9.9')).toEqual({ kind: 'link_sent' });
    expect(accounts.requestSignInLink).toHaveBeenCalledWith('a@x.test');
    expect(hasher.verify).not.toHaveBeenCalled();
    repository.succeededFrom.mockResolvedValue(true);
    expect((await sut.signIn('a@x.test', 'right', '10.0.0.1')).kind).toBe('signed_in');
  });

  it('remakes a hash made with other argon2 parameters, with the password just checked', async () => {
    repository.findUserForSignIn.mockResolvedValue(user);
    hasher.needsRehash.mockReturnValue(true);
    await sut.signIn('a@x.test', 'the password', '10.0.0.1');
    expect(hasher.hash).toHaveBeenCalledWith('the password');
    expect(repository.updatePasswordHash).toHaveBeenCalledWith('u1', '$argon2id$new');
  });

  it('asks for a code when two-step verification is on, and staff without it are told to set it up', async () => {
    repository.findUserForSignIn.mockResolvedValue({ ...user, totpEnabledAt: new Date() });
    const challenged = await sut.signIn('a@x.test', 'pw', '10.0.0.1');
    expect(challenged.kind).toBe('second_factor_required');
    if (challenged.kind !== 'second_factor_required') throw new Error('expected a challenge');
    expect(jwt.decode(challenged.challengeToken)).toMatchObject({ sub: 'u1', purpose: 'second_factor' });
    await expect(sut.authenticate(challenged.challengeToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    repository.findUserForSignIn.mockResolvedValue(user);
    repository.membershipsOf.mockResolvedValue([
      { organisationId: 'o', organisationKind: OrganisationKind.Broker, role: Role.BrokerStaff, livedExperience: false, admin: false },
    ]);
    expect(await sut.signIn('a@x.test', 'pw', '10.0.0.1')).toMatchObject({ kind: 'signed_in', secondFactorSetUpRequired: true });
  });
});
