import { Role } from '@kinwell/identity';
import {
  Approval,
  CITY_AND_HACKNEY,
  describeUnmet,
  evaluate,
  MERSEYSIDE,
  roleToActIn,
  signOffRulesSchema,
  tierIndexFor,
} from './sign-off-policy';

const a = (userId: string, actingRole: Role, livedExperience = false): Approval => ({ userId, actingRole, livedExperience });

describe('sign-off policies', () => {
  it('the seeded policies are valid configurations', () => {
    expect(signOffRulesSchema.parse(CITY_AND_HACKNEY)).toEqual(CITY_AND_HACKNEY);
    expect(signOffRulesSchema.parse(MERSEYSIDE)).toEqual(MERSEYSIDE);
  });

  describe('City & Hackney bands', () => {
    it.each([
      [20_000, 'Clinician'],
      [25_000, 'Clinician'],
      [25_001, 'Clinician and team lead'],
      [50_000, 'Clinician and team lead'],
      [75_000, 'Clinician and team lead'],
      [90_000, 'E-approval panel'],
    ])('£%p pence goes to %s', (pence, tier) => expect(CITY_AND_HACKNEY.tiers[tierIndexFor(CITY_AND_HACKNEY, pence, 0)].name).toBe(tier));
  });

  it.each<[string, number, Approval[], boolean]>([
    ['£200 with one clinician', 20_000, [a('c1', Role.CareCoordinator)], true],
    ['£200 with nobody yet', 20_000, [], false],
    ['£500 with only a clinician', 50_000, [a('c1', Role.CareCoordinator)], false],
    ['£500 with a clinician and a team lead', 50_000, [a('c1', Role.CareCoordinator), a('t1', Role.TeamLead)], true],
    ['£500 with two clinicians', 50_000, [a('c1', Role.CareCoordinator), a('c2', Role.CareCoordinator)], false],
    ['£900 with PHB lead and commissioner only', 90_000, [a('p', Role.PhbLead), a('k', Role.Commissioner)], false],
    [
      '£900 with a panel member without lived experience',
      90_000,
      [a('m', Role.PanelMember), a('p', Role.PhbLead), a('k', Role.Commissioner)],
      false,
    ],
    ['£900 with the full panel', 90_000, [a('m', Role.PanelMember, true), a('p', Role.PhbLead), a('k', Role.Commissioner)], true],
  ])('%s: satisfied=%s', (_label, pence, approvals, satisfied) => {
    expect(evaluate(CITY_AND_HACKNEY, pence, 0, approvals).satisfied).toBe(satisfied);
  });

  it('counts one person once, however many roles they hold', () => {
    expect(evaluate(CITY_AND_HACKNEY, 50_000, 0, [a('x', Role.CareCoordinator), a('x', Role.TeamLead)]).satisfied).toBe(false);
  });

  it('says what is still needed in plain words', () => {
    expect(describeUnmet(evaluate(CITY_AND_HACKNEY, 90_000, 0, [a('p', Role.PhbLead)]))).toEqual([
      'A panel member with lived experience: 1 more',
      'The commissioner: 1 more',
    ]);
  });

  describe('roleToActIn', () => {
    it('picks the role in which an approval fills a gap, and refuses one that would not count', () => {
      const teamLead = { userId: 't', roles: [{ role: Role.TeamLead, livedExperience: false }] };
      expect(roleToActIn(CITY_AND_HACKNEY, 20_000, 0, [], teamLead)).toBeNull();
      expect(roleToActIn(CITY_AND_HACKNEY, 50_000, 0, [a('c', Role.CareCoordinator)], teamLead)).toEqual({
        role: Role.TeamLead,
        livedExperience: false,
      });
      const panel = { userId: 'm', roles: [{ role: Role.PanelMember, livedExperience: false }] };
      expect(roleToActIn(CITY_AND_HACKNEY, 90_000, 0, [], panel)).toBeNull();
      expect(
        roleToActIn(CITY_AND_HACKNEY, 20_000, 0, [a('c', Role.CareCoordinator)], {
          userId: 'c',
          roles: [{ role: Role.CareCoordinator, livedExperience: false }],
        }),
      ).toBeNull();
    });
  });

  describe('Merseyside escalation', () => {
    it('sends items over £400 to the team manager, then up the chain on escalation', () => {
      const name = (pence: number, escalation: number) => MERSEYSIDE.tiers[tierIndexFor(MERSEYSIDE, pence, escalation)].name;
      expect(name(40_000, 0)).toBe('Care coordinator');
      expect(name(40_001, 0)).toBe('Team manager');
      expect(name(40_001, 1)).toBe('Multidisciplinary team meeting');
      expect(name(40_001, 2)).toBe('Risk enablement panel');
      expect(name(40_001, 9)).toBe('Risk enablement panel');
      expect(name(10_000, 1)).toBe('Team manager');
    });

    it('needs a panel of three including someone who uses services', () => {
      const panel = [a('p1', Role.PanelMember), a('p2', Role.PanelMember), a('p3', Role.PanelMember)];
      expect(evaluate(MERSEYSIDE, 80_000, 2, panel).satisfied).toBe(false);
      expect(evaluate(MERSEYSIDE, 80_000, 2, [...panel.slice(0, 2), a('p3', Role.PanelMember, true)]).satisfied).toBe(true);
    });
  });

  it('rejects malformed policy configuration', () => {
    expect(signOffRulesSchema.safeParse({ ...CITY_AND_HACKNEY, tiers: [] }).success).toBe(false);
    expect(signOffRulesSchema.safeParse({ ...CITY_AND_HACKNEY, tiers: [{ name: 'x', upToPence: -1, requirements: [] }] }).success).toBe(
      false,
    );
  });
});
