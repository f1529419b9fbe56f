/** Kinwell's PHB profile vocabularies. Codes are stored; names are shown. */

export enum ProviderKind {
  Voluntary = 'voluntary',
  PeerLed = 'peer_led',
  UserLed = 'user_led',
  CommunityMicroEnterprise = 'community_micro_enterprise',
  FaithGroup = 'faith_group',
  PersonalAssistant = 'personal_assistant',
  MainstreamBusiness = 'mainstream_business',
}

export enum DeliveryMode {
  InPerson = 'in_person',
  Online = 'online',
  AtHome = 'at_home',
}

export enum PaymentMethod {
  Card = 'card',
  Invoice = 'invoice',
  BankTransfer = 'bank_transfer',
}

export enum OfferingKind {
  Course = 'course',
  Membership = 'membership',
  SessionBlock = 'session_block',
  Item = 'item',
  Service = 'service',
}

export enum PriceUnit {
  OneOff = 'one_off',
  PerSession = 'per_session',
  PerHour = 'per_hour',
  PerMonth = 'per_month',
}

/** Things a personal health budget may never buy (NHS rules). */
export enum PhbExclusion {
  Gambling = 'gambling',
  Alcohol = 'alcohol',
  Tobacco = 'tobacco',
  Debt = 'debt',
  GpCare = 'gp_care',
  EmergencyCare = 'emergency_care',
}

export interface Term {
  code: string;
  name: string;
  description?: string;
}

export const CATEGORY_TAXONOMY = 'kinwell-phb-categories';

export const CATEGORIES: Term[] = [
  {
    code: 'fitness-and-exercise',
    name: 'Fitness and exercise',
    description: 'Gym and swimming memberships, trainers, sports clubs, walking and cycling',
  },
  { code: 'arts-and-crafts', name: 'Arts and crafts', description: 'Art, music, sewing and making courses and materials' },
  {
    code: 'education-and-training',
    name: 'Education and training',
    description: 'College courses, ESOL, driving lessons, vocational training',
  },
  {
    code: 'technical-and-computer-equipment',
    name: 'Technical and computer equipment',
    description: 'Laptops, tablets, smartphones and SIM plans, software',
  },
  {
    code: 'home-support',
    name: 'Home support',
    description: 'Help at home, cleaning, gardening, home improvements that support wellbeing',
  },
  {
    code: 'self-care-and-wellbeing',
    name: 'Self-care and wellbeing',
    description: 'Relaxation, mindfulness, personal care, pets, short breaks',
  },
  { code: 'travel-and-transport', name: 'Travel and transport', description: 'Taxis to appointments, travel passes, visiting family' },
  {
    code: 'talking-and-complementary-therapies',
    name: 'Talking and complementary therapies',
    description: 'Counselling, psychotherapy, yoga, acupuncture, hypnotherapy',
  },
  { code: 'peer-support', name: 'Peer support', description: 'Groups and one-to-one support from people with lived experience' },
  { code: 'advocacy', name: 'Advocacy', description: 'Independent advocacy and help with forms, benefits and rights' },
  { code: 'personal-assistance', name: 'Personal assistance', description: 'Personal assistants and support workers' },
  {
    code: 'social-and-community',
    name: 'Social and community',
    description: 'Clubs, cooking together, allotments, community and faith activities',
  },
];

export const COMMUNITIES: Array<Term & { group: 'culture' | 'faith' | 'gender' | 'lgbtq' | 'age' }> = [
  { code: 'black-african', name: 'Black African', group: 'culture' },
  { code: 'black-caribbean', name: 'Black Caribbean', group: 'culture' },
  { code: 'south-asian', name: 'South Asian', group: 'culture' },
  { code: 'bangladeshi', name: 'Bangladeshi', group: 'culture' },
  { code: 'pakistani', name: 'Pakistani', group: 'culture' },
  { code: 'turkish-kurdish', name: 'Turkish and Kurdish', group: 'culture' },
  { code: 'eastern-european', name: 'Eastern European', group: 'culture' },
  { code: 'chinese', name: 'Chinese', group: 'culture' },
  { code: 'refugees-and-migrants', name: 'Refugees and migrants', group: 'culture' },
  { code: 'muslim', name: 'Muslim', group: 'faith' },
  { code: 'sikh', name: 'Sikh', group: 'faith' },
  { code: 'jewish', name: 'Jewish', group: 'faith' },
  { code: 'christian', name: 'Christian', group: 'faith' },
  { code: 'women', name: 'Women', group: 'gender' },
  { code: 'men', name: 'Men', group: 'gender' },
  { code: 'lgbtq', name: 'LGBTQ+', group: 'lgbtq' },
  { code: 'young-adults', name: 'Young adults (18–25)', group: 'age' },
  { code: 'older-adults', name: 'Older adults (65+)', group: 'age' },
];

/** ISO 639-1 codes (with a few ISO 639-3 where no two-letter code exists). */
export const LANGUAGES: Term[] = [
  { code: 'en', name: 'English' },
  { code: 'bn', name: 'Bengali' },
  { code: 'ur', name: 'Urdu' },
  { code: 'pa', name: 'Punjabi' },
  { code: 'gu', name: 'Gujarati' },
  { code: 'tr', name: 'Turkish' },
  { code: 'ku', name: 'Kurdish' },
  { code: 'pl', name: 'Polish' },
  { code: 'so', name: 'Somali' },
  { code: 'yo', name: 'Yoruba' },
  { code: 'tw', name: 'Twi' },
  { code: 'yi', name: 'Yiddish' },
  { code: 'zh', name: 'Chinese' },
  { code: 'ar', name: 'Arabic' },
  { code: 'es', name: 'Spanish' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'fr', name: 'French' },
  { code: 'ro', name: 'Romanian' },
  { code: 'bfi', name: 'British Sign Language' },
];

export const ACCESSIBILITY: Term[] = [
  { code: 'step-free', name: 'Step-free access' },
  { code: 'accessible-toilet', name: 'Accessible toilet' },
  { code: 'hearing-loop', name: 'Hearing loop' },
  { code: 'quiet-space', name: 'Quiet space' },
  { code: 'large-print', name: 'Large print and easy read' },
  { code: 'bsl', name: 'BSL interpreting on request' },
  { code: 'women-only-sessions', name: 'Women-only sessions' },
];

/** The five high-level ethnic groups of the 2021 census of England and Wales (ONS). */
export const ETHNIC_GROUPS: Term[] = [
  { code: 'asian', name: 'Asian, Asian British or Asian Welsh' },
  { code: 'black', name: 'Black, Black British, Black Welsh, Caribbean or African' },
  { code: 'mixed', name: 'Mixed or Multiple ethnic groups' },
  { code: 'white', name: 'White' },
  { code: 'other', name: 'Other ethnic group' },
];

/**
 * The 19 ethnic groups of the 2021 census, each within one of the five. Self-declared, recorded only
 * with consent to equity reporting, and kept apart from the communities a service is run for.
 */
export const ETHNICITIES: Array<Term & { group: string }> = [
  { code: 'asian-bangladeshi', name: 'Bangladeshi', group: 'asian' },
  { code: 'asian-chinese', name: 'Chinese', group: 'asian' },
  { code: 'asian-indian', name: 'Indian', group: 'asian' },
  { code: 'asian-pakistani', name: 'Pakistani', group: 'asian' },
  { code: 'asian-other', name: 'Any other Asian background', group: 'asian' },
  { code: 'black-african', name: 'African', group: 'black' },
  { code: 'black-caribbean', name: 'Caribbean', group: 'black' },
  { code: 'black-other', name: 'Any other Black, Black British or Caribbean background', group: 'black' },
  { code: 'mixed-white-asian', name: 'White and Asian', group: 'mixed' },
  { code: 'mixed-white-black-african', name: 'White and Black African', group: 'mixed' },
  { code: 'mixed-white-black-caribbean', name: 'White and Black Caribbean', group: 'mixed' },
  { code: 'mixed-other', name: 'Any other Mixed or Multiple ethnic background', group: 'mixed' },
  { code: 'white-british', name: 'English, Welsh, Scottish, Northern Irish or British', group: 'white' },
  { code: 'white-irish', name: 'Irish', group: 'white' },
  { code: 'white-gypsy-traveller', name: 'Gypsy or Irish Traveller', group: 'white' },
  { code: 'white-roma', name: 'Roma', group: 'white' },
  { code: 'white-other', name: 'Any other White background', group: 'white' },
  { code: 'other-arab', name: 'Arab', group: 'other' },
  { code: 'other-any', name: 'Any other ethnic group', group: 'other' },
];

const codes = (terms: Term[]) => new Set(terms.map((t) => t.code));
export const CATEGORY_CODES = codes(CATEGORIES);
export const COMMUNITY_CODES = codes(COMMUNITIES);
export const LANGUAGE_CODES = codes(LANGUAGES);
export const ACCESSIBILITY_CODES = codes(ACCESSIBILITY);
export const ETHNICITY_CODES = codes(ETHNICITIES);

export function termName(terms: Term[], code: string): string {
  return terms.find((t) => t.code === code)?.name ?? code;
}

/** "E8 3AB" or "e8" -> "E8"; null when it is not a UK postcode or outward code. */
export function postcodeDistrict(text: string): string | null {
  const m = /^\s*([A-Za-z]{1,2}\d[A-Za-z\d]?)(?:\s*\d[A-Za-z]{2})?\s*$/.exec(text);
  return m ? m[1].toUpperCase() : null;
}
