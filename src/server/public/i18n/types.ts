import type { OpenNow, Today } from '../hours.js';

/** The languages of the public help pages; English first (the default). */
export const LANGS = ['en', 'ur', 'pl'] as const;
export type Lang = (typeof LANGS)[number];

export type PlaceKind = 'safe_haven' | 'crisis_cafe' | 'other';
export type FieldName = 'name' | 'reach' | 'time' | 'message';
export type FieldProblem = 'required' | 'too_long' | 'too_short';

/**
 * Every word on the help pages, in one language. English is written at a reading age
 * of about 9 (help.test.ts checks it). Other languages are translations awaiting review
 * by native speakers from the community: `review` says so on the page, in the language
 * itself and in English.
 */
export interface HelpText {
  lang: Lang;
  dir: 'ltr' | 'rtl';
  /** The language's own name, for the switch. */
  name: string;
  /** Shown at the top when the translation still needs checking; null for English. */
  review: { own: string; english: string } | null;

  title: string;
  intro: string;
  languages: string;

  dangerHeading: string;
  dangerText: string;
  call999: string;
  aeText: string;

  urgentHeading: string;
  nhs111: string;
  call111: string;
  samaritans: string;
  callSamaritans: string;
  shout: string;
  textShout: string;

  placeHeading: Record<PlaceKind, string>;
  hoursToday: (today: Today) => string;
  openNow: (now: OpenNow) => string;
  hoursNote: string;
  address: string;
  gettingThere: string;
  arrivingHeading: string;
  arriving: string;
  ages: (minAge: number) => string;
  callUs: (number: string) => string;

  peerHeading: string;
  peerText: string;
  alsoRun: string;

  under16Heading: string;
  under16Named: (service: string) => string;
  under16Fallback: string;
  childline: string;

  carersHeading: string;
  carersText: string;

  localHeading: string;
  localNone: string;
  website: (name: string) => string;
  call: (number: string) => string;

  formHeading: string;
  formIntro: string;
  fields: Record<FieldName, { label: string; hint: string }>;
  optional: string;
  send: string;
  formPrivacy: string;
  problems: Record<FieldProblem, string>;
  errorTitle: string;

  thanksTitle: string;
  thanksText: string;
  nextHeading: string;
  nextText: string;
  worseHeading: string;
  worseText: string;
  backLink: string;

  refusedTitle: string;
  tooFast: string;
  expired: string;
  notSent: string;
  tooMany: string;

  /** The short page the service worker shows when the form is sent with no signal (kept on the phone). */
  offline: { title: string; heading: string; text: string; helpHeading: string; help: string; call999: string; call111: string; callSamaritans: string };

  notFoundTitle: string;
  notFoundText: string;
  /** Something failed on our side while showing a page. */
  failedTitle: string;
}
