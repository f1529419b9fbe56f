import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kinwell/config';
import { TransactionHost } from '@kinwell/database';
import { Role } from '@kinwell/identity';
import { Clock } from '@kinwell/kernel';
import { Notifications } from '@kinwell/notifications';

/**
 * The commissioners' weekly digest: each area's last seven days in five counts, each small count shown as
 * "<8" as everywhere a commissioner reads figures. Counts of work, never of people, and nothing about anyone.
 */
@Injectable()
export class AreaDigest {
  constructor(
    private readonly tx: TransactionHost,
    private readonly notifications: Notifications,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async send(): Promise<number> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - 7 * 86_400_000);
    const week = now.toISOString().slice(0, 10);
    return this.tx.run(async (manager) => {
      const areas: Array<{ id: string; requests: string; decided: string; waiting: string; overdue: string; paid: string }> =
        await manager.query(
          `SELECT a.id,
           (SELECT count(*) FROM budget_request r WHERE r.commissioner_id = a.id AND r.created_at >= $1) AS requests,
           (SELECT count(*) FROM plan_item i JOIN support_plan p ON p.id = i.plan_id JOIN holder h ON h.id = p.holder_id
             WHERE h.commissioner_id = a.id AND i.decided_at >= $1) AS decided,
           (SELECT count(*) FROM plan_item i JOIN support_plan p ON p.id = i.plan_id JOIN holder h ON h.id = p.holder_id
             WHERE h.commissioner_id = a.id AND i.status = 'pending') AS waiting,
           (SELECT count(*) FROM plan_item i JOIN support_plan p ON p.id = i.plan_id JOIN holder h ON h.id = p.holder_id
             WHERE h.commissioner_id = a.id AND i.status = 'pending' AND i.due_at < $2) AS overdue,
           (SELECT count(*) FROM purchase_intent pi JOIN support_plan p ON p.id = pi.plan_id JOIN holder h ON h.id = p.holder_id
             WHERE h.commissioner_id = a.id AND pi.status = 'completed' AND pi.closed_at >= $1) AS paid
         FROM organisation a WHERE a.kind = 'commissioner'`,
          [since, now],
        );
      let told = 0;
      for (const area of areas) {
        const shown = (n: string) =>
          Number(n) > 0 && Number(n) < this.config.insights.suppressBelow ? `<${this.config.insights.suppressBelow}` : n;
        told += await this.notifications.tell(
          await this.notifications.staffOf([area.id], [Role.Commissioner]),
          {
            key: 'digest.weekly',
            params: {
              requests: shown(area.requests),
              decided: shown(area.decided),
              waiting: shown(area.waiting),
              overdue: shown(area.overdue),
              paid: shown(area.paid),
            },
          },
          { dedupeKey: `digest:${area.id}:${week}` },
        );
      }
      return told;
    });
  }
}
