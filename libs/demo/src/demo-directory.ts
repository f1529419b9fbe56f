import { DeliveryMode, OfferingKind, PaymentMethod, PhbExclusion, PriceUnit, ProviderKind } from '@kinwell/directory';

/** The demo area's directory: what each of the twenty demo providers lists. */
export interface DemoOfferingTemplate {
  name: string;
  description: string;
  category: string;
  pricePence: number;
  unit: PriceUnit;
  kind: OfferingKind;
  /** Session-priced offerings are also sold as blocks of 3, 6, 10 and 12 sessions. */
  blocks?: boolean;
  exclusion?: PhbExclusion;
}

export interface DemoProviderListing {
  key: string;
  kind: ProviderKind;
  livedExperienceLed: boolean;
  description: string;
  payment: PaymentMethod[];
  location: { name: string; addressLine: string; postcode: string; accessibility: string[] };
  service: { name: string; description: string; languages: string[]; communities: string[]; delivery: DeliveryMode[]; interpreter: boolean };
  online?: { name: string; description: string };
  offerings: DemoOfferingTemplate[];
}

const { OneOff, PerSession, PerHour, PerMonth } = PriceUnit;
const { Course, Membership, SessionBlock, Item, Service } = OfferingKind;
const { InPerson, Online, AtHome } = DeliveryMode;
const ALL_PAY = [PaymentMethod.Card, PaymentMethod.Invoice, PaymentMethod.BankTransfer];
const INVOICE = [PaymentMethod.Invoice, PaymentMethod.BankTransfer];

const o = (name: string, category: string, pounds: number, unit: PriceUnit, kind: OfferingKind, description: string, extra: Partial<DemoOfferingTemplate> = {}): DemoOfferingTemplate => ({
  name,
  description,
  category,
  pricePence: Math.round(pounds * 100),
  unit,
  kind,
  ...extra,
});

export const DEMO_DIRECTORY: DemoProviderListing[] = [
  {
    key: 'provider-1', kind: ProviderKind.PeerLed, livedExperienceLed: true, payment: INVOICE,
    description: 'A peer support network run by and for people with experience of mental distress in Clapton and Lower Clapton.',
    location: { name: 'Clapton Community Hall', addressLine: '12 Chatsworth Road', postcode: 'E5 0LH', accessibility: ['step-free', 'quiet-space', 'accessible-toilet'] },
    service: { name: 'Peer support', description: 'Groups and one-to-one support from people who have been there.', languages: ['en'], communities: [], delivery: [InPerson, Online], interpreter: false },
    online: { name: 'Online peer groups', description: 'Evening peer groups on video for people who cannot travel.' },
    offerings: [
      o('Weekly peer support group', 'peer-support', 5, PerSession, Service, 'A relaxed weekly group with tea; come when you can.'),
      o('One-to-one peer mentoring', 'peer-support', 20, PerSession, SessionBlock, 'Meet a trained peer mentor to work towards your own goals.', { blocks: true }),
      o('Hearing Voices group', 'peer-support', 5, PerSession, Service, 'A safe space to talk about voices and visions.'),
      o('Recovery and wellbeing course', 'self-care-and-wellbeing', 60, OneOff, Course, 'Eight weeks on wellbeing plans, sleep, and staying well.'),
      o('Wellness Recovery Action Plan workshop', 'self-care-and-wellbeing', 30, OneOff, Course, 'Write your own WRAP with people who use one.'),
    ],
  },
  {
    key: 'provider-2', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'Social, cultural and wellbeing activities for Caribbean elders and their families in Hackney.',
    location: { name: 'Dalston Caribbean Centre', addressLine: '4 Sandringham Road', postcode: 'E8 2LR', accessibility: ['step-free', 'hearing-loop', 'accessible-toilet'] },
    service: { name: 'Elders wellbeing club', description: 'Lunch, dominoes, music, exercise and trips for Caribbean elders.', languages: ['en'], communities: ['black-caribbean', 'older-adults', 'christian'], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Lunch club membership', 'social-and-community', 20, PerMonth, Membership, 'Hot Caribbean lunch three days a week with company.'),
      o('Dominoes and music afternoon', 'social-and-community', 5, PerSession, Service, 'Weekly afternoon of dominoes, music and conversation.'),
      o('Gentle exercise for elders', 'fitness-and-exercise', 4, PerSession, Service, 'Chair-based exercise to music.', { blocks: true }),
      o('Seaside day trip', 'social-and-community', 35, OneOff, Service, 'A summer coach trip to the coast with lunch.'),
      o('Home visiting befriender', 'home-support', 12, PerHour, Service, 'A befriender visits you at home each week.'),
    ],
  },
  {
    key: 'provider-3', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'A wellbeing circle for Bengali and Bangladeshi women, with women workers who speak Bengali and Sylheti.',
    location: { name: 'Brick Lane Women’s Centre', addressLine: '30 Hanbury Street', postcode: 'E1 5JL', accessibility: ['women-only-sessions', 'quiet-space'] },
    service: { name: 'Women’s wellbeing circle', description: 'Groups, classes and counselling for Bengali women.', languages: ['bn', 'en'], communities: ['bangladeshi', 'women', 'muslim', 'south-asian'], delivery: [InPerson, Online], interpreter: true },
    offerings: [
      o('Counselling in Bengali', 'talking-and-complementary-therapies', 40, PerSession, SessionBlock, 'Counselling with a Bengali-speaking woman counsellor.', { blocks: true }),
      o('Sewing and embroidery class', 'arts-and-crafts', 6, PerSession, Course, 'Make clothes and embroidery together.', { blocks: true }),
      o('Women-only swimming sessions', 'fitness-and-exercise', 5, PerSession, Service, 'Women-only sessions with women lifeguards.', { blocks: true }),
      o('Cooking and nutrition group', 'social-and-community', 4, PerSession, Service, 'Cook healthy Bengali meals together.'),
      o('ESOL for women', 'education-and-training', 90, OneOff, Course, 'English classes for women, with a crèche.'),
    ],
  },
  {
    key: 'provider-4', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: ALL_PAY,
    description: 'Counselling and psychotherapy in Urdu, Punjabi and English from counsellors who understand culture and faith.',
    location: { name: 'Kingsland Therapy Rooms', addressLine: '88 Kingsland High Street', postcode: 'E8 2NS', accessibility: ['quiet-space', 'step-free'] },
    service: { name: 'Urdu and Punjabi counselling', description: 'Culturally aware counselling for South Asian people, in person or online.', languages: ['ur', 'pa', 'en'], communities: ['pakistani', 'south-asian', 'muslim', 'women'], delivery: [InPerson, Online], interpreter: false },
    online: { name: 'Online counselling', description: 'Counselling by video or phone in Urdu, Punjabi or English.' },
    offerings: [
      o('Counselling session in Urdu', 'talking-and-complementary-therapies', 45, PerSession, SessionBlock, 'A 50-minute counselling session in Urdu.', { blocks: true }),
      o('Counselling session in Punjabi', 'talking-and-complementary-therapies', 45, PerSession, SessionBlock, 'A 50-minute counselling session in Punjabi.', { blocks: true }),
      o('Family therapy session', 'talking-and-complementary-therapies', 70, PerSession, SessionBlock, 'Therapy with family members present, in your language.', { blocks: true }),
      o('Women’s support group', 'peer-support', 5, PerSession, Service, 'A monthly group for South Asian women.'),
    ],
  },
  {
    key: 'provider-5', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'Counselling, family support and advice in Turkish and Kurdish for the communities of north Hackney.',
    location: { name: 'Anatolia Centre', addressLine: '117 Stoke Newington High Street', postcode: 'N16 0PH', accessibility: ['step-free'] },
    service: { name: 'Turkish and Kurdish counselling and support', description: 'Counselling, advocacy and English classes in Turkish and Kurmancî.', languages: ['tr', 'ku', 'en'], communities: ['turkish-kurdish', 'refugees-and-migrants'], delivery: [InPerson, Online], interpreter: true },
    offerings: [
      o('Counselling in Turkish', 'talking-and-complementary-therapies', 40, PerSession, SessionBlock, 'Counselling with a Turkish-speaking counsellor.', { blocks: true }),
      o('Counselling in Kurdish (Kurmancî)', 'talking-and-complementary-therapies', 40, PerSession, SessionBlock, 'Counselling with a Kurdish-speaking counsellor.', { blocks: true }),
      o('ESOL conversation café', 'education-and-training', 3, PerSession, Course, 'Practise English over tea and pastries.'),
      o('Advocacy and benefits help', 'advocacy', 25, PerHour, Service, 'Help with forms, benefits, housing and appointments.'),
    ],
  },
  {
    key: 'provider-6', kind: ProviderKind.CommunityMicroEnterprise, livedExperienceLed: false, payment: ALL_PAY,
    description: 'A small studio teaching African clothes-making and tailoring in Dalston.',
    location: { name: 'Dalston Studio', addressLine: 'Unit 3, 21 Ashwin Street', postcode: 'E8 3DL', accessibility: [] },
    service: { name: 'African clothes-making', description: 'Courses in cutting, sewing and tailoring with African prints.', languages: ['en', 'yo', 'tw'], communities: ['black-african'], delivery: [InPerson], interpreter: false },
    offerings: [
      o('African clothes-making course (10 weeks)', 'arts-and-crafts', 180, OneOff, Course, 'Make your own outfit from African wax prints.'),
      o('Clothes-making taster day', 'arts-and-crafts', 25, OneOff, Course, 'A day to try cutting and sewing.'),
      o('Sewing machine', 'arts-and-crafts', 150, OneOff, Item, 'A reliable sewing machine to carry on at home.'),
      o('African print fabric pack', 'arts-and-crafts', 40, OneOff, Item, 'Six yards of wax print and thread.'),
      o('Tailoring masterclass', 'education-and-training', 60, OneOff, Course, 'Fitting and finishing with a master tailor.'),
    ],
  },
  {
    key: 'provider-7', kind: ProviderKind.MainstreamBusiness, livedExperienceLed: false, payment: [PaymentMethod.Card],
    description: 'An independent community gym with trainers who work with people building confidence.',
    location: { name: 'Shoreditch Community Gym', addressLine: '200 Great Eastern Street', postcode: 'EC2A 3HT', accessibility: ['step-free', 'accessible-toilet'] },
    service: { name: 'Gym and personal training', description: 'Memberships, inductions and personal training.', languages: ['en'], communities: [], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Gym membership (monthly)', 'fitness-and-exercise', 28, PerMonth, Membership, 'Unlimited gym use with a free induction.'),
      o('Gym membership (3 months)', 'fitness-and-exercise', 75, OneOff, Membership, 'Three months of gym use.'),
      o('Gym membership (12 months)', 'fitness-and-exercise', 280, OneOff, Membership, 'A year of gym use.'),
      o('Personal trainer session', 'fitness-and-exercise', 35, PerHour, SessionBlock, 'One-to-one training at your pace.', { blocks: true }),
      o('Boxing fitness class', 'fitness-and-exercise', 8, PerSession, Service, 'Non-contact boxing fitness.', { blocks: true }),
      o('Swimming pool access (monthly)', 'fitness-and-exercise', 20, PerMonth, Membership, 'Pool and sauna access at quiet times.'),
      o('Yoga at the gym', 'fitness-and-exercise', 7, PerSession, Service, 'A beginners’ yoga class.', { blocks: true }),
    ],
  },
  {
    key: 'provider-8', kind: ProviderKind.UserLed, livedExperienceLed: true, payment: INVOICE,
    description: 'Walking and cycling on the Lea Valley, led by members who use it to stay well.',
    location: { name: 'Springfield Park Boathouse', addressLine: 'Springfield Park', postcode: 'E5 9EF', accessibility: [] },
    service: { name: 'Walking and cycling club', description: 'Group walks, cycling lessons and bike loans.', languages: ['en'], communities: [], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Club membership (a year)', 'fitness-and-exercise', 30, OneOff, Membership, 'Join every walk and ride for a year.'),
      o('Bike loan (three months)', 'travel-and-transport', 60, OneOff, Service, 'A serviced bike, lock and helmet on loan.'),
      o('Cycling lessons', 'fitness-and-exercise', 20, PerSession, SessionBlock, 'Learn to ride or ride confidently in traffic.', { blocks: true }),
      o('Nordic walking course', 'fitness-and-exercise', 40, OneOff, Course, 'Six weeks of Nordic walking with poles provided.'),
    ],
  },
  {
    key: 'provider-9', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: ALL_PAY,
    description: 'Devices, data and digital skills so people can stay connected to services, family and work.',
    location: { name: 'Stay Connected Hub', addressLine: '5 Mare Street', postcode: 'E8 4RP', accessibility: ['step-free', 'large-print'] },
    service: { name: 'Stay Connected', description: 'Smartphones, laptops, SIMs and help to use them.', languages: ['en', 'pl', 'bn', 'so'], communities: [], delivery: [InPerson, AtHome], interpreter: true },
    online: { name: 'Online digital skills', description: 'Digital skills lessons by video.' },
    offerings: [
      o('Smartphone and SIM (Stay Connected fast-track)', 'technical-and-computer-equipment', 135, OneOff, Item, 'A smartphone with a year of calls and data, set up for you.'),
      o('Laptop for a college course', 'technical-and-computer-equipment', 350, OneOff, Item, 'A laptop with office software and a year of support.'),
      o('Tablet with data', 'technical-and-computer-equipment', 180, OneOff, Item, 'A tablet with six months of data.'),
      o('Home broadband (monthly)', 'technical-and-computer-equipment', 25, PerMonth, Service, 'Broadband at home, no credit check.'),
      o('Digital skills course', 'education-and-training', 40, OneOff, Course, 'Email, video calls, online forms and staying safe online.'),
      o('Help at home to set up a device', 'technical-and-computer-equipment', 20, PerHour, Service, 'A volunteer comes to set up your device.'),
    ],
  },
  {
    key: 'provider-10', kind: ProviderKind.MainstreamBusiness, livedExperienceLed: false, payment: INVOICE,
    description: 'Adult education courses in Hackney, from English and maths to photography and IT.',
    location: { name: 'Hackney Adult Learning Centre', addressLine: '1 Reading Lane', postcode: 'E8 1GQ', accessibility: ['step-free', 'hearing-loop', 'accessible-toilet', 'large-print'] },
    service: { name: 'Adult courses', description: 'Accredited and leisure courses for adults.', languages: ['en'], communities: [], delivery: [InPerson, Online], interpreter: false },
    offerings: [
      o('ESOL Entry 1–3 course', 'education-and-training', 120, OneOff, Course, 'A term of English for speakers of other languages.'),
      o('Functional skills maths', 'education-and-training', 90, OneOff, Course, 'Maths for work and everyday life.'),
      o('Introduction to IT', 'education-and-training', 150, OneOff, Course, 'Computers, email and office software.'),
      o('Photography for beginners', 'arts-and-crafts', 160, OneOff, Course, 'Ten weeks of photography.'),
      o('Driving theory course', 'education-and-training', 50, OneOff, Course, 'Prepare for the theory test.'),
      o('Creative writing course', 'arts-and-crafts', 95, OneOff, Course, 'Write poems and stories in a friendly group.'),
      o('Bookkeeping for beginners', 'education-and-training', 130, OneOff, Course, 'A first step towards office work.'),
      o('Driving lessons', 'education-and-training', 32, PerHour, SessionBlock, 'Lessons with a patient instructor.', { blocks: true }),
    ],
  },
  {
    key: 'provider-11', kind: ProviderKind.FaithGroup, livedExperienceLed: false, payment: INVOICE,
    description: 'Wellbeing support for the Orthodox Jewish community in Stamford Hill.',
    location: { name: 'Stamford Hill Community Centre', addressLine: '40 Clapton Common', postcode: 'E5 9AL', accessibility: ['women-only-sessions'] },
    service: { name: 'Jewish community wellbeing', description: 'Counselling, social groups and cooking classes respecting Jewish practice.', languages: ['en', 'yi'], communities: ['jewish'], delivery: [InPerson, AtHome], interpreter: false },
    offerings: [
      o('Counselling in Yiddish or English', 'talking-and-complementary-therapies', 45, PerSession, SessionBlock, 'Counselling from a counsellor who shares the community’s practice.', { blocks: true }),
      o('Men’s social group', 'social-and-community', 4, PerSession, Service, 'A weekly group for men.'),
      o('Women’s social group', 'social-and-community', 4, PerSession, Service, 'A weekly group for women.'),
      o('Kosher cooking class', 'social-and-community', 10, PerSession, Course, 'Cook together in a kosher kitchen.'),
    ],
  },
  {
    key: 'provider-12', kind: ProviderKind.FaithGroup, livedExperienceLed: false, payment: INVOICE,
    description: 'Seva, community and wellbeing at a Hoxton gurdwara community centre.',
    location: { name: 'Hoxton Sikh Sewa Centre', addressLine: '62 Hoxton Street', postcode: 'N1 6LP', accessibility: ['step-free'] },
    service: { name: 'Sikh community wellbeing', description: 'Yoga, music, langar and support in Punjabi and English.', languages: ['pa', 'en'], communities: ['sikh', 'south-asian'], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Sikh clothing (kurta and dastar)', 'self-care-and-wellbeing', 60, OneOff, Item, 'Traditional clothing for worship and celebration.'),
      o('Yoga for wellbeing', 'fitness-and-exercise', 6, PerSession, Service, 'Gentle yoga with breathing.', { blocks: true }),
      o('Punjabi music lessons (harmonium)', 'arts-and-crafts', 15, PerSession, SessionBlock, 'Learn kirtan on the harmonium.', { blocks: true }),
      o('Befriending in Punjabi', 'peer-support', 10, PerHour, Service, 'A befriender who speaks Punjabi.'),
    ],
  },
  {
    key: 'provider-13', kind: ProviderKind.PeerLed, livedExperienceLed: true, payment: INVOICE,
    description: 'Peer support and counselling for LGBTQ+ people, run by LGBTQ+ people.',
    location: { name: 'Rainbow Rooms', addressLine: '9 Columbia Road', postcode: 'E2 7RG', accessibility: ['step-free', 'quiet-space'] },
    service: { name: 'LGBTQ+ peer support', description: 'Groups, socials and counselling with LGBTQ+ counsellors.', languages: ['en'], communities: ['lgbtq', 'young-adults'], delivery: [InPerson, Online], interpreter: false },
    offerings: [
      o('LGBTQ+ peer support group', 'peer-support', 0, PerSession, Service, 'A weekly group for LGBTQ+ adults.'),
      o('Trans and non-binary peer group', 'peer-support', 0, PerSession, Service, 'A group for trans and non-binary people.'),
      o('Counselling with an LGBTQ+ counsellor', 'talking-and-complementary-therapies', 40, PerSession, SessionBlock, 'Counselling that understands your life.', { blocks: true }),
      o('Social evening', 'social-and-community', 3, PerSession, Service, 'An alcohol-free social evening.'),
    ],
  },
  {
    key: 'provider-14', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'Community growing spaces and gardening courses in Homerton.',
    location: { name: 'Homerton Growing Garden', addressLine: 'Ballance Road', postcode: 'E9 5SR', accessibility: [] },
    service: { name: 'Growing together', description: 'Shared allotments, gardening courses and tools.', languages: ['en'], communities: [], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Allotment share (a year)', 'social-and-community', 40, OneOff, Membership, 'Your own bed in a shared allotment.'),
      o('Gardening course', 'education-and-training', 50, OneOff, Course, 'Eight weeks of growing food.'),
      o('Gardening tool kit', 'social-and-community', 45, OneOff, Item, 'Gloves, fork, trowel and seeds.'),
      o('Garden help at home', 'home-support', 15, PerHour, Service, 'Volunteers help with your garden.'),
    ],
  },
  {
    key: 'provider-15', kind: ProviderKind.CommunityMicroEnterprise, livedExperienceLed: false, payment: ALL_PAY,
    description: 'Drum, guitar and band lessons for adults of every level.',
    location: { name: 'East London Music Rooms', addressLine: '14 Morning Lane', postcode: 'E9 6NA', accessibility: ['step-free'] },
    service: { name: 'Music lessons', description: 'Drums, guitar and band workshops.', languages: ['en', 'pt'], communities: [], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Drum lessons', 'arts-and-crafts', 25, PerHour, SessionBlock, 'One-to-one drum lessons.', { blocks: true }),
      o('Drum kit', 'arts-and-crafts', 300, OneOff, Item, 'A starter drum kit with practice pads.'),
      o('Guitar lessons', 'arts-and-crafts', 25, PerHour, SessionBlock, 'One-to-one guitar lessons.', { blocks: true }),
      o('Band workshop', 'arts-and-crafts', 12, PerSession, Service, 'Play in a band with others.'),
    ],
  },
  {
    key: 'provider-16', kind: ProviderKind.MainstreamBusiness, livedExperienceLed: false, payment: [PaymentMethod.Card, PaymentMethod.Invoice],
    description: 'Yoga, acupuncture, hypnotherapy and massage in Dalston.',
    location: { name: 'Kingsland Wellbeing Studio', addressLine: '250 Kingsland Road', postcode: 'E8 4DG', accessibility: ['quiet-space'] },
    service: { name: 'Complementary therapies', description: 'Classes and treatments for body and mind.', languages: ['en', 'es'], communities: [], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Yoga class', 'talking-and-complementary-therapies', 10, PerSession, Service, 'A drop-in hatha yoga class.'),
      o('Yoga 10-class pass', 'talking-and-complementary-therapies', 85, OneOff, SessionBlock, 'Ten classes to use in three months.'),
      o('Acupuncture', 'talking-and-complementary-therapies', 45, PerSession, SessionBlock, 'Traditional acupuncture.', { blocks: true }),
      o('Hypnotherapy', 'talking-and-complementary-therapies', 60, PerSession, SessionBlock, 'Hypnotherapy for anxiety and sleep.', { blocks: true }),
      o('Massage therapy', 'self-care-and-wellbeing', 50, PerHour, Service, 'Therapeutic massage.'),
      o('Wine and paint evening', 'arts-and-crafts', 30, OneOff, Service, 'Painting with a glass of wine.', { exclusion: PhbExclusion.Alcohol }),
    ],
  },
  {
    key: 'provider-17', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'Accessible community transport, including taxis to health appointments.',
    location: { name: 'Hackney Community Transport depot', addressLine: 'Hoxton Street', postcode: 'N1 6SH', accessibility: ['step-free'] },
    service: { name: 'Community transport', description: 'Door-to-door journeys for people who find travel hard.', languages: ['en'], communities: [], delivery: [AtHome], interpreter: false },
    offerings: [
      o('Taxi to a depot injection appointment', 'travel-and-transport', 18, OneOff, Service, 'A return journey to your clinic.'),
      o('Monthly travel support', 'travel-and-transport', 60, PerMonth, Service, 'Up to eight journeys a month.'),
      o('Dial-a-ride membership', 'travel-and-transport', 10, PerMonth, Membership, 'Book door-to-door rides.'),
      o('Journey to visit family', 'travel-and-transport', 45, OneOff, Service, 'A longer return journey to see family.'),
    ],
  },
  {
    key: 'provider-18', kind: ProviderKind.UserLed, livedExperienceLed: true, payment: INVOICE,
    description: 'Cooking together to eat well, cheaply, and in good company.',
    location: { name: 'Well Fed Kitchen', addressLine: '3 Vyner Street', postcode: 'E2 9DG', accessibility: ['step-free', 'accessible-toilet'] },
    service: { name: 'Cooking together', description: 'Cooking classes including Somali and Bengali home cooking.', languages: ['en', 'so', 'bn'], communities: ['black-african', 'bangladeshi'], delivery: [InPerson], interpreter: false },
    offerings: [
      o('Cooking class', 'social-and-community', 8, PerSession, Service, 'Cook and eat together.', { blocks: true }),
      o('Six-week cooking course', 'education-and-training', 45, OneOff, Course, 'Healthy cooking on a budget.'),
      o('Somali home cooking', 'social-and-community', 8, PerSession, Service, 'Culturally specific cooking class.'),
      o('Bengali home cooking', 'social-and-community', 8, PerSession, Service, 'Culturally specific cooking class.'),
    ],
  },
  {
    key: 'provider-19', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'Advice, advocacy and counselling in Polish and Romanian.',
    location: { name: 'Walthamstow Advice Centre', addressLine: '18 Hoe Street', postcode: 'E17 4PG', accessibility: ['step-free'] },
    service: { name: 'Advice and counselling', description: 'Help with rights, forms and wellbeing in Polish and Romanian.', languages: ['pl', 'ro', 'en'], communities: ['eastern-european', 'refugees-and-migrants'], delivery: [InPerson, Online], interpreter: true },
    offerings: [
      o('Advocacy and form-filling help', 'advocacy', 20, PerHour, Service, 'Help with benefits, housing and appointments.'),
      o('Counselling in Polish', 'talking-and-complementary-therapies', 40, PerSession, SessionBlock, 'Counselling with a Polish-speaking counsellor.', { blocks: true }),
      o('Counselling in Romanian', 'talking-and-complementary-therapies', 40, PerSession, SessionBlock, 'Counselling with a Romanian-speaking counsellor.', { blocks: true }),
    ],
  },
  {
    key: 'provider-20', kind: ProviderKind.Voluntary, livedExperienceLed: false, payment: INVOICE,
    description: 'The local Mind: advocacy, counselling, peer support and personal assistance.',
    location: { name: 'Mind in the City', addressLine: '8–10 Tudor Road', postcode: 'E9 7SN', accessibility: ['step-free', 'hearing-loop', 'accessible-toilet'] },
    service: { name: 'Mental health support', description: 'Advocacy, counselling, peer support and support workers.', languages: ['en', 'bfi'], communities: [], delivery: [InPerson, AtHome, Online], interpreter: true },
    offerings: [
      o('Independent mental health advocacy', 'advocacy', 30, PerHour, Service, 'An advocate for ward rounds, tribunals and reviews.'),
      o('Short-term counselling', 'talking-and-complementary-therapies', 35, PerSession, SessionBlock, 'Up to twelve sessions of counselling.', { blocks: true }),
      o('Personal assistant support', 'personal-assistance', 16, PerHour, Service, 'A support worker for everyday tasks and outings.'),
      o('Wellbeing college course', 'education-and-training', 0, OneOff, Course, 'Free courses on living well with mental health problems.'),
      o('Crisis café drop-in', 'peer-support', 0, PerSession, Service, 'An evening café with peer workers when things are hard.'),
      o('Anxiety management course', 'self-care-and-wellbeing', 0, OneOff, Course, 'Six weeks of practical ways to manage anxiety.'),
      o('Help at home after hospital', 'home-support', 18, PerHour, Service, 'Practical help at home in the weeks after discharge.'),
    ],
  },
];
