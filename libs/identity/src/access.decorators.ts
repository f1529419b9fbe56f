import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from './roles';
import type { Principal } from './principal';

export const ACCESS_KEY = 'kinwell:access';

export type AccessRule =
  | { kind: 'public' }
  | { kind: 'signed_in'; beforeSecondFactor?: boolean }
  | { kind: 'roles'; roles: Role[] }
  | { kind: 'organisation_member'; argument: string; roles: Role[] };

/** Anyone, signed in or not. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Any signed-in person; the service decides what they may see. */
export const SignedIn = () => SetMetadata(ACCESS_KEY, { kind: 'signed_in' } satisfies AccessRule);

/** Any signed-in person, staff included before they have set up two-step verification: only the set-up itself and signing out. */
export const SettingUpSecondFactor = () => SetMetadata(ACCESS_KEY, { kind: 'signed_in', beforeSecondFactor: true } satisfies AccessRule);

/** People holding at least one of these roles, in any organisation. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule);

/** Members of the organisation named by the given argument (in one of the roles, if given). */
export const OrganisationMember = (argument: string, ...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'organisation_member', argument, roles } satisfies AccessRule);

export interface RequestWithPrincipal {
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/** The bearer token of the Authorization header, if it has one. Cookies never authenticate the API. */
export function bearerToken(req: RequestWithPrincipal): string | undefined {
  const header = req.headers['authorization'];
  return typeof header === 'string' && /^Bearer\s+\S+$/i.test(header) ? header.replace(/^Bearer\s+/i, '') : undefined;
}

export function requestOf(context: ExecutionContext): RequestWithPrincipal {
  if (context.getType<string>() === 'graphql') {
    // A resolver's arguments are (parent, args, context, info): the GraphQL context holds the request.
    return context.getArgByIndex<{ req: RequestWithPrincipal }>(2).req;
  }
  return context.switchToHttp().getRequest<RequestWithPrincipal>();
}

/** The signed-in person; only on handlers that require sign-in. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = requestOf(context).principal;
  if (!principal) throw new Error('@CurrentUser used on a handler that does not require sign-in');
  return principal;
});

/** The signed-in person on a public handler, or null when nobody is signed in. */
export const CurrentUserIfAny = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | null => requestOf(context).principal ?? null,
);

/** The caller's IP address, for rate limits. */
export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext): string => requestOf(context).ip ?? 'unknown');
