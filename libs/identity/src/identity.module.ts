import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@kinwell/config';
import { AuthService } from './auth.service';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';
import { PasswordHasher } from './password-hasher';
import { RequestThrottle } from './rate-limit';

/** Sign-in, tokens and the request limits. The API registers AccessGuard and RateLimitGuard globally itself. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [IdentityRepository, IdentityService, AuthService, PasswordHasher, RequestThrottle],
  exports: [IdentityRepository, IdentityService, AuthService, PasswordHasher, RequestThrottle],
})
export class IdentityModule {}
