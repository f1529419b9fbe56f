import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const KEEP_HOURS = 24;

/**
 * The forms already done, so a second press of a button (or a resent POST) does the work once and lands
 * on the same page. A form carries a random key; the first POST with it claims the key, the rest follow it.
 */
@Injectable()
export class FormReplay {
  constructor(private readonly dataSource: DataSource) {}

  /** True for the first claim; otherwise where the first one ended (null while it is still running). */
  async claim(key: string): Promise<{ first: true } | { first: false; location: string | null }> {
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO web_form_submission (form_key) VALUES ($1) ON CONFLICT (form_key) DO NOTHING RETURNING form_key`,
      [key],
    );
    if (inserted.length) {
      if (Math.random() < 0.01) await this.prune();
      return { first: true };
    }
    const [row] = await this.dataSource.query<Array<{ location: string | null }>>(
      `SELECT location FROM web_form_submission WHERE form_key = $1`,
      [key],
    );
    return { first: false, location: row?.location ?? null };
  }

  /** Where the first submission ended, waiting a few seconds for it; null if it failed or is still running. */
  async outcome(key: string, waitMs = 5_000): Promise<string | null> {
    for (const deadline = Date.now() + waitMs; Date.now() < deadline;) {
      await new Promise((done) => setTimeout(done, 50));
      const rows = await this.dataSource.query<Array<{ location: string | null }>>(
        `SELECT location FROM web_form_submission WHERE form_key = $1`,
        [key],
      );
      // Gone: the first was refused (a mistake in the form), so this one lands back on the form.
      if (!rows.length) return null;
      if (rows[0].location) return rows[0].location;
    }
    return null;
  }

  async finish(key: string, location: string): Promise<void> {
    await this.dataSource.query(`UPDATE web_form_submission SET location = $2 WHERE form_key = $1`, [key, location]);
  }

  /** The work was refused (a mistake in the form): the corrected form may be sent with the same key. */
  async release(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM web_form_submission WHERE form_key = $1 AND location IS NULL`, [key]);
  }

  private async prune(): Promise<void> {
    await this.dataSource.query(`DELETE FROM web_form_submission WHERE created_at < now() - make_interval(hours => $1)`, [KEEP_HOURS]);
  }
}
