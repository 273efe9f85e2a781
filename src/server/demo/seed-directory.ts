import type { Transaction } from 'kysely';
import type { Database } from '../db/tables.js';
import { newId } from '../db/values.js';
import { DirectoryEntryForm, type DirectoryEntryFormInput } from '../../shared/directory/entries.js';
import { schedulesFromOpeningHours, type ServiceSchedules } from '../../shared/directory/schedules.js';
import type { OpeningHours } from '../../shared/opening-hours.js';
import { extractColumns, formToDocument, readDocument } from '../features/directory/mapping.js';

/**
 * The demo organisation's service directory. The three national lines are real, with
 * their real numbers (Samaritans 116 123; NHS 111, option 2 for mental health; text
 * SHOUT to 85258). Everything local is made up, like the rest of the demo: the names,
 * the numbers (0300 555 01xx, a range kept for drama and examples), the addresses and
 * the RV postcodes (no such postcode area exists).
 */

const DAY = 86_400_000;
const EVERY_DAY = 'MO,TU,WE,TH,FR,SA,SU';
const WEEKDAYS = 'MO,TU,WE,TH,FR';
const allDay: ServiceSchedules = { regular_schedules: [{ byday: EVERY_DAY, opens_at: '00:00', closes_at: '00:00' }], holiday_schedules: [], observes_bank_holidays: false };
const hours = (regular: ServiceSchedules['regular_schedules'], extra: Partial<ServiceSchedules> = {}): ServiceSchedules => ({ regular_schedules: regular, holiday_schedules: [], observes_bank_holidays: true, ...extra });

interface DemoEntry {
  form: DirectoryEntryFormInput;
  /** Days since someone last checked it; null: never. */
  checkedDaysAgo: number | null;
  /** One of the demo services this entry describes. */
  linked?: 'haven' | 'carers';
}

export interface DirectoryContext {
  organisationId: string;
  serviceIds: Record<'haven' | 'ae' | 'carers', string>;
  serviceHours: Record<'haven' | 'carers', OpeningHours>;
  /** Who checked the entries (the demo administrator). */
  checkedBy: string;
  now: number;
}

function entries(ctx: DirectoryContext): DemoEntry[] {
  return [
    {
      checkedDaysAgo: 20,
      form: {
        name: 'Samaritans',
        description: 'Talk to someone about anything that is troubling you, day or night. You do not have to be suicidal to call.',
        organisationName: 'Samaritans',
        organisationUrl: 'https://www.samaritans.org',
        url: 'https://www.samaritans.org',
        phones: [{ number: '116 123', label: 'Free, any time, from any phone' }],
        serviceAreas: ['UK and Ireland'],
        whoFor: 'Anyone',
        taxonomy: ['crisis-line'],
        schedules: allDay,
      },
    },
    {
      checkedDaysAgo: 20,
      form: {
        name: 'NHS 111 (option 2 for mental health)',
        description: 'Call 111 and choose option 2 to speak to a mental health team near you, any time.',
        organisationName: 'NHS',
        organisationUrl: 'https://www.nhs.uk',
        url: 'https://111.nhs.uk',
        phones: [{ number: '111', label: 'Choose option 2 for mental health' }],
        serviceAreas: ['England'],
        whoFor: 'Anyone',
        taxonomy: ['nhs-111', 'crisis-line'],
        schedules: allDay,
      },
    },
    {
      checkedDaysAgo: 20,
      form: {
        name: 'Shout',
        description: 'If you would rather text than talk, text SHOUT to 85258. A trained volunteer will text you back.',
        organisationName: 'Mental Health Innovations',
        url: 'https://giveusashout.org',
        phones: [{ number: '85258', label: 'Text SHOUT to this number' }],
        serviceAreas: ['UK'],
        whoFor: 'Anyone',
        taxonomy: ['text-support', 'crisis-line'],
        schedules: allDay,
      },
    },
    {
      checkedDaysAgo: 5,
      linked: 'haven',
      form: {
        name: 'The Harbour safe haven',
        description: 'A calm, friendly place to come when things feel too much, instead of A&E. Peer workers who have been through hard times themselves will sit with you. No referral and no appointment needed.',
        organisationName: 'Riverside Crisis Partnership',
        url: 'https://harbour.riverside-demo.example',
        phones: [{ number: '0300 555 0100', label: 'Call us before you come, if you like' }],
        addressLines: ['Harbour House', '2 Quay Street'],
        town: 'Riverside',
        postcode: 'RV1 4QS',
        locationName: 'Harbour House',
        howToGetThere: 'Buses 4 and 12 stop outside on Quay Street. It is a 10 minute walk from Riverside station. Ring the bell at the blue door and someone will come to meet you.',
        accessibility: ['Step-free entrance and toilet', 'Quiet room if you need space', 'Hearing loop'],
        languages: ['English', 'Urdu', 'Polish'],
        serviceAreas: ['Riverside', 'Eastmoor'],
        minAge: 16,
        whoFor: 'Anyone aged 16 or over in Riverside and Eastmoor. Under 16? Call the Riverside Young Minds crisis line.',
        taxonomy: ['safe-haven', 'peer-support'],
        schedules: schedulesFromOpeningHours(ctx.serviceHours.haven),
      },
    },
    {
      checkedDaysAgo: 40,
      linked: 'carers',
      form: {
        name: 'Carers Together',
        description: 'Peer support for family and friends of someone going through a crisis, from people who have been there too.',
        organisationName: 'Riverside Crisis Partnership',
        phones: [{ number: '0300 555 0130', label: 'Weekdays' }],
        addressLines: ['Harbour House', '2 Quay Street'],
        town: 'Riverside',
        postcode: 'RV1 4QS',
        serviceAreas: ['Riverside', 'Eastmoor'],
        minAge: 18,
        whoFor: 'Family members, partners and friends',
        taxonomy: ['carers-support', 'peer-support'],
        schedules: schedulesFromOpeningHours(ctx.serviceHours.carers),
      },
    },
    {
      checkedDaysAgo: 60,
      form: {
        name: 'Riverside Young Minds crisis line',
        description: 'A phone line for young people under 16 who are struggling, and for worried parents.',
        organisationName: 'Riverside Children and Young People’s Mental Health Service',
        phones: [{ number: '0300 555 0160', label: 'Every day, 4pm to 11pm' }],
        serviceAreas: ['Riverside', 'Eastmoor'],
        minAge: 11,
        maxAge: 15,
        whoFor: 'Young people aged 11 to 15, and their parents or carers',
        taxonomy: ['young-people', 'crisis-line'],
        schedules: hours([{ byday: EVERY_DAY, opens_at: '16:00', closes_at: '23:00' }], { observes_bank_holidays: false }),
      },
    },
    {
      checkedDaysAgo: 30,
      form: {
        name: 'Riverside Crisis Team',
        description: 'The NHS crisis resolution and home treatment team. They can talk to you on the phone and visit you at home if you are in a mental health crisis.',
        organisationName: 'Riverside and Eastmoor NHS Foundation Trust',
        phones: [{ number: '0300 555 0140', label: 'Any time, day or night' }],
        serviceAreas: ['Riverside', 'Eastmoor'],
        minAge: 18,
        whoFor: 'Adults aged 18 or over registered with a Riverside or Eastmoor GP',
        taxonomy: ['crisis-team'],
        schedules: allDay,
      },
    },
    {
      checkedDaysAgo: 200,
      form: {
        name: 'Riverside GP out-of-hours service',
        description: 'When your GP surgery is closed, call to speak to a doctor or nurse. They may book you an urgent appointment.',
        organisationName: 'Riverside Urgent Care',
        phones: [{ number: '0300 555 0150', label: 'Evenings, nights and weekends' }],
        addressLines: ['Kingsmead General Hospital', 'Mill Lane'],
        town: 'Kingsmead',
        postcode: 'RV7 2KG',
        locationName: 'Urgent care centre, ground floor',
        serviceAreas: ['Riverside', 'Eastmoor', 'Kingsmead'],
        taxonomy: ['gp'],
        schedules: hours(
          [
            { byday: WEEKDAYS, opens_at: '18:30', closes_at: '08:00' },
            { byday: 'SA,SU', opens_at: '00:00', closes_at: '00:00' },
          ],
          { observes_bank_holidays: false, holiday_schedules: [{ closed: false, start_date: '2026-12-25', end_date: '2026-12-26', opens_at: '00:00', closes_at: '00:00' }] },
        ),
      },
    },
    {
      checkedDaysAgo: 90,
      form: {
        name: 'A&E, Kingsmead General Hospital',
        description: 'If you are badly hurt or in danger, go to A&E or call 999. Peer support workers are often there to sit with you.',
        organisationName: 'Riverside and Eastmoor NHS Foundation Trust',
        addressLines: ['Kingsmead General Hospital', 'Mill Lane'],
        town: 'Kingsmead',
        postcode: 'RV7 2KG',
        locationName: 'Emergency department',
        howToGetThere: 'Follow the red signs from the main road. Buses 7 and 12 stop at the hospital.',
        accessibility: ['Step-free entrance'],
        taxonomy: ['emergency-department'],
        schedules: allDay,
      },
    },
    {
      checkedDaysAgo: 120,
      form: {
        name: 'Riverside Carers Centre',
        description: 'Advice, a listening ear and breaks for unpaid carers of any age.',
        organisationName: 'Riverside Carers Centre',
        phones: [{ number: '0300 555 0170', label: 'Weekdays' }],
        addressLines: ['14 Market Street'],
        town: 'Riverside',
        postcode: 'RV1 2MS',
        accessibility: ['Step-free entrance'],
        serviceAreas: ['Riverside'],
        whoFor: 'Anyone who looks after someone, unpaid',
        taxonomy: ['carers-support'],
        schedules: hours([{ byday: WEEKDAYS, opens_at: '09:30', closes_at: '16:30' }], { holiday_schedules: [{ closed: true, start_date: '2026-12-24', end_date: '2027-01-01' }] }),
      },
    },
    {
      checkedDaysAgo: 45,
      form: {
        name: 'Eastmoor Recovery Hub',
        description: 'Free, confidential help with drugs and alcohol. Drop in, or call to talk it through first.',
        organisationName: 'Eastmoor Recovery Hub',
        phones: [{ number: '0300 555 0180', label: '' }],
        addressLines: ['Unit 3, Foundry Yard'],
        town: 'Eastmoor',
        postcode: 'RV4 8FY',
        languages: ['English', 'Polish'],
        serviceAreas: ['Eastmoor', 'Riverside'],
        minAge: 18,
        whoFor: 'Adults worried about their drinking or drug use, and people close to them',
        taxonomy: ['drug-alcohol'],
        schedules: hours([
          { byday: WEEKDAYS, opens_at: '09:00', closes_at: '17:00' },
          { byday: 'TH', opens_at: '17:00', closes_at: '19:30' },
        ]),
      },
    },
    {
      checkedDaysAgo: null,
      form: {
        name: 'Riverside Housing Options',
        description: 'Help if you have nowhere to stay tonight, or are worried about losing your home.',
        organisationName: 'Riverside Borough Council',
        phones: [
          { number: '0300 555 0175', label: 'Weekdays, 9am to 5pm' },
          { number: '0300 555 0176', label: 'Nowhere to stay tonight (evenings and weekends)' },
        ],
        addressLines: ['Civic Centre', 'Bridge Road'],
        town: 'Riverside',
        postcode: 'RV1 1CC',
        serviceAreas: ['Riverside'],
        taxonomy: ['housing'],
        schedules: hours([{ byday: WEEKDAYS, opens_at: '09:00', closes_at: '17:00' }]),
      },
    },
    {
      checkedDaysAgo: 250,
      form: {
        name: 'Riverside Money Matters',
        description: 'Free advice on debts, bills and benefits. They can speak to the people you owe money to for you.',
        organisationName: 'Riverside Money Matters',
        phones: [{ number: '0300 555 0185', label: '' }],
        addressLines: ['Riverside Library', 'Church Street'],
        town: 'Riverside',
        postcode: 'RV1 3CL',
        languages: ['English', 'Urdu'],
        serviceAreas: ['Riverside', 'Eastmoor'],
        taxonomy: ['money-advice'],
        schedules: hours([{ byday: 'MO,WE,FR', opens_at: '10:00', closes_at: '15:00' }]),
      },
    },
    {
      checkedDaysAgo: 15,
      form: {
        name: 'Riverside Safe at Home',
        description: 'Support if someone close to you is hurting, frightening or controlling you. If you are in danger now, call 999.',
        organisationName: 'Riverside Safe at Home',
        phones: [{ number: '0300 555 0190', label: 'Every day, 8am to 8pm' }],
        serviceAreas: ['Riverside', 'Eastmoor'],
        taxonomy: ['domestic-abuse'],
        schedules: hours([{ byday: EVERY_DAY, opens_at: '08:00', closes_at: '20:00' }], { observes_bank_holidays: false }),
      },
    },
    {
      checkedDaysAgo: 210,
      form: {
        name: 'Riverside Bereavement Circle',
        description: 'A monthly group for anyone grieving, including after a suicide. Come along, no need to book.',
        organisationName: 'Riverside Bereavement Circle',
        addressLines: ['St Anne’s Community Hall', 'Hill Road'],
        town: 'Riverside',
        postcode: 'RV2 5HR',
        whoFor: 'Adults who have lost someone',
        minAge: 18,
        taxonomy: ['bereavement', 'peer-support'],
        schedules: hours([{ freq: 'MONTHLY', byday: '2TU', opens_at: '19:00', closes_at: '21:00' }]),
      },
    },
  ];
}

/** Seeds the demo directory (inside the demo seed's transaction); returns how many entries. */
export async function seedDirectory(trx: Transaction<Database>, ctx: DirectoryContext): Promise<number> {
  const list = entries(ctx);
  for (const [i, e] of list.entries()) {
    const form = DirectoryEntryForm.parse({ ...e.form, serviceId: e.linked ? ctx.serviceIds[e.linked] : null });
    const id = newId();
    const document = formToDocument(form, undefined, id, newId);
    const read = readDocument(document);
    if (!read.ok) throw new Error(`demo directory entry ${e.form.name}: ${JSON.stringify(read.reasons)}`);
    const columns = extractColumns(read.service);
    // Created over the past year, a little apart, so lists have a stable order of age.
    const created = new Date(ctx.now - (365 - i) * DAY).toISOString();
    const checked = e.checkedDaysAgo === null ? null : new Date(ctx.now - e.checkedDaysAgo * DAY).toISOString();
    if (checked) document.assured_date = checked.slice(0, 10);
    await trx
      .insertInto('directory_entries')
      .values({
        id,
        organisation_id: ctx.organisationId,
        service_id: form.serviceId,
        name: columns.name,
        status: columns.status,
        taxonomy: JSON.stringify(columns.taxonomy),
        min_age: columns.minAge,
        max_age: columns.maxAge,
        document: JSON.stringify(document),
        last_checked_at: checked,
        last_checked_by: checked ? ctx.checkedBy : null,
        created_at: created,
        updated_at: checked ?? created,
        version: 1,
      })
      .execute();
  }
  return list.length;
}
