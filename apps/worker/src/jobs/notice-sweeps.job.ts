import { Injectable } from '@nestjs/common';
import { AreaDigest } from '@kinwell/insights';
import { JobEngine } from '@kinwell/jobs';
import { PlanNotices } from '@kinwell/plans';
import { ScheduledJob, sweep } from './scheduled-job';

export const SIGN_OFF_DEADLINES = sweep('sign-off-deadlines', '12 * * * *');
export const DAILY_NOTICES = sweep('daily-notices', '0 8 * * *');
export const WEEKLY_DIGEST = sweep('weekly-digest', '0 8 * * 1');

/** Hourly: a round of sign-off past its due date reminds its approvers, then is escalated as the area's policy says. */
@Injectable()
export class SignOffDeadlinesJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly notices: PlanNotices,
  ) {
    super(engine, SIGN_OFF_DEADLINES);
  }

  protected async work(): Promise<string | null> {
    const { reminded, escalated } = await this.notices.sweepOverdue();
    return reminded || escalated ? `Sign-off overdue: ${reminded} reminded, ${escalated} escalated` : null;
  }
}

/** Each morning: reviews coming up tell their holders; approved items left unpaid tell their brokers. */
@Injectable()
export class DailyNoticesJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly notices: PlanNotices,
  ) {
    super(engine, DAILY_NOTICES);
  }

  protected async work(): Promise<string | null> {
    const { reviews, unpaid } = await this.notices.sweepDaily();
    return reviews || unpaid ? `Told ${reviews} holder(s) of reviews due and ${unpaid} broker(s) of unpaid items` : null;
  }
}

/** Monday mornings: each area's commissioners get the week in figures. */
@Injectable()
export class WeeklyDigestJob extends ScheduledJob {
  constructor(
    engine: JobEngine,
    private readonly digest: AreaDigest,
  ) {
    super(engine, WEEKLY_DIGEST);
  }

  protected async work(): Promise<string> {
    return `Weekly digest sent to ${await this.digest.send()} commissioner(s)`;
  }
}
