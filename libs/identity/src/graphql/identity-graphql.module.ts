import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity.module';
import { IdentityResolver } from './identity.resolver';

@Module({ imports: [IdentityModule], providers: [IdentityResolver] })
export class IdentityGraphqlModule {}
