import type { When } from '../hours.js';
import type { HelpText } from './types.js';

/**
 * Urdu (اردو), written right to left. AWAITING REVIEW by native speakers from the
 * community: a first translation of en.ts, marked as such on the page in Urdu and in
 * English. Phone numbers and times stay in Western digits, inside left-to-right spans.
 */
const WEEKDAYS = ['پیر', 'منگل', 'بدھ', 'جمعرات', 'جمعہ', 'ہفتہ', 'اتوار'];
const MONTHS = ['جنوری', 'فروری', 'مارچ', 'اپریل', 'مئی', 'جون', 'جولائی', 'اگست', 'ستمبر', 'اکتوبر', 'نومبر', 'دسمبر'];

const dayWords = (w: When): string =>
  w.day === 'today' ? 'آج' : w.day === 'tomorrow' ? 'کل' : w.day === 'this-week' ? `${WEEKDAYS[w.weekday]} کو` : `${w.date} ${MONTHS[w.month]} کو`;

export const ur: HelpText = {
  lang: 'ur',
  dir: 'rtl',
  name: 'اردو',
  review: {
    own: 'اس ترجمے کی جانچ ابھی ہماری کمیونٹی کے اردو بولنے والے افراد نے نہیں کی ہے۔',
    english: 'This translation is waiting to be checked by native speakers from our community.',
  },

  title: 'ابھی مدد حاصل کریں',
  intro: 'آپ اکیلے نہیں ہیں۔ یہاں بتایا گیا ہے کہ ابھی یا بعد میں مدد کیسے ملے گی۔',
  languages: 'زبان',

  dangerHeading: 'اگر آپ اس وقت خطرے میں ہیں',
  dangerText: 'اگر آپ کی جان خطرے میں ہے یا آپ کو شدید چوٹ لگی ہے تو ابھی 999 پر کال کریں۔ یا قریبی ایمرجنسی (A&E) میں جائیں۔',
  call999: '999 پر کال کریں',
  aeText: 'ایمرجنسی (A&E) آپ کے قریبی بڑے ہسپتال میں ہے۔ یہ دن رات کھلی رہتی ہے۔',

  urgentHeading: 'اگر آپ کو جلد کسی سے بات کرنی ہے',
  nhs111: 'NHS 111 پر کال کریں اور آپشن 2 چنیں۔ آپ ذہنی صحت کی ٹیم سے بات کر سکتے ہیں۔',
  call111: '111 پر کال کریں، آپشن 2',
  samaritans: 'Samaritans کو 116 123 پر کال کریں۔ یہ مفت ہے، دن ہو یا رات، کسی بھی وقت۔',
  callSamaritans: '116 123 پر کال کریں',
  shout: 'SHOUT لکھ کر 85258 پر ٹیکسٹ بھیجیں۔ کوئی آپ کو جواب دے گا۔',
  textShout: 'SHOUT کو 85258 پر ٹیکسٹ کریں',

  placeHeading: { safe_haven: 'ہماری محفوظ پناہ گاہ', crisis_cafe: 'ہمارا کرائسس کیفے', other: 'ہم سے ملنے آئیں' },
  hoursToday: (today) => {
    if (today.kind === 'closed') return today.bankHoliday ? 'آج بند ہے (بینک ہالیڈے)' : 'آج بند ہے';
    if (today.kind === 'all-day') return 'آج چوبیس گھنٹے کھلا ہے';
    return `آج کھلا ہے: ${today.periods.map((p) => `${p.from} سے ${p.toMidnight ? 'آدھی رات' : p.to} تک`).join(' اور ')}`;
  },
  openNow: (now) => {
    if (now.kind === 'always') return 'ابھی کھلا ہے، دن رات';
    if (now.kind === 'closed') return 'ابھی بند ہے';
    const w = now.at;
    const time = w.midnight ? 'آدھی رات' : w.time;
    if (now.kind === 'until') return w.day === 'today' ? `ابھی کھلا ہے، ${time} تک` : `ابھی کھلا ہے، ${dayWords(w)} ${time} تک`;
    return `ابھی بند ہے۔ ${dayWords(w)} ${time} بجے کھلے گا`;
  },
  hoursNote: 'اوقات برطانیہ کے وقت کے مطابق ہیں۔',
  address: 'ہم کہاں ہیں',
  gettingThere: 'یہاں کیسے پہنچیں',
  arrivingHeading: 'جب آپ یہاں آئیں',
  arriving: 'پہلے سے وقت لینے کی ضرورت نہیں۔ بس آ جائیں۔ کوئی آپ کو خوش آمدید کہے گا اور بیٹھنے کے لیے پرسکون جگہ دے گا۔ آپ بات کر سکتے ہیں، یا بس آرام کریں اور کچھ پی لیں۔ ہم آپ کی بات سنیں گے۔ ہم آپ کے بارے میں کوئی فیصلہ نہیں کریں گے۔',
  ages: (minAge) => `یہ ${minAge} سال اور اس سے زیادہ عمر کے لوگوں کے لیے ہے۔`,
  callUs: (number) => `ہمیں ${number} پر کال کریں`,

  peerHeading: 'کسی ایسے شخص سے بات کریں جو اس سے گزر چکا ہو',
  peerText: 'ہمارے پیئر ورکرز نے بھی مشکل وقت دیکھا ہے۔ وہ جانتے ہیں کہ یہ کیسا محسوس ہوتا ہے۔ آپ یہاں آ کر ان سے بات کر سکتے ہیں، یا ہم سے واپس کال کرنے کو کہہ سکتے ہیں۔',
  alsoRun: 'ہم یہ بھی چلاتے ہیں:',

  under16Heading: 'اگر آپ کی عمر 16 سال سے کم ہے',
  under16Named: (service) => `براہ کرم ${service} سے رابطہ کریں۔ وہ نوجوانوں کی مدد کرتے ہیں۔`,
  under16Fallback: 'براہ کرم کسی ایسے بڑے سے بات کریں جس پر آپ کو بھروسہ ہو۔ آپ Childline کو 0800 1111 پر مفت کال بھی کر سکتے ہیں۔',
  childline: 'Childline کو کال کریں',

  carersHeading: 'دیکھ بھال کرنے والوں اور گھر والوں کے لیے مدد',
  carersText: 'کیا آپ کا کوئی پیارا مشکل وقت سے گزر رہا ہے؟ آپ کو بھی سہارے کی ضرورت ہے۔ آپ ان کے ساتھ آ سکتے ہیں، یا اکیلے ہم سے بات کر سکتے ہیں۔',

  localHeading: 'آپ کے قریب دوسری مدد',
  localNone: 'اپنے قریب دوسری مدد کے بارے میں ہم سے پوچھیں۔',
  website: (name) => `${name} کی ویب سائٹ`,
  call: (number) => `${number} پر کال کریں`,

  formHeading: 'ہم سے واپس کال کرنے کو کہیں',
  formIntro: 'ہمیں بتائیں کہ ہم آپ سے کیسے رابطہ کریں۔ ہماری ٹیم کا کوئی فرد آپ سے رابطہ کرے گا۔',
  fields: {
    name: { label: 'ہم آپ کو کس نام سے پکاریں؟', hint: 'کوئی بھی نام ٹھیک ہے۔' },
    reach: { label: 'ہم آپ سے کیسے رابطہ کریں؟', hint: 'فون نمبر یا ای میل۔' },
    time: { label: 'کون سا وقت ٹھیک رہے گا؟', hint: 'مثال کے طور پر، شام 6 بجے کے بعد۔' },
    message: { label: 'کیا آپ ہمیں کچھ بتانا چاہتے ہیں؟', hint: 'بتانا ضروری نہیں۔' },
  },
  optional: '(یہ خالی چھوڑ سکتے ہیں)',
  send: 'بھیجیں',
  formPrivacy: 'یہ صرف ہماری ٹیم دیکھے گی۔',
  problems: {
    required: 'براہ کرم یہ بھریں۔',
    too_long: 'یہ بہت لمبا ہے۔ براہ کرم اسے چھوٹا کریں۔',
    too_short: 'یہ بہت چھوٹا ہے۔ براہ کرم اسے دیکھ لیں۔',
  },
  errorTitle: 'براہ کرم فارم دیکھ لیں',

  thanksTitle: 'شکریہ۔ ہمیں آپ کا پیغام مل گیا ہے۔',
  thanksText: 'آپ نے رابطہ کر کے اچھا کیا۔',
  nextHeading: 'آگے کیا ہو گا',
  nextText: 'ہماری ٹیم کا کوئی فرد جلد از جلد آپ کو واپس کال کرے گا۔ ہم آپ کے بتائے ہوئے وقت پر کال کرنے کی کوشش کریں گے۔ اگر رابطہ نہ ہو سکا تو ہم دوبارہ کوشش کریں گے۔',
  worseHeading: 'اگر انتظار کے دوران حالت زیادہ خراب ہو جائے',
  worseText: 'ہمارا انتظار نہ کریں۔ اگر آپ خطرے میں ہیں تو 999 پر کال کریں یا ایمرجنسی (A&E) جائیں۔ آپ NHS 111 پر کال کر کے آپشن 2 بھی چن سکتے ہیں، یا Samaritans کو 116 123 پر کال کر سکتے ہیں۔',
  backLink: 'مدد کے صفحے پر واپس جائیں',

  refusedTitle: 'یہ ابھی نہیں بھیجا جا سکا',
  tooFast: 'یہ بہت جلدی ہوا۔ براہ کرم اپنی تفصیل دیکھ لیں اور دوبارہ بھیجیں دبائیں۔',
  expired: 'یہ فارم بہت دیر سے کھلا تھا۔ براہ کرم اپنی تفصیل دیکھ لیں اور دوبارہ بھیجیں دبائیں۔',
  notSent: 'فارم میں کچھ ٹھیک نہیں تھا۔ براہ کرم اپنی تفصیل دیکھ لیں اور دوبارہ بھیجیں دبائیں۔',
  tooMany: 'پچھلے ایک گھنٹے میں یہاں سے بہت سے پیغامات آئے ہیں۔ ہم آپ سے رابطہ کریں گے۔ اگر آپ کو ابھی مدد چاہیے تو نیچے دیے گئے کسی نمبر پر کال کریں۔',

  notFoundTitle: 'ہمیں یہ صفحہ نہیں ملا',
  notFoundText: 'یہ صفحہ شاید کہیں اور چلا گیا ہے۔ آپ پھر بھی ابھی مدد حاصل کر سکتے ہیں۔',
  failedTitle: 'معاف کیجیے، ہماری طرف سے کچھ غلط ہو گیا',
};
