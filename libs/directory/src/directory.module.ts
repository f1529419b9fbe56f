import { Module } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';

@Module({ providers: [DirectoryRepository, DirectoryService], exports: [DirectoryRepository, DirectoryService] })
export class DirectoryModule {}
