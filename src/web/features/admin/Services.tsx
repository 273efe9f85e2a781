import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { SERVICE_TYPE_LABELS } from '../../../shared/roles.js';
import { api } from '../../api/client.js';
import type { ServicesOut } from '../../api/types.js';
import { isOrgAdmin, useSession } from '../../session/session.js';
import { Page } from '../../ui/Page.js';
import { ADMIN_ROLES, QueryState, RequireRole } from './common.js';
import { describeOpeningHours } from './opening-hours-form.js';

export const servicesKey = ['services'] as const;
export const useServices = () => useQuery({ queryKey: servicesKey, queryFn: () => api<ServicesOut>('/services') });

export default function Services() {
  const { data: session } = useSession();
  const services = useServices();
  return (
    <RequireRole roles={ADMIN_ROLES}>
      <Page title="Services and teams" back={{ to: '/admin', text: 'Administration' }} wide>
        {session && isOrgAdmin(session.user) && (
          <Link className="nhsuk-button" to="/admin/services/new">
            Add a service
          </Link>
        )}
        <QueryState query={services} what="services" />
        {services.data &&
          (services.data.services.length === 0 ? (
            <p>There are no services yet.</p>
          ) : (
            <table className="nhsuk-table app-responsive-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Services</caption>
              <thead className="nhsuk-table__head">
                <tr className="nhsuk-table__row">
                  <th scope="col" className="nhsuk-table__header">Service</th>
                  <th scope="col" className="nhsuk-table__header">Kind</th>
                  <th scope="col" className="nhsuk-table__header">Area</th>
                  <th scope="col" className="nhsuk-table__header">Opening hours</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {services.data.services.map((s) => (
                  <tr className="nhsuk-table__row" key={s.id}>
                    <td className="nhsuk-table__cell" data-label="Service">
                      <Link to={`/admin/services/${s.id}`}>{s.name}</Link>
                      {s.archived && (
                        <>
                          {' '}
                          <strong className="nhsuk-tag nhsuk-tag--grey">Archived</strong>
                        </>
                      )}
                    </td>
                    <td className="nhsuk-table__cell" data-label="Kind">{SERVICE_TYPE_LABELS[s.type]}</td>
                    <td className="nhsuk-table__cell" data-label="Area">{s.area}</td>
                    <td className="nhsuk-table__cell" data-label="Opening hours">{describeOpeningHours(s.openingHours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </Page>
    </RequireRole>
  );
}
