import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from './access.decorators';
import { AccessGuard } from './access.guard';
import { AuthService } from './auth.service';
import { Principal } from './principal';
import { OrganisationKind, Role } from './roles';

const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';
const memberships = [{ organisationId: ORG_A, organisationKind: OrganisationKind.Broker, role: Role.BrokerStaff, livedExperience: false }];
// Signed in with a second factor, as broker staff must be.
const broker = new Principal('u1', 'jo@broker.test', 'Jo', memberships, true);
const brokerWithoutSecondFactor = new Principal('u1', 'jo@broker.test', 'Jo', memberships, false);

function context(rule: AccessRule | undefined, { token, params = {} }: { token?: string; params?: Record<string, string> } = {}) {
  const handler = () => undefined;
  if (rule) Reflect.defineMetadata(ACCESS_KEY, rule, handler);
  const request = { headers: token ? { authorization: `Bearer ${token}` } : {}, params } as Record<string, unknown>;
  const ctx = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class Undecorated {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { ctx, request };
}

describe('AccessGuard', () => {
  let auth: { authenticate: jest.Mock };
  let sut: AccessGuard;

  beforeEach(() => {
    auth = { authenticate: jest.fn(async (token: string) => (token === 'good' ? broker : Promise.reject(new Error('bad')))) };
    sut = new AccessGuard(new Reflector(), auth as unknown as AuthService);
  });

  it('lets staff without a second factor reach only the set-up: everything else is refused until they have one', async () => {
    auth.authenticate.mockResolvedValue(brokerWithoutSecondFactor);
    for (const rule of [{ kind: 'signed_in' }, { kind: 'roles', roles: [Role.BrokerStaff] }] as AccessRule[]) {
      await expect(sut.canActivate(context(rule, { token: 'good' }).ctx)).rejects.toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
    }
    expect(await sut.canActivate(context({ kind: 'signed_in', beforeSecondFactor: true }, { token: 'good' }).ctx)).toBe(true);
    expect(await sut.canActivate(context({ kind: 'public' }, { token: 'good' }).ctx)).toBe(true);
  });

  it('refuses a handler that declares no access rule, even for a signed-in caller', async () => {
    await expect(sut.canActivate(context(undefined, { token: 'good' }).ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(auth.authenticate).not.toHaveBeenCalled();
  });

  it('lets anyone through a public handler, and ignores a bad token there', async () => {
    expect(await sut.canActivate(context({ kind: 'public' }).ctx)).toBe(true);
    expect(await sut.canActivate(context({ kind: 'public' }, { token: 'expired' }).ctx)).toBe(true);
  });

  it('requires a token for signed-in handlers and attaches the principal', async () => {
    await expect(sut.canActivate(context({ kind: 'signed_in' }).ctx)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const { ctx, request } = context({ kind: 'signed_in' }, { token: 'good' });
    expect(await sut.canActivate(ctx)).toBe(true);
    expect(request.principal).toBe(broker);
  });

  it.each<[string, AccessRule, Record<string, string>, boolean]>([
    ['has the role', { kind: 'roles', roles: [Role.BrokerStaff, Role.Commissioner] }, {}, true],
    ['lacks the role', { kind: 'roles', roles: [Role.Commissioner] }, {}, false],
    [
      'is a member of the organisation',
      { kind: 'organisation_member', argument: 'organisationId', roles: [] },
      { organisationId: ORG_A },
      true,
    ],
    [
      'is a member in the required role',
      { kind: 'organisation_member', argument: 'organisationId', roles: [Role.BrokerStaff] },
      { organisationId: ORG_A },
      true,
    ],
    [
      'is a member but not in the required role',
      { kind: 'organisation_member', argument: 'organisationId', roles: [Role.PanelMember] },
      { organisationId: ORG_A },
      false,
    ],
    [
      'is not a member of that organisation',
      { kind: 'organisation_member', argument: 'organisationId', roles: [] },
      { organisationId: ORG_B },
      false,
    ],
    ['names no organisation', { kind: 'organisation_member', argument: 'organisationId', roles: [] }, {}, false],
  ])('when the caller %s: allowed=%s', async (_label, rule, params, allowed) => {
    const result = sut.canActivate(context(rule, { token: 'good', params }).ctx);
    if (allowed) expect(await result).toBe(true);
    else await expect(result).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
