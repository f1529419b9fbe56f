import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@kinwell/kernel';
import { ACCESS_KEY, AccessRule, bearerToken, requestOf } from './access.decorators';
import { AuthService } from './auth.service';

/**
 * Global guard. Every resolver and controller must declare who may call it
 * (@Public, @SignedIn, @Roles, @OrganisationMember); anything undeclared is refused,
 * so a forgotten decorator fails closed rather than open.
 */
export const SECOND_FACTOR_REQUIRED = 'SECOND_FACTOR_REQUIRED';

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const request = requestOf(context);
    const token = bearerToken(request);

    if (!rule) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no access rule; refusing`);
      throw DomainError.forbidden();
    }
    if (rule.kind === 'public') {
      if (token && !request.principal) request.principal = await this.auth.authenticate(token).catch(() => undefined);
      return true;
    }
    // A web page's principal comes from its session (apps/web sets it before guards run, on page routes only);
    // everything else, /graphql included, is signed in by its bearer token alone.
    if (!token && !request.principal) throw DomainError.unauthenticated();
    request.principal ??= await this.auth.authenticate(token!);
    const principal = request.principal;
    // Staff who can see a person's data reach nothing else until their sign-in has passed a second factor.
    if (principal.needsSecondFactor && !(rule.kind === 'signed_in' && rule.beforeSecondFactor)) {
      throw new DomainError(
        SECOND_FACTOR_REQUIRED,
        'Set up two-step verification, or finish signing in with a code, before you can do this.',
      );
    }

    switch (rule.kind) {
      case 'signed_in':
        return true;
      case 'roles':
        if (principal.hasRole(...rule.roles)) return true;
        throw DomainError.forbidden();
      case 'organisation_member': {
        const organisationId = this.argument(context, rule.argument);
        if (typeof organisationId === 'string' && principal.isMemberOf(organisationId, ...rule.roles)) return true;
        throw DomainError.forbidden();
      }
    }
  }

  private argument(context: ExecutionContext, name: string): unknown {
    if (context.getType<string>() === 'graphql') {
      // A resolver's arguments are (parent, args, context, info); read directly, so this lib needs no GraphQL package.
      const args = context.getArgByIndex<Record<string, unknown>>(1) ?? {};
      // Allow both top-level arguments and fields of an `input` argument.
      return args[name] ?? (args.input as Record<string, unknown> | undefined)?.[name];
    }
    return context.switchToHttp().getRequest<{ params: Record<string, string> }>().params[name];
  }
}
