import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeclineCodes1796161344100 implements MigrationInterface {
  name = 'DeclineCodes1796161344100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "card_authorization" ADD "decline_code" text`);
    // Decisions are append-only; the code of those already made is read off their words, once, here.
    await queryRunner.query(`ALTER TABLE "card_authorization" DISABLE TRIGGER card_authorization_append_only`);
    await queryRunner.query(`UPDATE "card_authorization" SET "decline_code" = CASE
        WHEN decline_reason = 'Unknown card' THEN 'unknown_card'
        WHEN decline_reason LIKE 'Card is %' THEN 'card_not_active'
        WHEN decline_reason LIKE 'The purchase is %' THEN 'purchase_not_open'
        WHEN decline_reason = 'The card has expired for this purchase' THEN 'purchase_expired'
        WHEN decline_reason = 'Amount must be above zero' THEN 'invalid_amount'
        WHEN decline_reason LIKE '% is not allowed for personal health budgets' THEN 'category_blocked'
        WHEN decline_reason LIKE '% is not the one this purchase was approved for' THEN 'category_not_approved'
        WHEN decline_reason LIKE 'Only % remains on this card' THEN 'not_enough_on_card'
      END
      WHERE NOT approved`);
    await queryRunner.query(`ALTER TABLE "card_authorization" ENABLE TRIGGER card_authorization_append_only`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "card_authorization" DROP COLUMN "decline_code"`);
  }
}
