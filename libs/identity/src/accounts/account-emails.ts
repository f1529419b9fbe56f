/**
 * The emails accounts send, in each language Kinwell writes in. They live with the rules that send them,
 * so an API-only install writes the same words as the pages; `{name}` style placeholders.
 */
export type AccountEmailKind =
  | 'invitation'
  | 'verify_email'
  | 'reset_password'
  | 'sign_in_link'
  | 'already_registered'
  | 'registration_received'
  | 'registration_approved'
  | 'registration_rejected';

type Texts = Record<AccountEmailKind, { subject: string; body: string }>;

const FOOTER_EN = '\n\nIf you did not expect this email, you can ignore it. Nobody can use your account without the link.\n\nKinwell';
const FOOTER_UR =
  '\n\nاگر آپ کو اس ای میل کی توقع نہیں تھی تو اسے نظر انداز کر دیں۔ لنک کے بغیر کوئی آپ کا اکاؤنٹ استعمال نہیں کر سکتا۔\n\nKinwell';

const TEXTS: Record<string, Texts> = {
  en: {
    invitation: {
      subject: 'You are invited to Kinwell',
      body: 'Hello {name},\n\n{inviter} has invited you to Kinwell {purpose}.\n\nTo accept, open this link. It works once, until {expires}:\n{link}',
    },
    verify_email: {
      subject: 'Confirm your email address',
      body: 'Hello {name},\n\nTo confirm this is your email address, open this link. It works once, until {expires}:\n{link}',
    },
    reset_password: {
      subject: 'Reset your Kinwell password',
      body: 'Hello {name},\n\nSomeone asked to reset the password for your Kinwell account. If it was you, open this link to choose a new password. It works once, for 1 hour:\n{link}',
    },
    sign_in_link: {
      subject: 'Your link to sign in to Kinwell',
      body: 'Hello {name},\n\nOpen this link to sign in to Kinwell. It works once, for 15 minutes:\n{link}',
    },
    already_registered: {
      subject: 'You already have a Kinwell account',
      body: 'Hello {name},\n\nSomeone tried to register with this email address, but it already has a Kinwell account. You can sign in here:\n{link}\n\nIf you have forgotten your password, use "Forgotten your password?" on that page.',
    },
    registration_received: {
      subject: 'We have your registration for {organisation}',
      body: 'Hello {name},\n\nThank you for registering {organisation}. A moderator in your area will check it, usually within 5 working days. We will email you when they have decided.\n\nFirst, confirm your email address with this link. It works once, until {expires}:\n{link}',
    },
    registration_approved: {
      subject: '{organisation} is approved',
      body: 'Hello {name},\n\n{organisation} has been approved. You can now list your services and invite colleagues:\n{link}',
    },
    registration_rejected: {
      subject: 'About your registration for {organisation}',
      body: 'Hello {name},\n\nA moderator could not approve {organisation}. They said:\n\n{reason}\n\nYou can reply to this email or contact your local commissioning team to talk about it.',
    },
  },
  ur: {
    invitation: {
      subject: 'آپ کو Kinwell میں مدعو کیا گیا ہے',
      body: 'السلام علیکم {name}،\n\n{inviter} نے آپ کو Kinwell میں مدعو کیا ہے {purpose}۔\n\nقبول کرنے کے لیے یہ لنک کھولیں۔ یہ ایک بار، {expires} تک کام کرے گا:\n{link}',
    },
    verify_email: {
      subject: 'اپنے ای میل پتے کی تصدیق کریں',
      body: 'السلام علیکم {name}،\n\nیہ تصدیق کرنے کے لیے کہ یہ آپ کا ای میل پتہ ہے، یہ لنک کھولیں۔ یہ ایک بار، {expires} تک کام کرے گا:\n{link}',
    },
    reset_password: {
      subject: 'اپنا Kinwell پاس ورڈ دوبارہ بنائیں',
      body: 'السلام علیکم {name}،\n\nکسی نے آپ کے Kinwell اکاؤنٹ کا پاس ورڈ دوبارہ بنانے کو کہا ہے۔ اگر یہ آپ تھے تو نیا پاس ورڈ چننے کے لیے یہ لنک کھولیں۔ یہ ایک بار، 1 گھنٹے کے لیے کام کرے گا:\n{link}',
    },
    sign_in_link: {
      subject: 'Kinwell میں سائن ان کرنے کا آپ کا لنک',
      body: 'السلام علیکم {name}،\n\nKinwell میں سائن ان کرنے کے لیے یہ لنک کھولیں۔ یہ ایک بار، 15 منٹ کے لیے کام کرے گا:\n{link}',
    },
    already_registered: {
      subject: 'آپ کا Kinwell اکاؤنٹ پہلے سے موجود ہے',
      body: 'السلام علیکم {name}،\n\nکسی نے اس ای میل پتے سے رجسٹر کرنے کی کوشش کی، لیکن اس کا Kinwell اکاؤنٹ پہلے سے موجود ہے۔ آپ یہاں سائن ان کر سکتے ہیں:\n{link}\n\nاگر آپ پاس ورڈ بھول گئے ہیں تو اس صفحے پر "پاس ورڈ بھول گئے؟" استعمال کریں۔',
    },
    registration_received: {
      subject: '{organisation} کی رجسٹریشن ہمیں مل گئی ہے',
      body: 'السلام علیکم {name}،\n\n{organisation} کو رجسٹر کرنے کا شکریہ۔ آپ کے علاقے کا ایک ماڈریٹر اسے دیکھے گا، عام طور پر 5 کام کے دنوں میں۔ فیصلہ ہونے پر ہم آپ کو ای میل کریں گے۔\n\nپہلے، اس لنک سے اپنے ای میل پتے کی تصدیق کریں۔ یہ ایک بار، {expires} تک کام کرے گا:\n{link}',
    },
    registration_approved: {
      subject: '{organisation} منظور ہو گئی ہے',
      body: 'السلام علیکم {name}،\n\n{organisation} منظور ہو گئی ہے۔ اب آپ اپنی خدمات درج کر سکتے ہیں اور ساتھیوں کو مدعو کر سکتے ہیں:\n{link}',
    },
    registration_rejected: {
      subject: '{organisation} کی رجسٹریشن کے بارے میں',
      body: 'السلام علیکم {name}،\n\nایک ماڈریٹر {organisation} کو منظور نہیں کر سکا۔ انہوں نے کہا:\n\n{reason}\n\nاس پر بات کرنے کے لیے آپ اس ای میل کا جواب دے سکتے ہیں یا اپنی مقامی کمشننگ ٹیم سے رابطہ کر سکتے ہیں۔',
    },
  },
};

/** Why someone is invited, in words for the email's first line. */
const PURPOSES: Record<string, Record<string, string>> = {
  en: {
    holder: 'to see and agree your personal health budget plan',
    representative: 'to help {holder} with their personal health budget',
    staff: 'to join {organisation}',
  },
  ur: {
    holder: 'تاکہ آپ اپنے ذاتی ہیلتھ بجٹ کا منصوبہ دیکھ سکیں اور اس سے اتفاق کر سکیں',
    representative: 'تاکہ آپ {holder} کی ان کے ذاتی ہیلتھ بجٹ میں مدد کر سکیں',
    staff: 'تاکہ آپ {organisation} میں شامل ہو سکیں',
  },
};

const LOCALES: Record<string, string> = { en: 'en-GB', ur: 'ur-PK' };

const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);

export interface AccountEmail {
  to: string;
  subject: string;
  text: string;
  language: string;
}

/** An account email in the recipient's language (English where Kinwell does not write theirs). */
export function accountEmail(
  kind: AccountEmailKind,
  language: string,
  to: string,
  params: Record<string, string>,
  expiresAt?: Date,
): AccountEmail {
  const code = TEXTS[language] ? language : 'en';
  const texts = TEXTS[code][kind];
  const expires = expiresAt
    ? new Intl.DateTimeFormat(LOCALES[code], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' }).format(expiresAt)
    : '';
  const all = { ...params, expires };
  return { to, language: code, subject: fill(texts.subject, all), text: fill(texts.body, all) + (code === 'ur' ? FOOTER_UR : FOOTER_EN) };
}

export function invitationPurpose(kind: string, language: string, params: Record<string, string>): string {
  const code = PURPOSES[language] ? language : 'en';
  return fill(PURPOSES[code][kind] ?? '', params);
}
