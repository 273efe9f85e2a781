/**
 * The people of the demo organisation. Every name, date and detail here is made up;
 * phone numbers are in Ofcom's drama range (07700 900xxx) and emails use example.org.
 * "What helps" is written as the person might say it, in their own words.
 */
export interface DemoPerson {
  key: string;
  preferred: string;
  full: string | null;
  pronouns: string | null;
  /** A date of birth, or an approximate age when that is all the person shared. */
  dob?: string;
  age?: number;
  language?: string;
  needs?: string;
  helps?: string;
  phone?: string;
  email?: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'aisha', preferred: 'Aisha', full: 'Aisha Begum', pronouns: 'she/her', dob: '1994-03-12', helps: 'A quiet corner and a cup of sweet tea. Being asked before someone sits next to me.', phone: '07700 900101' },
  { key: 'tariq', preferred: 'Tariq', full: 'Tariq Mahmood', pronouns: 'he/him', age: 45, language: 'Urdu', needs: 'Happier talking in Urdu; an interpreter on the phone is fine.', helps: 'Hearing my brother’s voice. Walking by the river until my head clears.' },
  { key: 'zofia', preferred: 'Zofia', full: 'Zofia Kowalczyk', pronouns: 'she/her', dob: '1988-07-02', language: 'Polish', needs: 'Written notes in Polish help when I am tired.', helps: 'Something to do with my hands, like knitting. Not being rushed.', phone: '07700 900102' },
  { key: 'harpreet', preferred: 'Harpreet', full: 'Harpreet Kaur Sandhu', pronouns: 'she/her', dob: '1979-11-20', language: 'Punjabi', helps: 'Talking to someone who will not rush me. My grandchildren’s drawings on the fridge.' },
  { key: 'gurdeep', preferred: 'Gurdeep', full: 'Gurdeep Singh', pronouns: 'he/him', age: 60, language: 'Punjabi', needs: 'Prefers Punjabi for anything important.', helps: 'Prayer in the morning and my allotment.' },
  { key: 'dan', preferred: 'Dan', full: 'Daniel Whitfield', pronouns: 'he/him', dob: '1991-05-30', language: 'British Sign Language', needs: 'Deaf, uses BSL. Book a BSL interpreter; text or email, never a phone call.', helps: 'Someone who signs, or paper and pen while we wait. Good light so I can see faces.', email: 'dan.w@example.org' },
  { key: 'kemi', preferred: 'Kemi', full: 'Oluwakemi Adebayo', pronouns: 'she/her', dob: '1998-01-17', helps: 'Music in my headphones and a window to look out of.', phone: '07700 900103' },
  { key: 'marcus', preferred: 'Marcus', full: 'Marcus Campbell', pronouns: 'he/him', dob: '1983-09-09', helps: 'Football on a Saturday with my mates. Someone straight-talking.', phone: '07700 900104' },
  { key: 'niamh', preferred: 'Niamh', full: 'Niamh O’Sullivan', pronouns: 'she/her', dob: '1996-12-01', helps: 'A hot water bottle and my cat. Texting my sister.' },
  { key: 'ffion', preferred: 'Ffion', full: 'Ffion Pritchard', pronouns: 'she/her', dob: '2001-04-25', helps: 'Being outside, even in the rain. Swimming when I can face it.' },
  { key: 'jay', preferred: 'Jay', full: 'Jamal Osei', pronouns: 'they/them', dob: '2003-08-14', helps: 'Drawing. People using my name and pronouns without making a thing of it.', email: 'jay.o@example.org' },
  { key: 'lina', preferred: 'Li Na', full: 'Zhang Li Na', pronouns: 'she/her', age: 38, language: 'Mandarin', needs: 'Mandarin interpreter, please; a woman if possible.', helps: 'Green tea and a calm voice.' },
  { key: 'hodan', preferred: 'Hodan', full: 'Hodan Abdi', pronouns: 'she/her', dob: '1990-02-08', language: 'Somali', helps: 'My faith and my aunties. Knowing my children are safe with family.' },
  { key: 'piotr', preferred: 'Piotr', full: 'Piotr Zieliński', pronouns: 'he/him', dob: '1975-06-19', language: 'Polish', helps: 'Fixing things. Coffee, strong.' },
  { key: 'agnieszka', preferred: 'Aga', full: 'Agnieszka Wróbel', pronouns: 'she/her', dob: '1986-10-03', language: 'Polish', helps: 'My running club. A plan written down for the next day.' },
  { key: 'bilal', preferred: 'Bilal', full: 'Bilal Hussain', pronouns: 'he/him', dob: '1999-03-27', language: 'Urdu', helps: 'Gaming with my cousins online. A bit of space before talking.' },
  { key: 'shazia', preferred: 'Shazia', full: 'Shazia Akhtar', pronouns: 'she/her', age: 52, language: 'Urdu', needs: 'Urdu or English; happier with a woman worker.', helps: 'Cooking for other people. My neighbour Mrs Ali.' },
  { key: 'rory', preferred: 'Rory', full: 'Rory McAllister', pronouns: 'he/him', dob: '1969-01-30', helps: 'My dog, Biscuit. Being useful to someone.' },
  { key: 'chantelle', preferred: 'Chantelle', full: 'Chantelle Morgan', pronouns: 'she/her', dob: '1993-07-21', helps: 'My little boy’s laugh. Doing my nails.' },
  { key: 'sunita', preferred: 'Sunita', full: 'Sunita Patel', pronouns: 'she/her', dob: '1966-05-05', language: 'Gujarati', helps: 'Time to myself in the garden. Other carers who just get it.' },
  { key: 'andrei', preferred: 'Andrei', full: 'Andrei Popescu', pronouns: 'he/him', dob: '1989-12-12', language: 'Romanian', needs: 'English is fine for everyday talk; Romanian for forms and letters.', helps: 'Phoning my mum back home. Long walks at night.' },
  { key: 'ellie', preferred: 'Ellie', full: 'Eleanor Thompson', pronouns: 'she/her', dob: '2000-09-16', helps: 'Journalling. Being believed.' },
  { key: 'kai', preferred: 'Kai', full: 'Kai Robinson', pronouns: 'he/they', dob: '1997-02-28', helps: 'Skateboarding. Friends who check in without fuss.' },
  { key: 'fatima', preferred: 'Fatima', full: 'Fatima Zahra Ali', pronouns: 'she/her', dob: '1985-04-09', language: 'Arabic', helps: 'Quiet prayer space. My sister on video call.' },
  { key: 'declan', preferred: 'Declan', full: 'Declan Byrne', pronouns: 'he/him', dob: '1972-08-08', helps: 'Fishing. A brew and a proper chat.' },
  { key: 'grace', preferred: 'Grace', full: 'Grace Mensah', pronouns: 'she/her', dob: '1981-11-11', helps: 'Singing in the choir. My church family.' },
  { key: 'tom', preferred: 'Tom', full: 'Thomas Hughes', pronouns: 'he/him', age: 30, helps: 'Someone staying with me while I wait. Knowing what happens next.' },
  { key: 'noor', preferred: 'Noor', full: null, pronouns: 'she/her', age: 20, helps: 'Not having to explain everything at once.' },
  { key: 'robin', preferred: 'Robin', full: null, pronouns: 'they/them', age: 25, helps: 'Low lights and not too many questions.' },
  { key: 'mohammed', preferred: 'Mo', full: 'Mohammed Iqbal', pronouns: 'he/him', dob: '1977-03-03', language: 'Urdu', helps: 'Driving with the radio on. My kids.' },
  { key: 'jasleen', preferred: 'Jasleen', full: 'Jasleen Dhillon', pronouns: 'she/her', dob: '1995-06-06', language: 'Punjabi', helps: 'Bhangra class on a Thursday. A friend to sit with.' },
  { key: 'becky', preferred: 'Becky', full: 'Rebecca Lawson', pronouns: 'she/her', dob: '1987-10-10', language: 'British Sign Language', needs: 'Deaf, BSL is my first language. Text messages, not calls. An interpreter for anything long.', helps: 'Signing with people who are patient. My Deaf club on Wednesdays.', email: 'becky.l@example.org' },
  { key: 'winston', preferred: 'Winston', full: 'Winston Clarke', pronouns: 'he/him', age: 70, helps: 'Dominoes at the community centre. Old reggae records.' },
  { key: 'ola', preferred: 'Ola', full: 'Aleksandra Nowicka', pronouns: 'she/her', dob: '2002-01-22', language: 'Polish', helps: 'Baking. My flatmates.' },
  { key: 'yusuf', preferred: 'Yusuf', full: 'Yusuf Demir', pronouns: 'he/him', dob: '1992-07-07', language: 'Turkish', helps: 'Working with my hands at the garage. My uncle.' },
  { key: 'leah', preferred: 'Leah', full: 'Leah Goldberg', pronouns: 'she/her', dob: '1984-02-14', helps: 'Reading. Friday night dinner with my family.' },
  { key: 'mandla', preferred: 'Mandla', full: 'Mandla Dube', pronouns: 'he/him', dob: '1980-12-25', helps: 'Talking things through out loud. Going to the gym.' },
  { key: 'siobhan', preferred: 'Siobhan', full: 'Siobhan Kelly', pronouns: 'she/her', dob: '1976-03-17', helps: 'A plan for the morning. My sister who lives round the corner.' },
  { key: 'rhys', preferred: 'Rhys', full: 'Rhys Davies', pronouns: 'he/him', dob: '2005-05-15', helps: 'Music production. People who do not talk down to me.' },
  { key: 'amira', preferred: 'Amira', full: 'Amira Hassan', pronouns: 'she/her', dob: '1997-08-30', language: 'Arabic', helps: 'Poetry. Sitting by the window with a blanket.' },
  { key: 'ben', preferred: 'Ben', full: 'Ben Carter', pronouns: 'he/him', age: 35, helps: 'Cycling. Someone to text when it is late.' },
];

/** What a person might say brought them in, in their own words. */
export const REASONS = [
  'Everything felt too much tonight and I didn’t want to be on my own.',
  'Couldn’t settle at home; my head was racing.',
  'Had a row with my partner and needed somewhere calm.',
  'Money worries piling up, I just needed to talk to someone.',
  'Hadn’t slept for days and felt all over the place.',
  'Anniversary of my dad dying. It hit hard this year.',
  'Felt lonely after moving here, nobody to talk to.',
  'Stuff at work got on top of me.',
  'My GP said this place might help.',
  'Panicky all evening and didn’t know what else to do.',
  'Things with my housing fell through today.',
  'Worried about my son and didn’t know where to turn.',
];

export const WHAT_HELPED = [
  'Having a cup of tea and just being listened to.',
  'Talking it through and making a plan for tomorrow.',
  'Sitting somewhere quiet until I felt steadier.',
  'Ringing my sister together from here.',
  'Breathing exercise and a walk round the garden.',
  'Being told it was fine to be here as long as I needed.',
  'Someone who had been through it too.',
  'Writing down who I can call this week.',
];

export const CARER_REASONS = [
  'Caring for my daughter and running on empty.',
  'My husband has been in hospital and I do not know what happens next.',
  'Needed to talk to someone who understands looking after a family member.',
  'My brother is struggling and it is wearing me down.',
];

export const ANONYMOUS_LABELS = [
  'Woman in a yellow raincoat',
  'Young man with a bike',
  'Caller who preferred not to give a name',
  'Man with a guide dog',
  'Woman in a green scarf',
  'Older man with a flat cap',
  'Student with a blue rucksack',
  'Caller from Eastmoor',
];

/** Session notes, written as the person said them. */
export const SESSION_NOTES = {
  happening: [
    'It’s been a hard week but I got out of the house twice.',
    'Sleeping a bit better. Still worried about the letter from the council.',
    'Went back to the choir on Sunday. Nervous but glad I did.',
    'Things are calmer at home. I told my mum what has been going on.',
    'Had a wobble on Tuesday but used my plan and rang a friend.',
    'Started the volunteering I talked about. Two mornings a week.',
    'Feeling more like myself. Still tired in the evenings.',
  ],
  strengths: [
    'I’m stubborn, in a good way. I keep going.',
    'I’m good with people, even when I don’t feel it.',
    'I noticed I can calm myself down with music now.',
    'I kept my appointments this week, all of them.',
    'I’m a good cook and I made dinner for my flatmates.',
    'I know my warning signs better than I did.',
  ],
  networks: [
    'My sister and my neighbour. My cousin checks in on WhatsApp.',
    'The lads from football. My mum, mostly.',
    'My faith group and one good friend.',
    'The running club, and the peer group on Thursdays.',
    'My kids keep me going. My friend from work.',
  ],
  services: [
    'GP appointment next Wednesday about sleep.',
    'Talking therapies waiting list; they said about six weeks.',
    'Citizens Advice helped with the benefits form.',
    'Housing officer is coming round on Friday.',
    'The Recovery College course starts next month.',
  ],
  next: [
    'Ring the housing officer on Monday. We’ll meet again next week.',
    'Try the evening walk three times this week.',
    'Bring the letter next time so we can read it together.',
    'Look at the Recovery College leaflet together.',
    'Keep the sleep diary going and see how it looks.',
    'Go to the carers’ group on Thursday.',
  ],
};

export const GOALS = [
  'Get back to sleeping through most nights',
  'Sort out the letter from the council',
  'Go to the Thursday group on my own',
  'Feel ready to go back to work part time',
  'Have a plan I can use when evenings get hard',
  'Reconnect with my brother',
  'Find a course I actually want to do',
  'Keep my allotment going this season',
];
