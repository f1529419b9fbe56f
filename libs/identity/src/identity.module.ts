import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@kinwell/config';
import { AccessGuard } from './access.guard';
import { AuthService } from './auth.service';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';
import { PasswordHasher } from './password-hasher';
import { RateLimitGuard, RequestThrottle } from './rate-limit';

/** Sign-in, tokens and the access rules. Import IdentityGraphqlModule in the API for the resolvers. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.auth.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [IdentityRepository, IdentityService, AuthService, PasswordHasher, RequestThrottle],
  exports: [IdentityRepository, IdentityService, AuthService, PasswordHasher, RequestThrottle],
})
export class IdentityModule {}

@Module({
  imports: [IdentityModule],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class IdentityAccessModule {}
