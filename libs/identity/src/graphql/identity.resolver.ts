import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClientIp, CurrentUser, Public, SignedIn } from '../access.decorators';
import { AuthService } from '../auth.service';
import { INVALID_CREDENTIALS_MESSAGE } from '../identity.errors';
import { IdentityService } from '../identity.service';
import { Principal } from '../principal';
import { InvalidCredentialsError, SignInResult, SignInSuccess, TooManySignInAttemptsError, UserModel } from './identity.models';

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly identity: IdentityService,
  ) {}

  @Public()
  @Mutation(() => SignInResult, { description: 'Exchange an email and password for a bearer token' })
  async signIn(
    @Args('email', { type: () => String }) email: string,
    @Args('password', { type: () => String }) password: string,
    @ClientIp() ip: string,
  ): Promise<typeof SignInResult> {
    const outcome = await this.auth.signIn(email, password, ip);
    switch (outcome.kind) {
      case 'signed_in':
        return Object.assign(new SignInSuccess(), {
          accessToken: outcome.accessToken,
          expiresAt: outcome.expiresAt,
          user: await this.identity.userProfile(outcome.userId),
        });
      case 'invalid_credentials':
        return Object.assign(new InvalidCredentialsError(), { message: INVALID_CREDENTIALS_MESSAGE });
      case 'rate_limited':
        return Object.assign(new TooManySignInAttemptsError(), {
          message: `Too many unsuccessful attempts. Wait ${Math.ceil(outcome.retryAfterSeconds / 60)} minute(s) and try again.`,
          retryAfterSeconds: outcome.retryAfterSeconds,
        });
    }
  }

  @SignedIn()
  @Query(() => UserModel, { description: 'The signed-in person and their organisations and roles' })
  me(@CurrentUser() principal: Principal): Promise<UserModel> {
    return this.identity.userProfile(principal.userId);
  }
}
