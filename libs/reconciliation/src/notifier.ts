import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@kinwell/database';
import { Notification } from './reconciliation.entities';

/** How Kinwell tells people things. The in-app list is built; an email adapter would sit beside it. */
export abstract class Notifier {
  abstract notify(userId: string, subject: string, body: string): Promise<void>;
}

@Injectable()
export class InAppNotifier extends Notifier {
  constructor(private readonly tx: TransactionHost) {
    super();
  }

  async notify(userId: string, subject: string, body: string): Promise<void> {
    await this.tx.manager.insert(Notification, { userId, subject, body, readAt: null });
  }
}
