import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@kinwell/database';
import { ENTITIES } from './entities';

@Module({})
export class PersistenceModule {
  static forRoot(url: string, poolSize: number, applicationName: string): DynamicModule {
    return { module: PersistenceModule, imports: [DatabaseModule.forRoot({ url, entities: ENTITIES, poolSize, applicationName })] };
  }
}
