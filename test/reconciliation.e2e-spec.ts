import { Clock } from '@kinwell/kernel';
import { ReceiptRemindersService, ReconciliationService } from '@kinwell/reconciliation';
import { approvedItems, ApprovedItems, createTestApp, FIXTURE_PERIOD, TestApp } from '@kinwell/testing';

const STATEMENT = `query($p: ID!) { planStatement(planId: $p) { summary allocated { pence } committed { pence } spent { pence } available { pence } goals { goal committed { pence } spent { pence } } openExceptions { id kind detail spendRef } } }`;
type StatementData = {
  planStatement: {
    summary: string;
    allocated: { pence: number };
    committed: { pence: number };
    spent: { pence: number };
    available: { pence: number };
    goals: Array<{ goal: string; committed: { pence: number }; spent: { pence: number } }>;
    openExceptions: Array<{ id: string; kind: string; detail: string; spendRef: string }>;
  };
};
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('reconciliation: every spend matched to a goal or listed to check, and statements that add up', () => {
  let t: TestApp;
  let f: ApprovedItems;
  const statement = async (token = f.brokerToken) => {
    const res = await t.gql<StatementData>(STATEMENT, { p: f.planId }, token);
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.planStatement;
  };

  beforeAll(async () => {
    t = await createTestApp({ FILE_STORAGE_DIR: `.data/test-files-${process.pid}` });
    f = await approvedItems(t, 100_000, [20_000, 15_000, 10_000]);
    const buy = await t.gql<{ buyWithCard: { id: string } }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[0] },
      f.brokerToken,
    );
    const simulate = (category: string, pence: number) =>
      t.gql(
        `mutation($p: ID!, $c: String!, $a: Int!) { simulateCardPurchase(purchaseId: $p, merchantName: "Sports Direct", merchantCategory: $c, amountPence: $a) { approved } }`,
        { p: buy.data!.buyWithCard.id, c: category, a: pence },
        f.brokerToken,
      );
    await simulate('betting_casino_gambling', 2_000);
    await simulate('sporting_goods_stores', 18_000);
    await t.gql(
      `mutation($id: ID!) { payDirect(itemId: $id, paymentReference: "BACS KW-77") { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[1] },
      f.brokerToken,
    );
  });
  afterAll(() => t.close());

  it('matches every spend to its goal and lists what needs checking, adding up to the penny', async () => {
    const s = await statement();
    // The card took £180 of the £200 item: once nothing more is held for the shop, the other £20 is available again.
    expect(s).toMatchObject({
      allocated: { pence: 100_000 },
      spent: { pence: 33_000 },
      committed: { pence: 10_000 },
      available: { pence: 57_000 },
    });
    expect(s.allocated.pence).toBe(s.spent.pence + s.committed.pence + s.available.pence);
    expect(s.goals).toEqual([{ goal: 'Feel well enough to work', committed: { pence: 10_000 }, spent: { pence: 33_000 } }]);
    expect(s.openExceptions.map((e) => e.kind).sort()).toEqual(['blocked_category_attempt', 'merchant_not_in_directory']);
    expect(s.summary).toBe(
      '£1,000.00 allocated. £330.00 spent, £100.00 set aside for approved items not yet paid, and £570.00 left to plan. 2 things to check.',
    );
  });

  it('asks for receipts once they are overdue, and accepts one that is really a picture or PDF', async () => {
    const clock = t.app.get(Clock);
    const later = jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 20 * 86_400_000));
    try {
      // Reading a statement changes nothing; the daily receipt sweep reconciles plans whose receipts are late.
      expect((await statement()).openExceptions.filter((e) => e.kind === 'missing_receipt')).toEqual([]);
      await t.app.get(ReconciliationService).reconcilePlan(f.planId);
      const s = await statement();
      const missing = s.openExceptions.filter((e) => e.kind === 'missing_receipt');
      expect(missing).toHaveLength(2); // the card purchase and the direct payment
      const spendRef = missing[0].spendRef;
      const notAReceipt = await t.gql(
        `mutation($p: ID!, $s: String!, $c: String!) { attachReceipt(planId: $p, spendRef: $s, contentBase64: $c) }`,
        { p: f.planId, s: spendRef, c: Buffer.from('<script>alert(1)</script>').toString('base64') },
        f.brokerToken,
      );
      expect(notAReceipt.errors?.[0].extensions?.fields).toEqual([
        { field: 'content', message: 'a receipt must be a PDF, or a JPEG, PNG or HEIC photo' },
      ]);
      const attached = await t.gql(
        `mutation($p: ID!, $s: String!, $c: String!) { attachReceipt(planId: $p, spendRef: $s, contentBase64: $c) }`,
        { p: f.planId, s: spendRef, c: PNG.toString('base64') },
        f.brokerToken,
      );
      expect(attached.errors).toBeUndefined();
      expect((await statement()).openExceptions.filter((e) => e.kind === 'missing_receipt')).toHaveLength(1);
    } finally {
      later.mockRestore();
    }
  });

  it('lets a broker resolve an exception with a note, audited', async () => {
    const [exception] = (await statement()).openExceptions.filter((e) => e.kind === 'merchant_not_in_directory');
    const res = await t.gql<{ resolveSpendException: { status: string; resolution: string } }>(
      `mutation($id: ID!) { resolveSpendException(exceptionId: $id, resolution: Accept, note: "Sports Direct is the only shop selling the boots the physio asked for") { ... on SpendException { status resolution } ... on ErrorResult { errorCode message } } }`,
      { id: exception.id },
      f.brokerToken,
    );
    expect(res.data!.resolveSpendException).toEqual({ status: 'Resolved', resolution: 'Accept' });
    const again = await t.gql<{ resolveSpendException: { __typename: string } }>(
      `mutation($id: ID!) { resolveSpendException(exceptionId: $id, resolution: Recover, note: "Resolving it a second time") { __typename } }`,
      { id: exception.id },
      f.brokerToken,
    );
    expect(again.data!.resolveSpendException.__typename).toBe('ExceptionAlreadyResolvedError');
    expect((await statement()).openExceptions.map((e) => e.kind)).not.toContain('merchant_not_in_directory');
    const [audit] = await t.dataSource.query(`SELECT reason FROM audit_log WHERE action = 'reconciliation.exception_resolved'`);
    expect(audit.reason).toContain('physio');
  });

  it('serves the statement as CSV and as a printable page, to the same people', async () => {
    const csv = await t.http().get(`/statements/${f.planId}.csv`).set('authorization', `Bearer ${f.brokerToken}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFsection,goal or item,committed (£),spent (£),note');
    expect(csv.text).toContain('goal,Feel well enough to work,100.00,330.00,');
    const page = await t.http().get(`/statements/${f.planId}`).set('authorization', `Bearer ${f.brokerToken}`);
    expect(page.text).toContain('Budget statement for Fixture');
    expect(page.text).toContain('£330.00 spent');
    expect((await t.http().get(`/statements/${f.planId}.csv`).set('authorization', `Bearer ${f.otherBrokerToken}`)).status).toBe(403);
    expect((await t.http().get(`/statements/${f.planId}.csv`)).status).toBe(401);
  });

  it('closes a period, which then stays as it was', async () => {
    const at = (offset: number) => new Date(Date.parse(FIXTURE_PERIOD.start) + offset * 86_400_000).toISOString().slice(0, 10);
    const clock = t.app.get(Clock);
    const later = jest.spyOn(clock, 'now').mockReturnValue(new Date(`${at(70)}T12:00:00Z`));
    try {
      const tooEarly = await t.gql(
        `mutation($p: ID!, $e: Date!) { closeStatementPeriod(planId: $p, periodEnd: $e) { periodEnd } }`,
        { p: f.planId, e: at(90) },
        f.brokerToken,
      );
      expect(tooEarly.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
      const closed = await t.gql<{ closeStatementPeriod: { periodStart: string; periodEnd: string } }>(
        `mutation($p: ID!, $e: Date!) { closeStatementPeriod(planId: $p, periodEnd: $e) { periodStart periodEnd } }`,
        { p: f.planId, e: at(60) },
        f.brokerToken,
      );
      expect(closed.data!.closeStatementPeriod).toEqual({ periodStart: FIXTURE_PERIOD.start, periodEnd: at(60) });
      const again = await t.gql(
        `mutation($p: ID!, $e: Date!) { closeStatementPeriod(planId: $p, periodEnd: $e) { periodEnd } }`,
        { p: f.planId, e: at(50) },
        f.brokerToken,
      );
      expect(again.errors?.[0].extensions?.fields?.[0].message).toContain(at(61));
      const [snapshot] = await t.dataSource.query('SELECT snapshot FROM statement_period WHERE plan_id = $1', [f.planId]);
      expect(snapshot.snapshot.spent).toEqual({ pence: 33_000, currency: 'GBP' });
      // Spending dated inside the closed period is now counted as a correction in the open one.
      expect((await statement()).openExceptions.map((e) => e.kind)).toContain('correction_after_close');
    } finally {
      later.mockRestore();
    }
  });

  it('reminds about a missing receipt at 15 and 29 days, once each, then freezes the plan’s live cards at day 31', async () => {
    const open = await t.gql<{ buyWithCard: { id: string } }>(
      `mutation($id: ID!) { buyWithCard(itemId: $id) { __typename ... on Purchase { id } ... on ErrorResult { errorCode message } } }`,
      { id: f.itemIds[2] },
      f.brokerToken,
    );
    expect(open.errors).toBeUndefined();
    const clock = t.app.get(Clock);
    const reminders = t.app.get(ReceiptRemindersService);
    const at = (days: number) => jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + days * 86_400_000));
    try {
      at(10);
      expect(await reminders.sweep()).toEqual({ reminders: 0, frozenCards: 0 });
      at(16);
      expect(await reminders.sweep()).toEqual({ reminders: 1, frozenCards: 0 }); // one spend still lacks a receipt
      expect(await reminders.sweep()).toEqual({ reminders: 0, frozenCards: 0 });
      at(30);
      expect(await reminders.sweep()).toEqual({ reminders: 1, frozenCards: 0 });
      at(32);
      expect(await reminders.sweep()).toEqual({ reminders: 0, frozenCards: 1 });
    } finally {
      jest.restoreAllMocks();
    }
    const [card] = await t.dataSource.query('SELECT status FROM issued_card WHERE intent_id = $1', [open.data!.buyWithCard.id]);
    expect(card.status).toBe('inactive');
    const inbox = await t.gql<{ myNotifications: Array<{ subject: string }> }>(`{ myNotifications { subject body } }`, {}, f.brokerToken);
    const subjects = inbox.data!.myNotifications.map((n) => n.subject);
    expect(subjects.filter((s) => s !== 'Spend needs checking')).toEqual([
      'Card frozen until a receipt arrives',
      'A receipt is missing',
      'A receipt is missing',
    ]);
    // Each exception raised on this broker's plans told the broker once, however often its plan was reconciled.
    const [{ raised }] = await t.dataSource.query(
      `SELECT count(*)::int AS raised FROM spend_exception e JOIN support_plan p ON p.id = e.plan_id JOIN holder h ON h.id = p.holder_id
        WHERE h.broker_organisation_id = (SELECT h2.broker_organisation_id FROM support_plan p2 JOIN holder h2 ON h2.id = p2.holder_id WHERE p2.id = $1)`,
      [f.planId],
    );
    expect(subjects.filter((s) => s === 'Spend needs checking')).toHaveLength(raised);
  });

  it('puts each goal’s review ratings beside the money that served it', async () => {
    expect(
      (await t.gql(`mutation($p: ID!) { activatePlan(planId: $p) { __typename } }`, { p: f.planId }, f.brokerToken)).errors,
    ).toBeUndefined();
    const [goal] = await t.dataSource.query('SELECT id FROM plan_goal WHERE plan_id = $1', [f.planId]);
    const [start] = await t.dataSource.query(`SELECT id FROM plan_review WHERE plan_id = $1 AND kind = 'start'`, [f.planId]);
    await t.gql(
      `mutation($r: ID!, $o: [GoalOutcomeInput!]!) { completeReview(reviewId: $r, outcomes: $o) { __typename } }`,
      { r: start.id, o: [{ goalId: goal.id, rating: 6 }] },
      f.brokerToken,
    );
    const pack = await t.gql<{
      reviewPack: Array<{ goal: string; spent: { pence: number }; ratings: Array<{ review: string; rating: number | null }> }>;
    }>(
      `query($p: ID!) { reviewPack(planId: $p) { goal baseline spent { pence } ratings { review rating } } }`,
      { p: f.planId },
      f.brokerToken,
    );
    expect(pack.data!.reviewPack).toEqual([
      {
        goal: 'Feel well enough to work',
        baseline: null,
        spent: { pence: 33_000 },
        ratings: [
          { review: 'start', rating: 6 },
          { review: 'midpoint', rating: null },
          { review: 'end', rating: null },
        ],
      },
    ]);
  });

  it('takes what a holder reports buying with a direct payment as its evidence', async () => {
    const report = (item: string, pence: number, on: string, token = f.brokerToken) =>
      t.gql(
        `mutation($p: ID!, $i: ID!, $a: Int!, $d: Date!) { reportDirectPaymentSpend(planId: $p, itemId: $i, amountPence: $a, merchantName: "Argos", occurredOn: $d) }`,
        { p: f.planId, i: item, a: pence, d: on },
        token,
      );
    const today = new Date().toISOString().slice(0, 10);
    expect((await report(f.itemIds[0], 1_000, today)).errors?.[0].extensions?.fields).toEqual([
      { field: 'itemId', message: 'must be an item paid to the holder as a direct payment' },
    ]);
    expect((await report(f.itemIds[1], 1_000, '2999-01-01')).errors?.[0].extensions?.fields?.[0].field).toBe('occurredOn');
    expect((await report(f.itemIds[1], 1_000, today, f.otherBrokerToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const [direct] = await t.dataSource.query(`SELECT id::text FROM budget_movement WHERE reference_id = $1 AND kind = 'spend'`, [
      f.itemIds[1],
    ]);
    const clock = t.app.get(Clock);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 40 * 86_400_000));
    try {
      const missingFor = async () =>
        (await statement()).openExceptions.filter((e) => e.kind === 'missing_receipt' && e.spendRef === direct.id);
      const hadReceipt = (await t.dataSource.query('SELECT 1 FROM receipt WHERE spend_ref = $1', [direct.id])).length > 0;
      if (!hadReceipt) expect(await missingFor()).toHaveLength(1);
      expect((await report(f.itemIds[1], 9_000, today)).errors).toBeUndefined();
      expect((await report(f.itemIds[1], 6_000, today)).errors).toBeUndefined();
      expect(await missingFor()).toEqual([]);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
