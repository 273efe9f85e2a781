import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Role } from '../../../shared/roles.js';
import type { ShareSummary } from '../../../shared/wellbeing.js';
import { hasAnyRole, useSession } from '../../session/session.js';
import { WELLBEING_ROLES } from './access.js';
import { formErrorsFrom, noErrors, type FormErrors } from '../../api/errors.js';
import { CardLinks } from '../../ui/CardLinks.js';
import { SelectField } from '../../ui/fields.js';
import { candidatesKey, getCandidates, revokeShare } from './api.js';

/** Who something is shared with now, each with a "stop sharing" button. */
export function SharedWithList({ shares, onChanged, what }: { shares: ShareSummary[]; onChanged: (message: string) => void; what: string }) {
  const stop = useMutation({
    mutationFn: (share: ShareSummary) => revokeShare(share.id),
    onSuccess: (_v, share) => onChanged(`${share.sharedWithName} can no longer see ${what}.`),
  });
  if (shares.length === 0) return null;
  return (
    <ul className="nhsuk-list app-wellbeing-shares">
      {shares.map((s) => (
        <li key={s.id}>
          Shared with <strong>{s.sharedWithName}</strong>{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-inline-button" onClick={() => stop.mutate(s)} disabled={stop.isPending}>
            Stop sharing<span className="nhsuk-u-visually-hidden"> {what} with {s.sharedWithName}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * "Share with…": choose one named colleague (your lead, manager, senior peer or supervisor).
 * Only the people the server lists can be chosen; the server checks again.
 */
export function SharePicker({ name, what, share, onShared }: { name: string; what: string; share: (userId: string) => Promise<unknown>; onShared: (message: string) => void }) {
  const candidates = useQuery({ queryKey: candidatesKey, queryFn: getCandidates, staleTime: 60_000 });
  const [userId, setUserId] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const mutation = useMutation({
    mutationFn: (id: string) => share(id),
    onSuccess: () => {
      const who = candidates.data?.candidates.find((c) => c.userId === userId)?.displayName ?? 'them';
      setUserId('');
      setErrors(noErrors);
      onShared(`You shared ${what} with ${who}. You can stop sharing at any time.`);
    },
    onError: (error) => setErrors(formErrorsFrom(error, ['sharedWithUserId'])),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!userId) return setErrors({ summary: [{ text: 'Choose who to share with' }], fields: { sharedWithUserId: 'Choose who to share with' } });
    mutation.mutate(userId);
  }
  if (candidates.isPending) return <p className="nhsuk-body-s">Finding who you can share with…</p>;
  if (!candidates.data || candidates.data.candidates.length === 0) {
    return <p className="nhsuk-body-s">There is nobody to share with yet: you can share with your shift lead, manager, a senior peer or your supervisor once they are set up in Alongside.</p>;
  }
  const options = [{ value: '', label: 'Choose someone' }, ...candidates.data.candidates.map((c) => ({ value: c.userId, label: `${c.displayName} (${c.reasons.join('; ')})` }))];
  return (
    <form onSubmit={submit} noValidate className="app-share-picker">
      <SelectField name={`${name}-sharedWithUserId`} label="Share with" hint="Only the person you choose will see it. You can stop sharing at any time." value={userId} onChange={setUserId} options={options} error={errors.fields.sharedWithUserId ?? (errors.summary[0] && !errors.fields.sharedWithUserId ? errors.summary[0].text : undefined)} />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={mutation.isPending}>
        Share<span className="nhsuk-u-visually-hidden"> {what}</span>
      </button>
    </form>
  );
}

/** Who may use each page (matrix.json): a link is shown only to people it will serve. */
const EVERYONE: readonly Role[] = WELLBEING_ROLES;
const GROUP_ROLES: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'crisis_responder'];
const SUPERVISION_ROLES: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'org_admin'];

/** The pages of staff wellbeing, for the hub. */
export const WELLBEING_LINKS: readonly { to: string; title: string; description: string; roles: readonly Role[] }[] = [
  { to: '/wellbeing/plan', title: 'My wellbeing plan', description: 'What helps you stay well at work, and what you would like others to do.', roles: EVERYONE },
  { to: '/wellbeing/debriefs', title: 'Debriefs', description: 'Talk things through with a peer supporter after something hard, or ask for a debrief.', roles: EVERYONE },
  { to: '/wellbeing/journal', title: 'Reflective journal', description: 'Private notes only you can read, with things to bring to your group.', roles: EVERYONE },
  { to: '/wellbeing/groups', title: 'Reflective practice groups', description: 'Sessions with your team: themes and what you learned together.', roles: GROUP_ROLES },
  { to: '/wellbeing/supervision', title: 'Supervision', description: 'Your supervision sessions, who with, and when the next is due.', roles: SUPERVISION_ROLES },
  { to: '/wellbeing/shared', title: 'Shared with me', description: 'Check-ins and plans colleagues have chosen to share with you.', roles: EVERYONE },
];

export function WellbeingLinks() {
  const { data: session } = useSession();
  const links = session ? WELLBEING_LINKS.filter((l) => hasAnyRole(session.user, l.roles)) : [];
  return <CardLinks links={links} headingLevel={3} />;
}
