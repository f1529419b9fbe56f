import { Module } from '@nestjs/common';
import { DirectoryModule } from '@kinwell/directory';
import { SearchModule } from '../search.module';
import { SearchResolver } from './search.resolver';

@Module({ imports: [SearchModule, DirectoryModule], providers: [SearchResolver] })
export class SearchGraphqlModule {}
