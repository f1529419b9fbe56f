import { readableSql } from './readable-sql';

describe('readableSql', () => {
  it('puts each column and constraint of a new table on its own line, keeping commas inside types and defaults', () => {
    const sql = `CREATE TABLE "card_hold" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "held_pence" numeric(12,0) NOT NULL, "note" text DEFAULT 'a, b', CONSTRAINT "PK_x" PRIMARY KEY ("id", "held_pence"))`;
    expect(readableSql(sql, '    ')).toBe(
      [
        'CREATE TABLE "card_hold" (',
        '    "id" uuid NOT NULL DEFAULT gen_random_uuid(),',
        '    "held_pence" numeric(12,0) NOT NULL,',
        `    "note" text DEFAULT 'a, b',`,
        '    CONSTRAINT "PK_x" PRIMARY KEY ("id", "held_pence")',
        '  )',
      ].join('\n'),
    );
  });

  it('leaves other statements as they are', () => {
    const sql = 'ALTER TABLE "budget" ADD "closed_at" TIMESTAMP WITH TIME ZONE';
    expect(readableSql(sql)).toBe(sql);
  });
});
