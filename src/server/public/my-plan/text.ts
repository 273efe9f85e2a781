/**
 * Every word the /my-plan pages show, in one place (English only for now; the help
 * pages' i18n/ shows how other languages would slot in). Plain and warm; the plan itself
 * is in the person's own words, first person.
 */
export const MY_PLAN_TEXT = {
  // opening a link
  openTitle: 'Open your crisis plan',
  openTitleRecipient: 'Open the crisis plan shared with you',
  openIntro: 'To keep the plan private, it opens with a short code as well as this link.',
  openIntroRecipient: 'Someone chose to share parts of their crisis plan with you. To keep it private, it opens with a short code as well as this link.',
  codeLabel: 'Your code',
  codeHint: 'The 6 numbers you were given in person or on the phone. They are not in the message with the link.',
  openButton: 'Open the plan',
  wrongCode: (left: number) =>
    left > 1 ? `That code did not work. Check it and try again. You have ${left} more tries before a short pause.` : 'That code did not work. You have 1 more try before a short pause.',
  codeShape: 'Enter the 6 numbers of your code.',
  paused: (until: string) => `This link is paused for a few minutes because a code was entered wrongly several times. Please try again after ${until} (UK time).`,
  tooManyHere: 'Too many codes have been tried from this connection in the last hour. Please try again later, or ask the service that gave you the link.',

  // refusals
  notWorkingTitle: 'This link is not working',
  notWorking: 'It may have been withdrawn, or come to its end date. If you still need the plan, ask the service that gave you the link for a new one.',
  notWorkingShare: 'The plan is no longer shared through this link. If you think this is a mistake, ask the person, or the service that gave you the link.',
  noPlanHereTitle: 'Your plan is not on this phone',
  noPlanHere: 'To see your crisis plan, open the link you were sent and enter your code. If you cannot find the link, ask the service that gave it to you.',
  badFormTitle: 'Something went wrong with that form',
  badForm: 'We could not read what was sent. Nothing was changed. Please go back and try again.',
  failedTitle: 'Sorry, something went wrong on our side',
  failed: 'Please try again in a few minutes.',
  backToPlan: 'Back to the plan',

  // the person's page
  personTitle: 'My crisis plan',
  personLead: (name: string) => `For ${name}: your plan, written with the service in your own words.`,
  agreedOn: (date: string, number: number, how: string) => `This is version ${number}, agreed on ${date} ${how}.`,
  agreedHow: { in_person: 'with a worker', own_device: 'on this phone or another device of mine' } as Record<string, string>,
  noAgreedYet: 'There is no agreed version yet.',
  draftHeading: 'A new version is waiting for you',
  draftIntro: 'Read it through. If it says what you want it to say, press the button at the end. If something is not right, talk to your worker before agreeing.',
  agreeButton: 'This is right, I agree',
  agreedThanks: 'Thank you. This version is now your agreed plan.',
  agreeStale: 'The plan changed while you were reading it. Here is the latest version: please read it again.',
  agreeEmpty: 'There is nothing written in this version yet, so there is nothing to agree to.',
  sectionEmpty: 'Nothing written here yet.',
  servicesHeading: 'Services I can contact',
  nationalHeading: 'Any time, wherever you are',
  noNumber: 'No phone number listed',
  lookedHeading: 'Who has looked at my plan',
  lookedNone: 'Nobody else has looked at your plan yet.',
  lookedIntro: 'Everyone who opens your plan is recorded. Here are the most recent.',
  keepHeading: 'Print it, or keep it on this phone',
  keepText: 'This page stays on this phone, so you can open it with no signal. You can also print it.',
  printA4: 'Print on A4 paper',
  printWallet: 'Print a card for your wallet',
  forgetHeading: 'Forget this plan on this phone',
  forgetText: 'If other people use this phone, you can remove the plan from it. You will need your link and code to open it again.',
  forgetButton: 'Forget this plan on this phone',
  forgottenTitle: 'The plan has been removed from this phone',
  forgotten: 'To open it again, use your link and code. If you need a new link, ask the service.',
  dangerNow: 'In danger now?',
  call999: 'Call 999',

  // a recipient's page
  recipientTitle: 'A crisis plan shared with you',
  recipientLead: (name: string, date: string) => `${name} chose to share these parts of their plan with you. It was last agreed on ${date}.`,
  recipientNothing: 'There is no agreed plan to show yet. Please try again later.',
  recipientPrivate: 'Please keep this private. It is not kept on your phone, and it may stop being shared at any time.',

  // print
  printTitleA4: 'My crisis plan (A4)',
  printTitleWallet: 'My crisis plan wallet card',
  printHelp: 'Use your browser’s Print option. This page is laid out for A4 paper.',
  walletHelp: 'Use your browser’s Print option on A4 paper at full size. Cut round the dashed line, then fold along the dotted line with the writing on the outside.',
  walletRegion: 'The wallet card, at its printed size',
  walletFront: 'My crisis plan',
  walletForMyself: 'What helps me',
  walletPeople: 'People I can call',
  walletServices: 'Services',
  walletNational: 'Any time',
  printedOn: (date: string) => `Printed ${date}. Agreed version shown.`,
  nothingToPrint: 'There is no agreed version to print yet.',
  back: 'Back to my plan',

  // offline (service worker)
  offlineTitle: 'No signal',
  offline: 'This page could not be reached and there is no copy of your plan on this phone yet. Open it once with a signal and it will be kept here.',
  offlineSend: 'You have no signal, so this was not sent. Please try again when you are back online.',
} as const;

/** "Emergency access by Dr Ali — reason: …" and the other ways a view is said (see docs/my-plan.md). */
export const WHO = {
  staff: (name: string, service: string | null) => (service ? `${name} (${service} team)` : name),
  partner: (name: string, service: string | null) => (service ? `${name}, ${service}` : name),
  breakGlass: (name: string, reason: string | null) => `Emergency access by ${name}${reason ? ` — reason: ${reason}` : ''}`,
  recipient: (name: string, relationship: string) => `${name} (${relationship})`,
  someone: 'Someone at the service',
};

export const RECIPIENT_WORDS: Record<string, string> = {
  carer: 'carer',
  family: 'family',
  partner_service: 'partner service',
  gp: 'GP',
  crisis_team: 'crisis team',
  other: 'shared with them',
};
