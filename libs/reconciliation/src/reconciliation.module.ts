import { Module } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { PlansModule } from '@kinwell/plans';
import { FileStorage, LocalDiskFileStorage } from './file-storage';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [PlansModule],
  providers: [{ provide: FileStorage, inject: [AppConfig], useFactory: (config: AppConfig) => new LocalDiskFileStorage(config.fileStorageDir) }, ReconciliationService],
  exports: [ReconciliationService, FileStorage],
})
export class ReconciliationModule {}
