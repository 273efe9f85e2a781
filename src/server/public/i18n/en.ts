import type { When } from '../hours.js';
import type { HelpText } from './types.js';

/**
 * English, written for a reading age of about 9: short sentences, everyday words.
 * help.test.ts measures it (Flesch-Kincaid grade).
 */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const dayWords = (w: When): string =>
  w.day === 'today' ? 'today' : w.day === 'tomorrow' ? 'tomorrow' : w.day === 'this-week' ? `on ${WEEKDAYS[w.weekday]}` : `on ${w.date} ${MONTHS[w.month]}`;

export const en: HelpText = {
  lang: 'en',
  dir: 'ltr',
  name: 'English',
  review: null,

  title: 'Get help now',
  intro: 'You are not alone. Here is how to get help, now or later.',
  languages: 'Language',

  dangerHeading: 'If you are in danger now',
  dangerText: 'If your life is at risk, or you are badly hurt, call 999 now. Or go to the nearest A&E.',
  call999: 'Call 999',
  aeText: 'A&E is at your nearest big hospital. It is open day and night.',

  urgentHeading: 'If you need to talk to someone soon',
  nhs111: 'Call NHS 111 and choose option 2. You can talk to a mental health team.',
  call111: 'Call 111, option 2',
  samaritans: 'Call Samaritans on 116 123. It is free, at any time, day or night.',
  callSamaritans: 'Call 116 123',
  shout: 'Send a text that says SHOUT to 85258. Someone will text you back.',
  textShout: 'Text SHOUT to 85258',

  placeHeading: { safe_haven: 'Our safe haven', crisis_cafe: 'Our crisis café', other: 'Come and see us' },
  hoursToday: (today) => {
    if (today.kind === 'closed') return today.bankHoliday ? 'Closed today (bank holiday)' : 'Closed today';
    if (today.kind === 'all-day') return 'Open 24 hours today';
    return `Open today ${today.periods.map((p) => `${p.from} to ${p.toMidnight ? 'midnight' : p.to}`).join(' and ')}`;
  },
  openNow: (now) => {
    if (now.kind === 'always') return 'Open now, day and night';
    if (now.kind === 'closed') return 'Closed now';
    const w = now.at;
    if (now.kind === 'until') {
      if (w.midnight) return w.day === 'today' ? 'Open now until midnight' : `Open now until midnight ${dayWords(w)}`;
      return w.day === 'today' ? `Open now until ${w.time}` : `Open now until ${w.time} ${dayWords(w)}`;
    }
    if (w.midnight) return `Closed now. Opens at midnight ${w.day === 'today' ? 'tonight' : dayWords(w)}`;
    return `Closed now. Opens ${dayWords(w)} at ${w.time}`;
  },
  hoursNote: 'Times are UK time.',
  address: 'Where we are',
  gettingThere: 'How to get here',
  arrivingHeading: 'When you get here',
  arriving: 'You do not need to book. Just come in. Someone will say hello and find you a quiet place to sit. You can talk, or just rest and have a drink. We will listen. We will not judge you.',
  ages: (minAge) => `This is for people aged ${minAge} and over.`,
  callUs: (number) => `Call us on ${number}`,

  peerHeading: 'Talk to someone who has been there',
  peerText: 'Our peer workers have had hard times too. They know how it can feel. You can talk to them when you come in, or ask us to call you back.',
  alsoRun: 'We also run:',

  under16Heading: 'If you are under 16',
  under16Named: (service) => `Please get in touch with ${service}. They help young people.`,
  under16Fallback: 'Please talk to an adult you trust. You can also call Childline for free on 0800 1111.',
  childline: 'Call Childline',

  carersHeading: 'Help for carers and families',
  carersText: 'Is someone you love having a hard time? You need support too. You can come with them, or talk to us on your own.',

  localHeading: 'Other help near you',
  localNone: 'Ask us about other help near you.',
  website: (name) => `Website for ${name}`,
  call: (number) => `Call ${number}`,

  formHeading: 'Ask us to call you back',
  formIntro: 'Tell us how to reach you. Someone from our team will get back to you.',
  fields: {
    name: { label: 'What should we call you?', hint: 'Any name is fine.' },
    reach: { label: 'How can we reach you?', hint: 'A phone number or an email.' },
    time: { label: 'When is a good time?', hint: 'For example, after 6pm.' },
    message: { label: 'Is there anything you want us to know?', hint: 'You do not have to say.' },
  },
  optional: '(you can leave this out)',
  send: 'Send',
  formPrivacy: 'Only our team will see this.',
  problems: {
    required: 'Please fill this in.',
    too_long: 'This is too long. Please make it shorter.',
    too_short: 'This is too short. Please check it.',
  },
  errorTitle: 'Please check the form',

  thanksTitle: 'Thank you. We have your message.',
  thanksText: 'You did the right thing by getting in touch.',
  nextHeading: 'What happens next',
  nextText: 'Someone from our team will call you back as soon as they can. We will try to call at the time you gave us. If we cannot reach you, we will try again.',
  worseHeading: 'If things get worse while you wait',
  worseText: 'Do not wait for us. If you are in danger, call 999 or go to A&E. You can also call NHS 111 and choose option 2, or call Samaritans on 116 123.',
  backLink: 'Back to the help page',

  refusedTitle: 'We could not send this yet',
  tooFast: 'That was very quick. Please check your details and press Send again.',
  expired: 'This form was open for a long time. Please check your details and press Send again.',
  notSent: 'Something was not right with the form. Please check your details and press Send again.',
  tooMany: 'We have had a lot of messages from here in the last hour. We will get back to you. If you need help now, please call one of the numbers below.',

  offline: {
    title: 'Not sent: no signal',
    heading: 'Not sent: you are offline',
    text: 'Your message has not been sent. Go back to keep what you wrote. Send it again when you have signal.',
    helpHeading: 'If you need help now',
    help: 'Phone calls still work when the internet does not.',
    call999: 'Call 999 if you are in danger',
    call111: 'Call NHS 111 and choose option 2',
    callSamaritans: 'Call Samaritans on 116 123',
  },

  notFoundTitle: 'We could not find that page',
  notFoundText: 'This page may have moved. You can still get help now.',
  failedTitle: 'Sorry, something went wrong on our side',
};
