/**
 * What Kinwell tells people, in each language it writes in. A notification stores only its key and
 * parameters; the words are chosen when it is read or sent, in the reader's language. `title` is short
 * and names nobody (it is the email subject and the SMS, which a lock screen shows); `body` has the detail.
 * `{name}` placeholders; parameters ending in `On` are dates (YYYY-MM-DD), written the reader's way.
 */
export const NOTIFICATION_KEYS = [
  'item.approved',
  'item.declined',
  'item.changes_asked',
  'appeal.approved',
  'appeal.declined',
  'payment.made',
  'receipt.missing',
  'receipt.cards_frozen',
  'review.due',
  'plan.activated',
  'approval.waiting',
  'approval.overdue',
  'approval.escalated',
  'request.new',
  'referral.new',
  'review.rapid_asked',
  'item.unpaid',
  'exception.raised',
  'listing.approved',
  'listing.changes_asked',
  'listing.stale',
  'listing.hidden',
  'order.new',
  'invoice.paid',
  'digest.weekly',
  'legacy',
] as const;
export type NotificationKey = (typeof NOTIFICATION_KEYS)[number];

interface Text {
  title: string;
  body: string;
}

const EN: Record<NotificationKey, Text> = {
  'item.approved': { title: 'Something in your plan is approved', body: '"{item}" ({amount}) is approved. Your broker will arrange it.' },
  'item.declined': {
    title: 'A decision on your plan',
    body: '"{item}" was not approved. The reason given: {reason}\n\nYou can appeal: ask your broker, or open your plan.',
  },
  'item.changes_asked': {
    title: 'Changes are asked for in your plan',
    body: 'The people deciding on "{item}" have asked for changes: {reason}\n\nYour broker will talk to you about them.',
  },
  'appeal.approved': { title: 'Your appeal is decided', body: 'On appeal, "{item}" ({amount}) is approved.' },
  'appeal.declined': {
    title: 'Your appeal is decided',
    body: 'On appeal, "{item}" was still not approved. The reason given: {reason}\n\nYour broker can tell you what you can do next.',
  },
  'payment.made': { title: 'A payment has been made', body: '{amount} has been paid for "{item}".' },
  'receipt.missing': {
    title: 'A receipt is missing',
    body: 'A receipt for {amount} spent {days} days ago is still missing. Add a photo or PDF of it to your plan.',
  },
  'receipt.cards_frozen': {
    title: 'Card frozen until a receipt arrives',
    body: 'No receipt {days} days after a payment, so cards on this plan are frozen. Add the receipt and ask your broker to unfreeze them.',
  },
  'review.due': {
    title: 'Your plan review is coming up',
    body: 'Your plan has a review due on {dueOn}. Your broker will arrange it with you.',
  },
  'plan.activated': { title: 'Your plan is active', body: 'Your support plan is signed and active. What it pays for can now be bought.' },
  'approval.waiting': {
    title: 'Something is waiting for your decision',
    body: '"{item}" ({amount}) is waiting for your decision. Please decide by {dueOn}.',
  },
  'approval.overdue': {
    title: 'A decision is overdue',
    body: '"{item}" ({amount}) was due a decision by {dueOn} and is still waiting for you.',
  },
  'approval.escalated': {
    title: 'A decision is overdue in your area',
    body: '"{item}" ({amount}) was due a decision by {dueOn}. It is still waiting, {days} working days late.',
  },
  'request.new': { title: 'A new request for a budget', body: 'Request {reference} has come in. Reply by {replyOn}.' },
  'referral.new': { title: 'A new referral', body: 'Referral {reference} has come in from {from}. Reply by {replyOn}.' },
  'review.rapid_asked': {
    title: 'A rapid review is asked for',
    body: 'Someone has asked for a rapid review of a plan because needs have changed. It is due by {dueOn}.',
  },
  'item.unpaid': {
    title: 'An approved item is not paid yet',
    body: '"{item}" ({amount}) was approved {days} days ago and has not been bought or paid.',
  },
  'exception.raised': { title: 'Spend needs checking', body: 'A spend on a plan needs checking: {reason}' },
  'listing.approved': { title: 'Your listing change is approved', body: 'Your change to "{name}" is approved and people can see it now.' },
  'listing.changes_asked': {
    title: 'Changes are asked for in your listing',
    body: 'Your change to "{name}" was not approved yet. The moderator said: {reason}',
  },
  'listing.stale': {
    title: 'Is your listing still correct?',
    body: '"{name}" has not been confirmed for a while. Confirm it is still correct, or it will be hidden from search on {hideOn}.',
  },
  'listing.hidden': {
    title: 'Your listing is hidden',
    body: '"{name}" has been hidden from search because nobody confirmed it is still correct. Confirm it to show it again.',
  },
  'order.new': { title: 'A new order', body: 'An order for "{item}" ({amount}) has come in.' },
  'invoice.paid': { title: 'An invoice is paid', body: 'Invoice {number} for {amount} has been paid.' },
  'digest.weekly': {
    title: 'Your area this week',
    body: 'In the last 7 days: {requests} new requests, {decided} items decided, {waiting} waiting for a decision ({overdue} overdue), {paid} paid. Open the insights for the detail.',
  },
  legacy: { title: '{title}', body: '{body}' },
};

const UR: Record<NotificationKey, Text> = {
  'item.approved': {
    title: 'آپ کے منصوبے میں کچھ منظور ہو گیا ہے',
    body: '"{item}" ({amount}) منظور ہو گیا ہے۔ آپ کا بروکر اس کا انتظام کرے گا۔',
  },
  'item.declined': {
    title: 'آپ کے منصوبے پر ایک فیصلہ',
    body: '"{item}" منظور نہیں ہوا۔ بتائی گئی وجہ: {reason}\n\nآپ اپیل کر سکتے ہیں: اپنے بروکر سے کہیں، یا اپنا منصوبہ کھولیں۔',
  },
  'item.changes_asked': {
    title: 'آپ کے منصوبے میں تبدیلیاں مانگی گئی ہیں',
    body: '"{item}" پر فیصلہ کرنے والوں نے تبدیلیاں مانگی ہیں: {reason}\n\nآپ کا بروکر آپ سے ان کے بارے میں بات کرے گا۔',
  },
  'appeal.approved': { title: 'آپ کی اپیل کا فیصلہ ہو گیا ہے', body: 'اپیل پر "{item}" ({amount}) منظور ہو گیا ہے۔' },
  'appeal.declined': {
    title: 'آپ کی اپیل کا فیصلہ ہو گیا ہے',
    body: 'اپیل پر بھی "{item}" منظور نہیں ہوا۔ بتائی گئی وجہ: {reason}\n\nآپ کا بروکر بتا سکتا ہے کہ آگے آپ کیا کر سکتے ہیں۔',
  },
  'payment.made': { title: 'ایک ادائیگی ہو گئی ہے', body: '"{item}" کے لیے {amount} ادا کر دیے گئے ہیں۔' },
  'receipt.missing': {
    title: 'ایک رسید نہیں ملی',
    body: '{days} دن پہلے خرچ کیے گئے {amount} کی رسید ابھی تک نہیں ملی۔ اس کی تصویر یا PDF اپنے منصوبے میں شامل کریں۔',
  },
  'receipt.cards_frozen': {
    title: 'رسید آنے تک کارڈ روک دیا گیا ہے',
    body: 'ادائیگی کے {days} دن بعد بھی رسید نہیں ملی، اس لیے اس منصوبے کے کارڈ روک دیے گئے ہیں۔ رسید شامل کریں اور اپنے بروکر سے انہیں دوبارہ چلانے کو کہیں۔',
  },
  'review.due': {
    title: 'آپ کے منصوبے کا جائزہ قریب ہے',
    body: 'آپ کے منصوبے کا جائزہ {dueOn} کو ہونا ہے۔ آپ کا بروکر آپ کے ساتھ اس کا انتظام کرے گا۔',
  },
  'plan.activated': {
    title: 'آپ کا منصوبہ فعال ہے',
    body: 'آپ کے معاون منصوبے پر دستخط ہو گئے ہیں اور یہ فعال ہے۔ جس چیز کی یہ ادائیگی کرتا ہے وہ اب خریدی جا سکتی ہے۔',
  },
  'approval.waiting': {
    title: 'کچھ آپ کے فیصلے کا منتظر ہے',
    body: '"{item}" ({amount}) آپ کے فیصلے کا منتظر ہے۔ براہ کرم {dueOn} تک فیصلہ کریں۔',
  },
  'approval.overdue': {
    title: 'ایک فیصلے میں تاخیر ہو گئی ہے',
    body: '"{item}" ({amount}) کا فیصلہ {dueOn} تک ہونا تھا اور یہ ابھی تک آپ کا منتظر ہے۔',
  },
  'approval.escalated': {
    title: 'آپ کے علاقے میں ایک فیصلے میں تاخیر ہو گئی ہے',
    body: '"{item}" ({amount}) کا فیصلہ {dueOn} تک ہونا تھا۔ یہ ابھی تک منتظر ہے، {days} کام کے دن دیر سے۔',
  },
  'request.new': { title: 'بجٹ کی ایک نئی درخواست', body: 'درخواست {reference} آئی ہے۔ {replyOn} تک جواب دیں۔' },
  'referral.new': { title: 'ایک نیا حوالہ', body: 'حوالہ {reference} {from} کی طرف سے آیا ہے۔ {replyOn} تک جواب دیں۔' },
  'review.rapid_asked': {
    title: 'فوری جائزہ مانگا گیا ہے',
    body: 'ضروریات بدلنے کی وجہ سے کسی نے ایک منصوبے کا فوری جائزہ مانگا ہے۔ یہ {dueOn} تک ہونا ہے۔',
  },
  'item.unpaid': {
    title: 'ایک منظور شدہ چیز کی ابھی ادائیگی نہیں ہوئی',
    body: '"{item}" ({amount}) {days} دن پہلے منظور ہوا تھا اور ابھی تک نہ خریدا گیا ہے نہ ادا کیا گیا ہے۔',
  },
  'exception.raised': { title: 'خرچ کی جانچ ضروری ہے', body: 'ایک منصوبے کے ایک خرچ کی جانچ ضروری ہے: {reason}' },
  'listing.approved': {
    title: 'آپ کی فہرست میں تبدیلی منظور ہو گئی ہے',
    body: '"{name}" میں آپ کی تبدیلی منظور ہو گئی ہے اور لوگ اب اسے دیکھ سکتے ہیں۔',
  },
  'listing.changes_asked': {
    title: 'آپ کی فہرست میں تبدیلیاں مانگی گئی ہیں',
    body: '"{name}" میں آپ کی تبدیلی ابھی منظور نہیں ہوئی۔ ماڈریٹر نے کہا: {reason}',
  },
  'listing.stale': {
    title: 'کیا آپ کی فہرست اب بھی درست ہے؟',
    body: '"{name}" کی کچھ عرصے سے تصدیق نہیں ہوئی۔ تصدیق کریں کہ یہ اب بھی درست ہے، ورنہ یہ {hideOn} کو تلاش سے چھپا دی جائے گی۔',
  },
  'listing.hidden': {
    title: 'آپ کی فہرست چھپا دی گئی ہے',
    body: '"{name}" تلاش سے چھپا دی گئی ہے کیونکہ کسی نے تصدیق نہیں کی کہ یہ اب بھی درست ہے۔ اسے دوبارہ دکھانے کے لیے تصدیق کریں۔',
  },
  'order.new': { title: 'ایک نیا آرڈر', body: '"{item}" ({amount}) کا ایک آرڈر آیا ہے۔' },
  'invoice.paid': { title: 'ایک انوائس ادا ہو گئی ہے', body: '{amount} کی انوائس {number} ادا ہو گئی ہے۔' },
  'digest.weekly': {
    title: 'اس ہفتے آپ کا علاقہ',
    body: 'پچھلے 7 دنوں میں: {requests} نئی درخواستیں، {decided} چیزوں کا فیصلہ ہوا، {waiting} فیصلے کی منتظر ({overdue} تاخیر سے)، {paid} ادا ہوئیں۔ تفصیل کے لیے بصیرتیں کھولیں۔',
  },
  legacy: { title: '{title}', body: '{body}' },
};

const TEXTS: Record<string, Record<NotificationKey, Text>> = { en: EN, ur: UR };
const LOCALES: Record<string, string> = { en: 'en-GB', ur: 'ur-PK' };

export const SIGN_IN_TO_SEE: Record<string, string> = {
  en: 'Sign in to Kinwell to see it',
  ur: 'اسے دیکھنے کے لیے Kinwell میں سائن ان کریں',
};

export interface RenderedNotification {
  title: string;
  body: string;
}

/** The words of a notification in `language` (English where Kinwell does not write that language yet). */
export function renderNotification(key: string, params: Record<string, string>, language: string): RenderedNotification {
  const texts = TEXTS[language] ?? EN;
  const text = texts[key as NotificationKey] ?? EN.legacy;
  const locale = LOCALES[language] ?? 'en-GB';
  const value = (name: string): string | undefined => {
    const raw = params[name];
    if (raw === undefined || !name.endsWith('On') || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${raw}T00:00:00Z`),
    );
  };
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, name: string) => value(name) ?? whole);
  return { title: fill(text.title), body: fill(text.body) };
}
