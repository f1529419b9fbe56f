import { Module } from '@nestjs/common';
import { NotificationsModule } from '@kinwell/notifications';
import { ProviderWorkspaceQueries } from './provider-workspace';
import { DirectoryLookup } from './directory-lookup';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { OrukRepository } from './oruk/oruk.repository';
import { OrukService } from './oruk/oruk.service';

@Module({
  imports: [NotificationsModule],
  providers: [DirectoryRepository, DirectoryLookup, DirectoryService, ProviderWorkspaceQueries, OrukRepository, OrukService],
  exports: [DirectoryRepository, DirectoryLookup, DirectoryService, ProviderWorkspaceQueries, OrukService],
})
export class DirectoryModule {}
