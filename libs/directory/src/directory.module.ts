import { Module } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { OrukRepository } from './oruk/oruk.repository';
import { OrukService } from './oruk/oruk.service';

@Module({
  providers: [DirectoryRepository, DirectoryService, OrukRepository, OrukService],
  exports: [DirectoryRepository, DirectoryService, OrukService],
})
export class DirectoryModule {}
