import { DEMO_PASSWORD, seedDemoData } from '@kinwell/demo';
import { OrganisationKind, Role } from '@kinwell/identity';
import { IntakeService } from '@kinwell/plans';
import { createTestApp, lastEmailTo, makeOrganisation, makeUser, pageText, TestApp, WebClient } from '@kinwell/testing';

/** A broker answers the people who asked for a budget on the public pages. */
describe('new requests for a personal health budget', () => {
  let t: TestApp;
  let area: string;
  const ask = async (name: string, email: string, language = 'en') =>
    (
      await t.app.get(IntakeService).ask({
        commissionerId: area,
        whatWouldHelp: 'Swimming lessons, to get out of the house.',
        name,
        contactBy: 'email',
        email,
        phone: null,
        language,
        postcodeDistrict: 'E8',
        consent: true,
        userId: null,
      })
    ).request;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.app);
    [{ id: area }] = await t.dataSource.query(`SELECT id FROM organisation WHERE kind = 'commissioner'`);
  });
  afterAll(() => t.close());

  it('shows the worklist with how long each has waited; accepting makes a holder record and invites the person', async () => {
    const request = await ask('Dee', 'dee@example.test');
    await t.dataSource.query(`UPDATE budget_request SET created_at = now() - interval '3 days' WHERE id = $1`, [request.id]);
    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    expect(pageText((await broker.get('/my')).text)).toContain('New requests for a budget (1 waiting)');
    const list = pageText((await broker.get('/broker/requests')).text);
    expect(list).toContain(request.reference);
    expect(list).toContain('3 days');
    const accepted = await broker.submit(`/broker/requests/${request.id}`, {}, `/broker/requests/${request.id}/accept`);
    expect(accepted).toMatchObject({ status: 303, location: '/broker/requests' });
    const [row] = await t.dataSource.query(
      `SELECT status, holder_id, decided_by IS NOT NULL AS decided FROM budget_request WHERE id = $1`,
      [request.id],
    );
    expect(row).toMatchObject({ status: 'accepted', decided: true });
    const [holder] = await t.dataSource.query(`SELECT preferred_name, user_id, postcode_district FROM holder WHERE id = $1`, [
      row.holder_id,
    ]);
    expect(holder).toEqual({ preferred_name: 'Dee', user_id: null, postcode_district: 'E8' });
    expect((await lastEmailTo(t.dataSource, 'dee@example.test')).subject).toBe('You are invited to Kinwell');
    // Answered once: a second press, or a second broker, is told it was already accepted.
    const again = await broker.post(`/broker/requests/${request.id}/accept`, {});
    expect(again.status).not.toBe(500);
    const token = await t.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    const twice = await t.gql<{ acceptBudgetRequest: { __typename: string; message?: string } }>(
      `mutation($r: ID!, $b: ID!) { acceptBudgetRequest(requestId: $r, brokerOrganisationId: $b) { __typename ... on ErrorResult { message } } }`,
      {
        r: request.id,
        b: (await t.dataSource.query(`SELECT broker_organisation_id AS id FROM holder WHERE id = $1`, [row.holder_id]))[0].id,
      },
      token,
    );
    expect(twice.data?.acceptBudgetRequest).toEqual({ __typename: 'PlanStateError', message: 'That request was already accepted' });
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM holder WHERE preferred_name = 'Dee'`))[0].n)).toBe(1);
  });

  it('declining needs a reason the person can act on, and tells them in their language', async () => {
    const request = await ask('Rukhsana', 'rukhsana@example.test', 'ur');
    const broker = new WebClient(t);
    await broker.signIn('broker@kinwell.demo', DEMO_PASSWORD);
    const short = await broker.submit(`/broker/requests/${request.id}`, { reason: 'No.' }, `/broker/requests/${request.id}/decline`);
    expect(short.status).toBe(400);
    expect(pageText(short.text)).toContain('Write at least 10 characters');
    const reason = 'You live outside City and Hackney: ask your own area, Tower Hamlets, on 020 7364 5000.';
    expect(await broker.submit(`/broker/requests/${request.id}`, { reason }, `/broker/requests/${request.id}/decline`)).toMatchObject({
      status: 303,
    });
    const email = await lastEmailTo(t.dataSource, 'rukhsana@example.test');
    expect(email.subject).toBe(`ذاتی ہیلتھ بجٹ کی آپ کی درخواست کے بارے میں (${request.reference})`);
    expect(email.body).toContain(reason);
    expect((await t.dataSource.query(`SELECT status, decline_reason FROM budget_request WHERE id = $1`, [request.id]))[0]).toEqual({
      status: 'declined',
      decline_reason: reason,
    });
  });

  it('a broker in another area neither sees nor answers the request', async () => {
    const request = await ask('Ola', 'ola@example.test');
    const elsewhere = await makeOrganisation(t.dataSource, { kind: OrganisationKind.Commissioner });
    const theirBroker = await makeOrganisation(t.dataSource, { kind: OrganisationKind.Broker, commissionerId: elsewhere.id });
    const them = await makeUser(t.dataSource, { memberships: [{ organisationId: theirBroker.id, role: Role.BrokerStaff }] });
    const token = await t.signIn(them.email);
    const seen = await t.gql<{ budgetRequests: Array<{ id: string }> }>(`{ budgetRequests { id } }`, {}, token);
    expect(seen.data?.budgetRequests).toEqual([]);
    const answered = await t.gql(
      `mutation($r: ID!, $b: ID!) { acceptBudgetRequest(requestId: $r, brokerOrganisationId: $b) { __typename } }`,
      { r: request.id, b: theirBroker.id },
      token,
    );
    expect(answered.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.dataSource.query(`SELECT status FROM budget_request WHERE id = $1`, [request.id]))[0].status).toBe('new');
  });
});
