import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { DirectoryEntryOut } from '../../../shared/directory/entries.js';
import { NATIONAL_LINES, PLAN_SECTION_KEYS, PLAN_SECTIONS, sectionHasWords, type PlanContent, type PlanSectionKey } from '../../../shared/plans.js';
import { api } from '../../api/client.js';
import { entryKey } from '../directory/api.js';
import { openingText } from '../directory/common.js';
import { telHref } from '../directory/entry-form.js';
import { getPerson, personKey } from '../people/api.js';
import { sectionLines } from './plan-rules.js';
import './plans.css';

/** The person's preferred name, for headings (empty while loading). */
export function usePersonName(personId: string): string {
  const person = useQuery({ queryKey: personKey(personId), queryFn: () => getPerson(personId), staleTime: 60_000 });
  return person.data?.preferredName ?? '';
}

/** Directory entries by id, loaded once each. */
export function useEntries(ids: readonly string[]): Map<string, DirectoryEntryOut> {
  const results = useQueries({ queries: ids.map((id) => ({ queryKey: entryKey(id), queryFn: () => api<DirectoryEntryOut>(`/directory/${encodeURIComponent(id)}`), staleTime: 5 * 60_000, retry: false })) });
  const out = new Map<string, DirectoryEntryOut>();
  results.forEach((r, i) => r.data && out.set(ids[i] as string, r.data));
  return out;
}

/** The national lines every plan ends with, whatever else it names. */
export function NationalLines({ heading = true }: { heading?: boolean }) {
  return (
    <>
      {heading && <p className="app-plan-label">Always there, day or night</p>}
      <ul className="app-plan-lines">
        {NATIONAL_LINES.map((l) => (
          <li key={l.name} className="app-plan-line--national">
            <strong>{l.name}</strong>
            {': '}
            {'phone' in l ? <a href={telHref(l.phone)}>{l.phone}</a> : <>text {l.text} to {l.sms}</>}
            <span className="app-muted">. {l.hours}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A chosen service: its name, number and when it is open (worked out now). */
export function ServiceLine({ entry, id, note }: { entry: DirectoryEntryOut | undefined; id: string; note?: string }) {
  const phone = entry?.phones[0];
  return (
    <li>
      <strong>{entry?.name ?? (id ? 'A service from the directory' : 'A service')}</strong>
      {phone && (
        <>
          {': '}
          <a href={telHref(phone.number)}>{phone.number}</a>
          {phone.label && <span className="app-muted"> ({phone.label})</span>}
        </>
      )}
      {entry && <div className="nhsuk-body-s nhsuk-u-margin-bottom-0 app-muted">{openingText(entry, new Date())}</div>}
      {note && <div className="app-plan-words">{note}</div>}
    </li>
  );
}

/** One section of a plan, read-only: the person's words under the section's own title. */
export function SectionView({ sectionKey, content, entries, headingLevel = 2, extra }: { sectionKey: PlanSectionKey; content: Partial<PlanContent>; entries: Map<string, DirectoryEntryOut>; headingLevel?: 2 | 3; extra?: ReactNode }) {
  const section = PLAN_SECTIONS[sectionKey];
  const value = content[sectionKey];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const hasWords = value !== undefined && sectionHasWords(content as PlanContent, sectionKey);
  const id = `plan-section-${sectionKey}`;
  return (
    <section className="app-plan-section" aria-labelledby={id}>
      <Heading className={headingLevel === 2 ? 'nhsuk-heading-m' : 'nhsuk-heading-s'} id={id}>
        {section.title}
      </Heading>
      {extra}
      {sectionKey === 'peopleAndPlaces' && value ? (
        <PeopleAndPlaces value={value as PlanContent['peopleAndPlaces']} />
      ) : sectionKey === 'services' ? (
        <>
          {value && (value as PlanContent['services']).entries.length > 0 && (
            <ul className="app-plan-lines">
              {(value as PlanContent['services']).entries.map((e) => (
                <ServiceLine key={e.directoryEntryId} id={e.directoryEntryId} entry={entries.get(e.directoryEntryId)} note={e.note} />
              ))}
            </ul>
          )}
          {value && (value as PlanContent['services']).note.trim() && <p className="app-plan-words">{(value as PlanContent['services']).note}</p>}
          <NationalLines />
        </>
      ) : hasWords ? (
        <Lines lines={sectionLines(sectionKey, value)} single={typeof value === 'string'} />
      ) : null}
      {!hasWords && sectionKey !== 'services' && <p className="app-muted">Nothing written here yet.</p>}
    </section>
  );
}

function Lines({ lines, single }: { lines: { label: string; text: string }[]; single: boolean }) {
  if (single) return <p className="app-plan-words">{lines[0]?.text}</p>;
  return (
    <>
      {lines.map((l) => (
        <div key={l.label}>
          <p className="app-plan-label">{l.label}</p>
          <p className="app-plan-words">{l.text}</p>
        </div>
      ))}
    </>
  );
}

function PeopleAndPlaces({ value }: { value: PlanContent['peopleAndPlaces'] }) {
  return (
    <>
      {value.people.length > 0 && (
        <>
          <p className="app-plan-label">People</p>
          <ul className="app-plan-lines">
            {value.people.map((p, i) => (
              <li key={i}>
                <strong>{p.name}</strong>
                {p.relationship && ` (${p.relationship})`}
                {p.phone && (
                  <>
                    {': '}
                    <a href={telHref(p.phone)}>{p.phone}</a>
                  </>
                )}
                {p.whenToCall && <div className="app-plan-words">{p.whenToCall}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {value.places.trim() && (
        <>
          <p className="app-plan-label">Places</p>
          <p className="app-plan-words">{value.places}</p>
        </>
      )}
    </>
  );
}

/**
 * A plan (or the parts shared), every section in order. Sections not in `content` (not shared)
 * are left out altogether; `onlyWritten` leaves out sections with nothing in them too.
 */
export function PlanContentView({ content, onlyWritten, headingLevel = 2 }: { content: Partial<PlanContent>; onlyWritten?: boolean; headingLevel?: 2 | 3 }) {
  const ids = content.services?.entries.map((e) => e.directoryEntryId) ?? [];
  const entries = useEntries(ids);
  const keys = PLAN_SECTION_KEYS.filter((k) => content[k] !== undefined && (!onlyWritten || k === 'services' || sectionHasWords(content as PlanContent, k)));
  return (
    <div className="app-plan">
      {keys.map((k) => (
        <SectionView key={k} sectionKey={k} content={content} entries={entries} headingLevel={headingLevel} />
      ))}
    </div>
  );
}
