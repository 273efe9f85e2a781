import { useQuery } from '@tanstack/react-query';
import type { PartnerPerson, PartnerPlanOut, PlanServicesResolved } from '../../../shared/plan-partners.js';
import { PLAN_SECTIONS, sectionHasWords, type PlanContent } from '../../../shared/plans.js';
import type { Role } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import type { ServicesOut } from '../../../shared/admin.js';
import { telHref } from '../directory/entry-form.js';
import { formatDate, formatNhsNumber } from '../people/person-form.js';
import { SectionView } from './common.js';
import { dateOf, describeAgreement } from './plan-rules.js';
import './plans.css';

export const PARTNER_ROLES: readonly Role[] = ['clinical_partner'];
export const REVIEW_ROLES: readonly Role[] = ['service_manager'];
export const REPORT_ROLES: readonly Role[] = ['service_manager', 'commissioner', 'org_admin'];

export const servicePath = (serviceId: string, rest: string) => `/services/${encodeURIComponent(serviceId)}${rest}`;

/** The service's name, for headings (from the session's memberships first, else the services list). */
export function useServiceName(serviceId: string, memberships: readonly { serviceId: string | null; serviceName?: string | null }[]): string {
  const known = memberships.find((m) => m.serviceId === serviceId)?.serviceName;
  const services = useQuery({ queryKey: ['services'], queryFn: () => api<ServicesOut>('/services'), staleTime: 60_000, enabled: !known, retry: false });
  return known ?? services.data?.services.find((s) => s.id === serviceId)?.name ?? '';
}

/** "Alex Morgan, born 3 March 1990, NHS number 943 476 5919". */
export function describePartnerPerson(p: PartnerPerson, withName = true): string {
  const name = withName ? (p.fullName ?? p.preferredName) : p.fullName && p.fullName !== p.preferredName ? `Likes to be called ${p.preferredName}` : '';
  return [name, p.dateOfBirth ? `born ${formatDate(p.dateOfBirth)}` : '', p.nhsNumber ? `NHS number ${formatNhsNumber(p.nhsNumber)}` : ''].filter(Boolean).join(', ');
}

function ResolvedServices({ services }: { services: PlanServicesResolved }) {
  return (
    <section className="app-plan-section" aria-labelledby="plan-section-services">
      <h2 className="nhsuk-heading-m" id="plan-section-services">
        {PLAN_SECTIONS.services.title}
      </h2>
      {services.entries.length > 0 && (
        <ul className="app-plan-lines">
          {services.entries.map((e) => (
            <li key={e.directoryEntryId}>
              <strong>{e.name}</strong>
              {e.phones[0] && (
                <>
                  {': '}
                  <a href={telHref(e.phones[0].number)}>{e.phones[0].number}</a>
                  {e.phones[0].label && <span className="app-muted"> ({e.phones[0].label})</span>}
                </>
              )}
              {!e.available && <div className="app-muted">No longer listed in the directory</div>}
              {(e.openingNow || e.hoursToday) && <div className="nhsuk-body-s nhsuk-u-margin-bottom-0 app-muted">{[e.openingNow, e.hoursToday].filter(Boolean).join('. ')}</div>}
              {e.note && <div className="app-plan-words">{e.note}</div>}
            </li>
          ))}
        </ul>
      )}
      {services.note.trim() && <p className="app-plan-words">{services.note}</p>}
      <p className="app-plan-label">Always there, day or night</p>
      <ul className="app-plan-lines">
        {services.nationalLines.map((l) => (
          <li key={l.name} className="app-plan-line--national">
            <strong>{l.name}</strong>
            {': '}
            {l.phone ? <a href={telHref(l.phone)}>{l.phone}</a> : `text ${l.text ?? ''} to ${l.sms ?? ''}`}
            <span className="app-muted">. {l.hours}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The plan as a partner may see it: who it belongs to, which version, and only the parts they may see. */
export function PartnerPlanView({ plan }: { plan: PartnerPlanOut }) {
  const v = plan.version;
  const empty = new Map();
  // In a hurry, empty parts are noise: show the parts with words, and always the services and national lines.
  const written = plan.sections.filter((k) => k === 'services' || sectionHasWords(plan.content as PlanContent, k));
  return (
    <>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Whose plan</dt>
          <dd className="nhsuk-summary-list__value app-break">
            {describePartnerPerson(plan.person)}
            {plan.person.fullName && plan.person.fullName !== plan.person.preferredName && <div>Likes to be called {plan.person.preferredName}</div>}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Version</dt>
          <dd className="nhsuk-summary-list__value">
            Version {v.number}
            {v.agreedAt && `, agreed on ${dateOf(v.agreedAt)}, ${describeAgreement({ agreedHow: v.agreedHow, agreedRecordedByName: null })}`}
          </dd>
        </div>
      </dl>
      {written.length < plan.sections.length && <p className="app-muted">Parts with nothing written in them are left out.</p>}
      {written.map((k) =>
        k === 'services' ? plan.services ? <ResolvedServices key={k} services={plan.services} /> : null : <SectionView key={k} sectionKey={k} content={plan.content} entries={empty} />,
      )}
    </>
  );
}
