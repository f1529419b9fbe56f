import { OrganisationKind, Role } from '@kinwell/identity';

/** Every demo account shares this password; it is printed on the home page and in README.md. */
export const DEMO_PASSWORD = 'kinwell-demo';
/** The authenticator secret of every demo staff account (base32); the demo sign-in page shows its current code. */
export const DEMO_TOTP_SECRET = 'KINWELLDEMOSTAFFKINWELLDEMOSTAFF';

export interface DemoOrganisation {
  key: string;
  name: string;
  kind: OrganisationKind;
  contactPhone?: string;
  contactEmail?: string;
}

export interface DemoAccount {
  email: string;
  displayName: string;
  memberships: Array<{ organisation: string; role: Role; livedExperience?: boolean }>;
  /** Shown on the home page and in the README. */
  describe?: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'platform', name: 'Kinwell', kind: OrganisationKind.Platform },
  { key: 'icb', name: 'City and Hackney Place, NHS North East London ICB (demo)', kind: OrganisationKind.Commissioner },
  { key: 'icb-merseyside', name: 'Cheshire and Merseyside ICB, Merseyside sign-off policy (demo)', kind: OrganisationKind.Commissioner },
  // Phone numbers from Ofcom's range kept for drama (020 7946 0xxx): they ring nobody.
  {
    key: 'broker-a',
    name: 'Hackney Wellbeing Brokerage (demo)',
    kind: OrganisationKind.Broker,
    contactPhone: '020 7946 0101',
    contactEmail: 'brokerage@hackney-wellbeing.example',
  },
  {
    key: 'broker-b',
    name: 'Rowanfield Support Planning (demo)',
    kind: OrganisationKind.Broker,
    contactPhone: '020 7946 0102',
    contactEmail: 'plans@rowanfield.example',
  },
  {
    key: 'cmht',
    name: 'Hackney North Community Mental Health Team (demo)',
    kind: OrganisationKind.ClinicalTeam,
    contactPhone: '020 7946 0103',
    contactEmail: 'hackney.north.cmht@nhs.example',
  },
  ...[
    'Clapton Peer Support Network',
    'Hackney Caribbean Elders Wellbeing Group',
    'Bengali Women’s Wellbeing Circle',
    'Urdu Counselling Collective',
    'Anatolia Turkish and Kurdish Counselling',
    'Dalston African Clothes-Making Studio',
    'Shoreditch Community Gym',
    'Lea Valley Walking and Cycling Club',
    'Stay Connected Tech Hub',
    'Hackney Adult Learning College',
    'Stamford Hill Jewish Community Wellbeing',
    'Hoxton Sikh Sewa Centre',
    'Rainbow Minds LGBTQ+ Peer Group',
    'Homerton Allotment and Growing Project',
    'East London Drum and Music School',
    'Kingsland Yoga and Acupuncture',
    'Hackney Community Transport',
    'Well Fed: Cooking Together',
    'Polish Community Advice and Support',
    'Mind in the City, Hackney and Waltham Forest',
  ].map((name, i) => ({ key: `provider-${i + 1}`, name: `${name} (demo)`, kind: OrganisationKind.Provider })),
];

const HOLDER_NAMES = ['Amara', 'Tunde', 'Shirin', 'Grace', 'Mehmet', 'Leah', 'Harpreet', 'Jamal', 'Ewa', 'Sam'];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@kinwell.demo',
    displayName: 'Priya (Kinwell admin)',
    memberships: [{ organisation: 'platform', role: Role.PlatformAdmin }],
    describe: 'Platform admin',
  },
  {
    email: 'commissioner@kinwell.demo',
    displayName: 'Helen (ICB commissioner)',
    memberships: [{ organisation: 'icb', role: Role.Commissioner }],
    describe: 'Commissioner: aggregates only',
  },
  {
    email: 'phblead@kinwell.demo',
    displayName: 'Dr Okafor (PHB lead clinician)',
    memberships: [{ organisation: 'icb', role: Role.PhbLead }],
    describe: 'PHB lead clinician',
  },
  {
    email: 'panel@kinwell.demo',
    displayName: 'Marcus (panel, lived experience)',
    memberships: [{ organisation: 'icb', role: Role.PanelMember, livedExperience: true }],
    describe: 'Panel member with lived experience',
  },
  {
    email: 'panel2@kinwell.demo',
    displayName: 'Ruth (panel)',
    memberships: [{ organisation: 'icb', role: Role.PanelMember }],
    describe: 'Panel member',
  },
  {
    email: 'broker@kinwell.demo',
    displayName: 'Jo (broker)',
    memberships: [{ organisation: 'broker-a', role: Role.BrokerStaff }],
    describe: 'Broker staff, Hackney Wellbeing Brokerage',
  },
  {
    email: 'broker2@kinwell.demo',
    displayName: 'Kwame (broker)',
    memberships: [{ organisation: 'broker-b', role: Role.BrokerStaff }],
    describe: 'Broker staff, Rowanfield Support Planning',
  },
  {
    email: 'coordinator@kinwell.demo',
    displayName: 'Aisha (care coordinator)',
    memberships: [{ organisation: 'cmht', role: Role.CareCoordinator }],
    describe: 'Care coordinator (clinician)',
  },
  {
    email: 'teamlead@kinwell.demo',
    displayName: 'Tom (team lead)',
    memberships: [{ organisation: 'cmht', role: Role.TeamLead }],
    describe: 'Team lead',
  },
  {
    email: 'provider@kinwell.demo',
    displayName: 'Nadia (Urdu Counselling Collective)',
    memberships: [{ organisation: 'provider-4', role: Role.ProviderStaff }],
    describe: 'Provider staff',
  },
  {
    email: 'provider2@kinwell.demo',
    displayName: 'Dele (Shoreditch Community Gym)',
    memberships: [{ organisation: 'provider-7', role: Role.ProviderStaff }],
    describe: 'Provider staff',
  },
  {
    email: 'carer@kinwell.demo',
    displayName: 'Bea (advocate)',
    memberships: [{ organisation: 'broker-a', role: Role.CarerAdvocate }],
    describe: 'Carer / advocate, acting for Shirin (holder3)',
  },
  ...HOLDER_NAMES.map((name, i) => ({
    email: i === 0 ? 'holder@kinwell.demo' : `holder${i + 1}@kinwell.demo`,
    displayName: name,
    memberships: [{ organisation: i < 6 ? 'broker-a' : 'broker-b', role: Role.Holder }],
    describe:
      i === 0
        ? 'Budget holder, plan in sign-off (holder2 … holder10 also exist)'
        : i === 2
          ? 'Budget holder who reads Urdu, plan just begun; Bea acts for her'
          : undefined,
  })),
];
