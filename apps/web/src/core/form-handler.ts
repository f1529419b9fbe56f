import { Injectable } from '@nestjs/common';
import { DomainError, isUuid } from '@kinwell/kernel';
import { FieldError, FormInvalid } from './forms';
import { FormReplay } from './form-replay';
import { seeOther, type WebRequest, type WebResponse } from './web-request';

export interface FormSubmission {
  /** Does the work and says where to go next (POST, then redirect, then GET). */
  work: () => Promise<string>;
  /** Shows the form again with its mistakes; nothing was changed. */
  invalid: (errors: FieldError[]) => void;
  /** How a service's field names map onto the form's. */
  fieldOf?: (serviceField: string) => string;
}

/** Every page form's POST: done once however often it is sent, then a redirect; a mistake shows the form again. */
@Injectable()
export class FormHandler {
  constructor(private readonly replay: FormReplay) {}

  async submit(req: WebRequest, res: WebResponse, submission: FormSubmission): Promise<void> {
    const given = (req.body as Record<string, unknown> | undefined)?._form ?? req.query._form;
    const key = typeof given === 'string' && isUuid(given) ? `${req.sessionID}:${given}` : null;
    if (key) {
      const claim = await this.replay.claim(key);
      // A second press while the first is still at work lands, once that is done, where the first did.
      if (!claim.first) return seeOther(req, res, claim.location ?? (await this.replay.outcome(key)) ?? req.originalUrl.split('?')[0]);
    }
    let location: string;
    try {
      location = await submission.work();
    } catch (error) {
      if (key) await this.replay.release(key);
      if (error instanceof FormInvalid) return submission.invalid(error.errors);
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED')
        return submission.invalid(FormInvalid.fromDomain(error, submission.fieldOf).errors);
      throw error;
    }
    if (key) await this.replay.finish(key, location);
    await seeOther(req, res, location);
  }
}

/** What was typed into this page's form before the session expired, once. */
export function takeDraft(req: WebRequest): Record<string, string> | undefined {
  const path = req.originalUrl.split('?')[0];
  const draft = req.session?.drafts?.[path];
  if (draft) delete req.session.drafts![path];
  return draft;
}
