import type { Transaction } from 'kysely';
import type { CrisisPlanShare, CrisisPlanVersion, Database } from '../db/tables.js';
import { newId } from '../db/values.js';
import { endOfLondonDay, addDays } from '../features/plans/rules.js';
import { localDate } from '../../shared/directory/schedules.js';
import { PlanContent, type PlanSectionKey } from '../../shared/plans.js';

/**
 * Crisis plans for two demo people, so the plan screens look lived in. The words are made
 * up and written as the person might say them.
 *  - Marcus: agreed in person with Jordan six weeks ago, a new draft in progress, shared with
 *    his sister (a carer) and with the A&E peer support service (whose clinical partner can
 *    read it), looked at by staff and by that partner.
 *  - Zofia: agreed on her own phone a fortnight ago, shared with the Riverside Crisis Team.
 */

const DAY = 86_400_000;

export interface PlanContext {
  organisationId: string;
  serviceIds: Record<'haven' | 'ae' | 'carers', string>;
  /** User ids by demo email. */
  users: Record<string, string>;
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function marcusContent(entries: { samaritans?: string; crisisTeam?: string; haven?: string }): PlanContent {
  return PlanContent.parse({
    whenWell: 'I’m up early, I’m at football on a Saturday and I’m the one making everyone laugh. I text my sister most days.',
    gettingHarder: {
      signs: 'I stop answering my phone. I stay up late gaming and skip meals. I get short with people and go quiet at football, or stop going.',
      triggers: 'Money worries, especially when the rent is due. The anniversary of my dad dying in March. Being shouted at.',
    },
    forMyself: 'Go for a walk along the river, even ten minutes. Put the kettle on and ring Denise. Write down what’s worrying me so it isn’t going round my head.',
    peopleAndPlaces: {
      people: [
        { name: 'Denise', relationship: 'my sister', phone: '07700 900111', whenToCall: 'Any time, she says. Evenings are best.' },
        { name: 'Kwame', relationship: 'mate from football', phone: '07700 900112', whenToCall: 'Weekends, or if I haven’t turned up on Saturday.' },
      ],
      places: 'The Harbour in the evening. The river path by the old mill.',
    },
    fromOthers: {
      please: 'Be straight with me. Ask me directly how I am. Sit with me, you don’t have to fix it.',
      pleaseDont: 'Don’t lecture me or talk about me as if I’m not there. Don’t ring my work.',
    },
    services: {
      entries: [
        ...(entries.haven ? [{ directoryEntryId: entries.haven, note: 'I’ve been before, I know the door.' }] : []),
        ...(entries.samaritans ? [{ directoryEntryId: entries.samaritans, note: 'If it’s late and I can’t sleep.' }] : []),
        ...(entries.crisisTeam ? [{ directoryEntryId: entries.crisisTeam, note: '' }] : []),
      ],
      note: '',
    },
    saferAround: 'Denise keeps hold of my spare bank card when things are bad, so I can’t spend the rent.',
    practical: { pets: '', billsAndRent: 'Rent is due on the 1st. Denise knows who to call at the housing office.', work: 'My manager is Lorraine. Only Denise should call her, and only to say I’m off sick.', children: '', home: '', other: '' },
    mattersMost: 'My sister and her kids. Being there for my team on a Saturday.',
    afterCrisis: 'A quiet day, then back to football as soon as I can. A text from Jordan later in the week.',
  });
}

function zofiaContent(entries: { crisisTeam?: string; nhs111?: string }): PlanContent {
  return PlanContent.parse({
    whenWell: 'I knit, I cook for my neighbours, I call my mother in Kraków on Sundays.',
    gettingHarder: { signs: 'I can’t concentrate on reading. I stop eating properly and stay in bed.', triggers: 'Long days at work with no break. Letters I don’t understand.' },
    forMyself: 'Knitting something simple. A warm shower. Writing a list for tomorrow, in Polish.',
    peopleAndPlaces: { people: [{ name: 'Ewa', relationship: 'my friend upstairs', phone: '07700 900121', whenToCall: 'Evenings after 7.' }], places: 'The library reading room. The Harbour.' },
    fromOthers: { please: 'Speak slowly and write things down for me.', pleaseDont: 'Don’t rush me to decide things.' },
    services: {
      entries: [
        ...(entries.crisisTeam ? [{ directoryEntryId: entries.crisisTeam, note: 'They know me.' }] : []),
        ...(entries.nhs111 ? [{ directoryEntryId: entries.nhs111, note: '' }] : []),
      ],
      note: '',
    },
    mattersMost: 'My mother and my friends here. Feeling useful.',
    afterCrisis: 'Someone to help me read any letters. A slow start back at work.',
  });
}

/** Seeds the two demo plans; returns how many plans and shares it made. */
export async function seedPlans(trx: Transaction<Database>, ctx: PlanContext): Promise<{ plans: number; shares: number }> {
  const org = ctx.organisationId;
  const people = await trx.selectFrom('people').select(['id', 'full_name']).where('organisation_id', '=', org).where('full_name', 'in', ['Marcus Campbell', 'Zofia Kowalczyk']).execute();
  const personId = (name: string) => people.find((p) => p.full_name === name)?.id;
  const entries = await trx.selectFrom('directory_entries').select(['id', 'name']).where('organisation_id', '=', org).execute();
  const entry = (name: string) => entries.find((e) => e.name === name)?.id;
  const dirs = { samaritans: entry('Samaritans'), crisisTeam: entry('Riverside Crisis Team'), haven: entry('The Harbour safe haven'), nhs111: entry('NHS 111 (option 2 for mental health)') };
  const jordan = ctx.users['peer@demo.test'] ?? null;
  const ruth = ctx.users['senior@demo.test'] ?? null;
  const imran = ctx.users['clinician@demo.test'] ?? null;
  const today = localDate(new Date(ctx.now));
  let plans = 0;
  let shares = 0;

  const version = (planId: string, number: number, state: 'draft' | 'agreed', content: PlanContent, at: number, by: string | null, agreed?: { how: 'in_person' | 'own_device'; by: string | null }): CrisisPlanVersion => ({
    id: newId(),
    organisation_id: org,
    plan_id: planId,
    number,
    state,
    content: JSON.stringify(content),
    created_by: by,
    created_at: iso(at),
    updated_by: by,
    updated_at: iso(at + 40 * 60_000),
    agreed_at: agreed ? iso(at + 45 * 60_000) : null,
    agreed_how: agreed?.how ?? null,
    agreed_recorded_by: agreed?.how === 'in_person' ? agreed.by : null,
    version: agreed ? 3 : 2,
  });
  const share = (planId: string, s: Pick<CrisisPlanShare, 'recipient_kind' | 'recipient_name' | 'relationship' | 'recipient_phone' | 'recipient_service_id' | 'recipient_directory_entry_id' | 'consent_how'> & { sections: PlanSectionKey[]; at: number; days: number; by: string | null }): CrisisPlanShare => ({
    id: newId(),
    organisation_id: org,
    plan_id: planId,
    recipient_kind: s.recipient_kind,
    recipient_name: s.recipient_name,
    relationship: s.relationship,
    recipient_phone: s.recipient_phone,
    recipient_email: null,
    recipient_service_id: s.recipient_service_id,
    recipient_directory_entry_id: s.recipient_directory_entry_id,
    sections: JSON.stringify(s.sections),
    consent_how: s.consent_how,
    starts_at: iso(s.at),
    ends_at: endOfLondonDay(addDays(today, s.days)),
    revoked_at: null,
    revoked_by: null,
    created_by: s.by,
    created_at: iso(s.at),
    updated_at: iso(s.at),
    version: 1,
  });
  const view = (planId: string, versionId: string, at: number, v: { kind: 'staff' | 'partner'; userId: string | null; serviceId?: string | null; shareId?: string | null }) => ({
    id: newId(),
    organisation_id: org,
    plan_id: planId,
    version_id: versionId,
    viewer_kind: v.kind,
    user_id: v.userId,
    service_id: v.serviceId ?? null,
    share_id: v.shareId ?? null,
    link_id: null,
    grant_id: null,
    viewed_at: iso(at),
  });

  const marcus = personId('Marcus Campbell');
  if (marcus) {
    const planId = newId();
    const agreedAt = ctx.now - 42 * DAY;
    await trx.insertInto('crisis_plans').values({ id: planId, organisation_id: org, person_id: marcus, created_by: jordan, created_at: iso(agreedAt), updated_at: iso(ctx.now - 2 * DAY), reviewed_at: null, reviewed_by: null, version: 1 }).execute();
    const first = marcusContent(dirs);
    const v1 = version(planId, 1, 'agreed', first, agreedAt, jordan, { how: 'in_person', by: jordan });
    const changed: PlanContent = { ...first, forMyself: `${first.forMyself} Put my football kit out the night before, so Saturday is easier to get to.`, practical: { ...first.practical, pets: 'I’m looking after Denise’s dog, Rolo, on Tuesdays.' } };
    const v2 = version(planId, 2, 'draft', changed, ctx.now - 2 * DAY, jordan);
    await trx.insertInto('crisis_plan_versions').values([v1, v2]).execute();
    const carer = share(planId, { recipient_kind: 'carer', recipient_name: 'Denise Campbell', relationship: 'sister', recipient_phone: '07700 900111', recipient_service_id: null, recipient_directory_entry_id: null, consent_how: 'in_person', sections: ['gettingHarder', 'forMyself', 'fromOthers', 'saferAround', 'practical'], at: agreedAt + DAY, days: 300, by: jordan });
    const partner = share(planId, { recipient_kind: 'partner_service', recipient_name: 'Peer support in A&E, Kingsmead General Hospital', relationship: null, recipient_phone: null, recipient_service_id: ctx.serviceIds.ae, recipient_directory_entry_id: entry('A&E, Kingsmead General Hospital') ?? null, consent_how: 'in_person', sections: ['gettingHarder', 'peopleAndPlaces', 'fromOthers', 'services', 'mattersMost'], at: agreedAt + DAY, days: 180, by: jordan });
    await trx.insertInto('crisis_plan_shares').values([carer, partner]).execute();
    await trx
      .insertInto('crisis_plan_views')
      .values([
        view(planId, v1.id, agreedAt + 3 * DAY, { kind: 'staff', userId: ruth, serviceId: ctx.serviceIds.haven }),
        view(planId, v1.id, ctx.now - 9 * DAY, { kind: 'partner', userId: imran, serviceId: ctx.serviceIds.ae, shareId: partner.id }),
        view(planId, v2.id, ctx.now - 2 * DAY, { kind: 'staff', userId: jordan, serviceId: ctx.serviceIds.haven }),
      ])
      .execute();
    plans += 1;
    shares += 2;
  }

  const zofia = personId('Zofia Kowalczyk');
  if (zofia) {
    const planId = newId();
    const at = ctx.now - 14 * DAY;
    await trx.insertInto('crisis_plans').values({ id: planId, organisation_id: org, person_id: zofia, created_by: ruth, created_at: iso(at - DAY), updated_at: iso(at), reviewed_at: null, reviewed_by: null, version: 1 }).execute();
    const v1 = version(planId, 1, 'agreed', zofiaContent(dirs), at, ruth, { how: 'own_device', by: null });
    await trx.insertInto('crisis_plan_versions').values(v1).execute();
    const team = share(planId, { recipient_kind: 'crisis_team', recipient_name: 'Riverside Crisis Team', relationship: null, recipient_phone: null, recipient_service_id: null, recipient_directory_entry_id: dirs.crisisTeam ?? null, consent_how: 'own_device', sections: ['gettingHarder', 'fromOthers', 'services', 'afterCrisis'], at, days: 365, by: ruth });
    await trx.insertInto('crisis_plan_shares').values(team).execute();
    await trx.insertInto('crisis_plan_views').values(view(planId, v1.id, ctx.now - 5 * DAY, { kind: 'staff', userId: ruth, serviceId: ctx.serviceIds.haven })).execute();
    plans += 1;
    shares += 1;
  }
  return { plans, shares };
}
