/**
 * The codes for contacts and callback requests, with plain words for screens (British
 * English, no jargon). No zod here, so the web app's chunks can use them cheaply;
 * src/shared/contacts.ts (the request contracts) and the server's row types build on them.
 */

export const CONTACT_KINDS = ['walk_in', 'phone', 'in_ae', 'home_visit', 'online'] as const;
export const REFERRAL_SOURCES = ['self', 'ae', 'ambulance', 'police', 'gp', 'crisis_line', 'crisis_team', 'other'] as const;
export const CONTACT_OUTCOMES = ['home_with_plan', 'signposted', 'referred', 'went_to_ae', 'emergency_services'] as const;
export const OTHERWISE_WOULD_HAVE = ['ae', 'called_999', 'gp', 'crisis_line', 'crisis_team', 'stayed_home', 'dont_know', 'other'] as const;
export const CALLBACK_STATUSES = ['waiting', 'in_progress', 'done', 'could_not_reach'] as const;

export const CONTACT_KIND_LABELS: Record<(typeof CONTACT_KINDS)[number], string> = {
  walk_in: 'Walked in',
  phone: 'Phone call',
  in_ae: 'In A&E',
  home_visit: 'Home visit',
  online: 'Online',
};
export const REFERRAL_SOURCE_LABELS: Record<(typeof REFERRAL_SOURCES)[number], string> = {
  self: 'Came by themselves',
  ae: 'A&E',
  ambulance: 'Ambulance service',
  police: 'Police',
  gp: 'GP',
  crisis_line: 'Crisis line',
  crisis_team: 'Crisis team',
  other: 'Somewhere else',
};
export const CONTACT_OUTCOME_LABELS: Record<(typeof CONTACT_OUTCOMES)[number], string> = {
  home_with_plan: 'Went home with a plan',
  signposted: 'Pointed to other support',
  referred: 'Referred on',
  went_to_ae: 'Went to A&E',
  emergency_services: 'Emergency services called',
};
export const OTHERWISE_WOULD_HAVE_LABELS: Record<(typeof OTHERWISE_WOULD_HAVE)[number], string> = {
  ae: 'Gone to A&E',
  called_999: 'Called 999',
  gp: 'Seen their GP',
  crisis_line: 'Called a crisis line',
  crisis_team: 'Contacted the crisis team',
  stayed_home: 'Stayed at home',
  dont_know: 'Don’t know',
  other: 'Something else',
};
export const CALLBACK_STATUS_LABELS: Record<(typeof CALLBACK_STATUSES)[number], string> = {
  waiting: 'Waiting',
  in_progress: 'Someone is calling back',
  done: 'Done',
  could_not_reach: 'Could not reach them',
};

export type ContactKindCode = (typeof CONTACT_KINDS)[number];
export type ReferralSourceCode = (typeof REFERRAL_SOURCES)[number];
export type ContactOutcomeCode = (typeof CONTACT_OUTCOMES)[number];
export type OtherwiseCode = (typeof OTHERWISE_WOULD_HAVE)[number];
export type CallbackStatusCode = (typeof CALLBACK_STATUSES)[number];
