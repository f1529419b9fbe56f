import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public, RateLimit } from '@kinwell/identity';
import { HealthReport, HealthService } from './health.service';

@RateLimit('none')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when the database answers (worker problems show as "degraded"); 503 when it does not. */
  @Public()
  @Get()
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.check();
    res.status(report.status === 'down' ? 503 : 200).setHeader('Cache-Control', 'no-store');
    return report;
  }
}
