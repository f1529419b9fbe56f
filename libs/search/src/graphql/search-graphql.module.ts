import { Module } from '@nestjs/common';
import { DirectoryModule } from '@kinwell/directory';
import { IdentityModule } from '@kinwell/identity';
import { SearchModule } from '../search.module';
import { SearchResolver } from './search.resolver';

@Module({ imports: [SearchModule, DirectoryModule, IdentityModule], providers: [SearchResolver] })
export class SearchGraphqlModule {}
