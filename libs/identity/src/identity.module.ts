import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@kinwell/config';
import { MailModule } from '@kinwell/mail';
import { AccountTokens } from './accounts/account-tokens';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { AdministrationService } from './accounts/administration.service';
import { InvitationLinks } from './accounts/invitation-links';
import { SingleSignOn } from './accounts/single-sign-on';
import { AuthService } from './auth.service';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';
import { PasswordHasher } from './password-hasher';
import { RequestThrottle } from './rate-limit';
import { SecondFactorService } from './second-factor/second-factor.service';

const EXPORTED = [
  IdentityRepository,
  IdentityService,
  AuthService,
  PasswordHasher,
  RequestThrottle,
  AccountsService,
  AdministrationService,
  InvitationLinks,
  SecondFactorService,
  SingleSignOn,
];

/** Sign-in, accounts, tokens and the request limits. The API registers AccessGuard and RateLimitGuard globally itself. */
@Module({
  imports: [
    MailModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [...EXPORTED, AccountsRepository, AccountTokens],
  exports: [...EXPORTED, MailModule],
})
export class IdentityModule {}
