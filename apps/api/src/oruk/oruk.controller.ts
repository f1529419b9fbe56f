import { Controller, Get, Param, Query } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { OrukService } from '@kinwell/directory';
import { Public, RateLimit } from '@kinwell/identity';

/** The open Open Referral UK (HSDS 3.0) feed of approved listings: no key, CORS open, throttled. */
@Public()
@RateLimit('feed')
@Controller('oruk')
export class OrukController {
  constructor(
    private readonly oruk: OrukService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  info() {
    return this.oruk.info(this.config.http.publicUrl);
  }

  @Get('services')
  services(@Query() query: Record<string, unknown>) {
    return this.oruk.services(query);
  }

  @Get('services/:id')
  service(@Param('id') id: string) {
    return this.oruk.service(id);
  }

  @Get('taxonomies')
  taxonomies(@Query() query: Record<string, unknown>) {
    return this.oruk.taxonomies(query);
  }

  @Get('taxonomies/:id')
  taxonomy(@Param('id') id: string) {
    return this.oruk.taxonomy(id);
  }

  @Get('taxonomy_terms')
  taxonomyTerms(@Query() query: Record<string, unknown>) {
    return this.oruk.taxonomyTerms(query);
  }

  @Get('taxonomy_terms/:id')
  taxonomyTerm(@Param('id') id: string) {
    return this.oruk.taxonomyTerm(id);
  }

  @Get('organizations')
  organizations(@Query() query: Record<string, unknown>) {
    return this.oruk.organizations(query);
  }

  @Get('organizations/:id')
  organization(@Param('id') id: string) {
    return this.oruk.organization(id);
  }

  @Get('service_at_locations')
  serviceAtLocations(@Query() query: Record<string, unknown>) {
    return this.oruk.serviceAtLocations(query);
  }

  @Get('service_at_locations/:id')
  serviceAtLocation(@Param('id') id: string) {
    return this.oruk.serviceAtLocation(id);
  }
}
