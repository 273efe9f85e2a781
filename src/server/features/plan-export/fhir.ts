import type { Annotation, Bundle, BundleEntry, CarePlan, CodeableConcept, Consent, Organization, Patient, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import { PLAN_SECTION_KEYS, PLAN_SECTIONS, RECIPIENT_KIND_LABELS, sectionHasWords, type PlanContent, type PlanSectionKey, type RecipientKind } from '../../../shared/plans.js';

/**
 * A crisis plan as a FHIR R4 Bundle (type "collection"): the Patient, the CarePlan (one
 * version, each section's words kept as written under its title), a Consent for each share
 * (active while it lasts, inactive once revoked or ended), the Practitioner who wrote the
 * version (and who else worked on it) and the Organization. Pure: data in, data out.
 * docs/fhir.md says what maps to what.
 */

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';
const LOINC = 'http://loinc.org';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** Our own code systems live under the instance's public address. */
export const systems = (publicUrl: string) => ({
  plan: `${publicUrl}/fhir/Id/crisis-plan`,
  share: `${publicUrl}/fhir/Id/crisis-plan-share`,
  section: `${publicUrl}/fhir/CodeSystem/crisis-plan-section`,
  service: `${publicUrl}/fhir/Id/service`,
});

export interface ExportPerson {
  id: string;
  preferredName: string;
  fullName: string | null;
  dateOfBirth: string | null;
  nhsNumber: string | null;
}
export interface ExportVersion {
  id: string;
  number: number;
  state: 'draft' | 'agreed';
  content: PlanContent;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  agreedAt: string | null;
  agreedHow: 'in_person' | 'own_device' | null;
  agreedRecordedBy: string | null;
  /** The newest agreed version of the plan (what recipients see). */
  isLatestAgreed: boolean;
}
export interface ExportShare {
  id: string;
  recipientKind: string;
  recipientName: string;
  relationship: string | null;
  recipientServiceId: string | null;
  recipientServiceName: string | null;
  sections: PlanSectionKey[];
  startsAt: string;
  endsAt: string;
  revokedAt: string | null;
  createdAt: string;
  active: boolean;
}
export interface ExportInput {
  bundleId: string;
  publicUrl: string;
  now: string;
  organisation: { id: string; name: string };
  person: ExportPerson;
  planId: string;
  version: ExportVersion;
  /** Staff who worked on the version, by id. */
  staff: Map<string, string>;
  shares: ExportShare[];
  /** The directory's name and numbers for each service the plan names. */
  services: Map<string, { name: string; phones: string[] }>;
}

// ---- the plan's words, section by section ----------------------------------------------

export interface SectionText {
  key: PlanSectionKey;
  title: string;
  parts: { label: string; text: string }[];
}

/** Each section with words in it, its fields labelled as the plan labels them, the words unchanged. */
export function sectionTexts(content: PlanContent, services: Map<string, { name: string; phones: string[] }>): SectionText[] {
  const out: SectionText[] = [];
  for (const key of PLAN_SECTION_KEYS) {
    if (!sectionHasWords(content, key)) continue;
    const { title, fields } = PLAN_SECTIONS[key];
    const parts: { label: string; text: string }[] = [];
    const add = (label: string, text: string) => {
      if (text.trim() !== '') parts.push({ label, text });
    };
    switch (key) {
      case 'peopleAndPlaces':
        for (const p of content.peopleAndPlaces.people) {
          const who = [p.name, p.relationship ? `(${p.relationship})` : ''].filter(Boolean).join(' ');
          add(fields.people!, [who, p.phone, p.whenToCall ? `When to call: ${p.whenToCall}` : ''].filter(Boolean).join('\n'));
        }
        add(fields.places!, content.peopleAndPlaces.places);
        break;
      case 'services':
        for (const e of content.services.entries) {
          const found = services.get(e.directoryEntryId);
          const line = found ? [found.name, ...found.phones].join(', ') : 'A service no longer in the directory';
          add(fields.entries!, [line, e.note].filter(Boolean).join('\n'));
        }
        add(fields.note!, content.services.note);
        break;
      default: {
        const value = content[key] as unknown;
        if (typeof value === 'string') add(title, value);
        else for (const [field, label] of Object.entries(fields)) add(label, String((value as Record<string, unknown>)[field] ?? ''));
      }
    }
    out.push({ key, title, parts });
  }
  return out;
}

/** Text for XHTML: every character a reader could mistake for markup is escaped. */
export const escapeXhtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function narrative(title: string, sections: SectionText[]): string {
  const body = sections
    .map((s) => `<h2>${escapeXhtml(s.title)}</h2>${s.parts.map((p) => (p.label === s.title ? `<p>${escapeXhtml(p.text)}</p>` : `<p><b>${escapeXhtml(p.label)}:</b> ${escapeXhtml(p.text)}</p>`)).join('')}`)
    .join('');
  return `<div xmlns="http://www.w3.org/1999/xhtml"><h1>${escapeXhtml(title)}</h1>${body || '<p>Nothing has been written in this plan yet.</p>'}</div>`;
}

/** One note per section: its title, then each field's label and the words as written. */
function sectionNote(section: SectionText, time: string): Annotation {
  const text = [section.title, ...section.parts.map((p) => (p.label === section.title ? p.text : `${p.label}: ${p.text}`))].join('\n\n');
  return { time, text };
}

// ---- the bundle ------------------------------------------------------------------------------

const urn = (id: string) => `urn:uuid:${id}`;
// The reference's target type is the caller's to say: the id names a resource of that type in the bundle.
const ref = <T extends Resource = Resource>(id: string, display?: string): Reference<T> => ({ reference: urn(id), ...(display ? { display } : {}) }) as Reference<T>;
const sectionCode = (publicUrl: string, key: PlanSectionKey): CodeableConcept => ({
  coding: [{ system: systems(publicUrl).section, code: key, display: PLAN_SECTIONS[key].title }],
  text: PLAN_SECTIONS[key].title,
});

function patientOf(person: ExportPerson): Patient {
  return {
    resourceType: 'Patient',
    id: person.id,
    ...(person.nhsNumber ? { identifier: [{ system: NHS_NUMBER_SYSTEM, value: person.nhsNumber }] } : {}),
    name: [{ use: 'usual', text: person.preferredName }, ...(person.fullName ? [{ use: 'official' as const, text: person.fullName }] : [])],
    ...(person.dateOfBirth ? { birthDate: person.dateOfBirth } : {}),
  };
}

/** The version's status in FHIR: the newest agreed one is active, older agreed ones are completed, a draft is a draft. */
export function carePlanStatus(version: Pick<ExportVersion, 'state' | 'isLatestAgreed'>): CarePlan['status'] {
  if (version.state === 'draft') return 'draft';
  return version.isLatestAgreed ? 'active' : 'completed';
}

function carePlanOf(input: ExportInput, sections: SectionText[]): CarePlan {
  const { version, person, publicUrl } = input;
  const authorId = version.createdBy ?? version.agreedRecordedBy ?? version.updatedBy;
  const contributors = [...new Set([version.createdBy, version.updatedBy, version.agreedRecordedBy].filter((id): id is string => id !== null && input.staff.has(id)))];
  const agreedWords =
    version.state === 'agreed' && version.agreedAt
      ? `Agreed by ${person.preferredName} on ${version.agreedAt.slice(0, 10)}, ${version.agreedHow === 'own_device' ? 'on their own phone or computer' : 'in person with a worker'}.`
      : 'Not yet agreed by the person: a draft.';
  const title = `Crisis plan, version ${version.number}`;
  return {
    resourceType: 'CarePlan',
    id: version.id,
    meta: { versionId: String(version.number), lastUpdated: version.updatedAt },
    text: { status: 'generated', div: narrative(title, sections) },
    identifier: [{ system: systems(publicUrl).plan, value: input.planId }],
    status: carePlanStatus(version),
    intent: 'plan',
    category: [{ text: 'Crisis plan' }],
    title,
    description: `A crisis plan written with ${person.preferredName}, in their own words. ${agreedWords}`,
    subject: ref(person.id, person.preferredName),
    ...(version.agreedAt ? { period: { start: version.agreedAt } } : {}),
    created: version.createdAt,
    ...(authorId && input.staff.has(authorId) ? { author: ref(authorId, input.staff.get(authorId)) } : { author: ref(input.organisation.id, input.organisation.name) }),
    contributor: [ref<Patient>(person.id, person.preferredName), ...contributors.map((id) => ref<Practitioner>(id, input.staff.get(id))), ref<Organization>(input.organisation.id, input.organisation.name)],
    ...(sections.length ? { note: sections.map((s) => sectionNote(s, version.updatedAt)) } : {}),
  };
}

function consentOf(input: ExportInput, share: ExportShare): Consent {
  const { publicUrl } = input;
  const kind = RECIPIENT_KIND_LABELS[share.recipientKind as RecipientKind] ?? share.recipientKind;
  const recipient = [share.recipientServiceName ?? share.recipientName, share.relationship ? `(${share.relationship})` : ''].filter(Boolean).join(' ');
  const end = share.revokedAt && share.revokedAt < share.endsAt ? share.revokedAt : share.endsAt;
  return {
    resourceType: 'Consent',
    id: share.id,
    identifier: [{ system: systems(publicUrl).share, value: share.id }],
    status: share.active ? 'active' : 'inactive',
    scope: { coding: [{ system: CONSENT_SCOPE, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }], text: 'Sharing a crisis plan' }],
    patient: ref(input.person.id, input.person.preferredName),
    dateTime: share.createdAt,
    performer: [ref(input.person.id, input.person.preferredName)],
    organization: [ref(input.organisation.id, input.organisation.name)],
    policyRule: { coding: [{ system: ACT_CODE, code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      period: { start: share.startsAt, end },
      actor: [
        {
          role: { coding: [{ system: PARTICIPATION, code: 'IRCP', display: 'information recipient' }] },
          reference: {
            display: `${recipient} (${kind.toLowerCase()})`,
            ...(share.recipientServiceId ? { identifier: { system: systems(publicUrl).service, value: share.recipientServiceId } } : {}),
          },
        },
      ],
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'access', display: 'Access' }] }],
      code: share.sections.map((key) => sectionCode(publicUrl, key)),
      data: [{ meaning: 'related', reference: ref(input.version.id) }],
    },
  };
}

export function planBundle(input: ExportInput): Bundle {
  const sections = sectionTexts(input.version.content, input.services);
  const practitioners: Practitioner[] = [...input.staff.entries()].map(([id, name]) => ({ resourceType: 'Practitioner', id, name: [{ text: name }] }));
  const organisation: Organization = { resourceType: 'Organization', id: input.organisation.id, name: input.organisation.name, active: true };
  const resources: Resource[] = [patientOf(input.person), carePlanOf(input, sections), ...input.shares.map((s) => consentOf(input, s)), ...practitioners, organisation];
  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: urn(resource.id!), resource }));
  return { resourceType: 'Bundle', id: input.bundleId, type: 'collection', timestamp: input.now, entry };
}
