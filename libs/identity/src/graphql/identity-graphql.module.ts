import { Module } from '@nestjs/common';
import { IdentityAccessModule, IdentityModule } from '../identity.module';
import { IdentityResolver } from './identity.resolver';

@Module({ imports: [IdentityModule, IdentityAccessModule], providers: [IdentityResolver] })
export class IdentityGraphqlModule {}
