import { NotifyClient } from 'notifications-node-client';

/** Where text messages go. */
export abstract class SmsSender {
  abstract readonly enabled: boolean;
  /** `reference` is the same on a retry, so the message can be traced (and a repeat recognised) at Notify. */
  abstract send(mobile: string, text: string, reference: string): Promise<void>;
}

/** GOV.UK Notify, through its own client: a template whose whole text is ((message)). */
export class NotifySmsSender extends SmsSender {
  readonly enabled = true;
  private readonly client: NotifyClient;

  constructor(
    baseUrl: string,
    apiKey: string,
    private readonly templateId: string,
  ) {
    super();
    this.client = new NotifyClient(baseUrl, apiKey);
  }

  async send(mobile: string, text: string, reference: string): Promise<void> {
    try {
      await this.client.sendSms(this.templateId, mobile, { personalisation: { message: text }, reference });
    } catch (error) {
      // Notify answers { errors: [{ error, message }] }; the message is what a broker needs to read.
      const response = (error as { response?: { status?: number; data?: { errors?: Array<{ message?: string }> } } }).response;
      const detail = response?.data?.errors?.map((e) => e.message).join('; ');
      throw new Error(response ? `Notify refused the text (${response.status}): ${detail ?? 'no detail'}` : (error as Error).message);
    }
  }
}

/** No SMS service configured: nobody is offered text messages. */
export class NoSms extends SmsSender {
  readonly enabled = false;

  async send(): Promise<void> {
    throw new Error('SMS is not configured');
  }
}
