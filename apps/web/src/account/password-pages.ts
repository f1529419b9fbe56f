import { Injectable } from '@nestjs/common';
import { passwordProblem } from '@kinwell/identity';
import { Form, FormBody, FormInvalid } from '../core/forms';
import { FormHandler } from '../core/form-handler';
import { Pages } from '../core/pages';
import type { WebRequest, WebResponse } from '../core/web-request';

export const passwordOf = (body: FormBody, name = 'password') => (typeof body[name] === 'string' ? body[name] : '');

/** The "choose a password" page every link that sets one shares: a reset, an administrator's set-up. */
@Injectable()
export class PasswordPages {
  constructor(
    private readonly pages: Pages,
    private readonly forms: FormHandler,
  ) {}

  /** A new password twice (a reset, an admin's set-up, joining): the policy's reasons beside the field. */
  async newPassword(
    req: WebRequest,
    res: WebResponse,
    body: FormBody,
    action: string,
    purpose: string,
    save: (password: string) => Promise<string | null>,
    next = '/sign-in',
  ): Promise<void> {
    const chosen = passwordOf(body);
    const confirm = passwordOf(body, 'confirm');
    const form = new Form(body);
    const problem = chosen ? passwordProblem(chosen, '') : null;
    if (!chosen) form.errors.push({ field: 'password', kind: 'required' });
    else if (problem) form.errors.push({ field: 'password', kind: `password_${problem}` });
    else if (chosen !== confirm) form.errors.push({ field: 'confirm', kind: 'mismatch' });
    await this.forms.submit(req, res, {
      work: async () => {
        form.done();
        const problem = await save(chosen);
        if (problem) throw new FormInvalid([{ field: 'password', kind: `link_${problem}` }]);
        return next;
      },
      invalid: (errors) => this.pages.render(req, res, 'account/new-password', { page: 'newPassword', errors, action, purpose }, 400),
    });
  }
}
