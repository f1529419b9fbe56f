import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory.module';
import { DirectoryResolver, OfferingFieldsResolver, ProviderFieldsResolver, ServiceFieldsResolver } from './directory.resolver';

@Module({
  imports: [DirectoryModule],
  providers: [DirectoryResolver, ProviderFieldsResolver, ServiceFieldsResolver, OfferingFieldsResolver],
})
export class DirectoryGraphqlModule {}
