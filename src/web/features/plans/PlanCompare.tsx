import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { PLAN_SECTIONS, type PlanCompareOut } from '../../../shared/plans.js';
import { Page } from '../../ui/Page.js';
import { PEER_ROLES } from '../people/access.js';
import { QueryState, RequireRoles } from '../people/common.js';
import { getPlanCompare, planCompareKey, planScreen } from './api.js';
import { useEntries } from './common.js';
import { dateOf, sectionText, wordChanges } from './plan-rules.js';

/** Two versions side by side: which sections changed, and the words added and taken out. */
export default function PlanCompare() {
  const { personId = '' } = useParams();
  const [params] = useSearchParams();
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  const ok = Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0;
  const compare = useQuery({ queryKey: planCompareKey(personId, from, to), queryFn: () => getPlanCompare(personId, from, to), enabled: ok });
  return (
    <RequireRoles roles={PEER_ROLES} what="crisis plans">
      <Page title={`Comparing version ${from} with version ${to}`} caption="Crisis plan" back={{ to: planScreen(personId), text: 'Back to the plan' }} wide>
        {!ok && <p>Choose two versions to compare from the plan page.</p>}
        <QueryState query={compare} what="the two versions" />
        {compare.data && <Comparison out={compare.data} />}
      </Page>
    </RequireRoles>
  );
}

const when = (v: PlanCompareOut['from']) => (v.state === 'agreed' && v.agreedAt ? `agreed ${dateOf(v.agreedAt)}` : 'being written');

function Comparison({ out }: { out: PlanCompareOut }) {
  const ids = new Set<string>();
  for (const s of out.sections)
    if (s.key === 'services') for (const side of [s.before, s.after]) for (const e of (side as { entries?: { directoryEntryId: string }[] } | null)?.entries ?? []) ids.add(e.directoryEntryId);
  const entries = useEntries([...ids]);
  const entryName = (id: string) => entries.get(id)?.name ?? 'A service from the directory';
  const changed = out.sections.filter((s) => s.changed);
  const same = out.sections.filter((s) => !s.changed);
  return (
    <>
      <p>
        Version {out.from.number} ({when(out.from)}) and version {out.to.number} ({when(out.to)}).{' '}
        {changed.length === 0 ? 'Nothing changed between them.' : `${changed.length} part${changed.length === 1 ? '' : 's'} changed.`}
      </p>
      {changed.length > 0 && (
        <p className="nhsuk-body-s">
          Words added in version {out.to.number} are <ins className="app-plan-added">underlined in green</ins>; words taken out are <del className="app-plan-removed">crossed out in red</del>.
        </p>
      )}
      {changed.map((s) => {
        const before = sectionText(s.key, s.before, entryName);
        const after = sectionText(s.key, s.after, entryName);
        return (
          <section key={s.key} className="app-plan-section" aria-labelledby={`cmp-${s.key}`}>
            <h2 className="nhsuk-heading-m" id={`cmp-${s.key}`}>
              {PLAN_SECTIONS[s.key].title}
            </h2>
            <h3 className="nhsuk-heading-xs">What changed</h3>
            <p className="app-plan-diff">
              {wordChanges(before, after).map((part, i) =>
                part.kind === 'added' ? (
                  <ins key={i} className="app-plan-added">
                    <span className="nhsuk-u-visually-hidden">[added: </span>
                    {part.text}
                    <span className="nhsuk-u-visually-hidden">]</span>
                  </ins>
                ) : part.kind === 'removed' ? (
                  <del key={i} className="app-plan-removed">
                    <span className="nhsuk-u-visually-hidden">[taken out: </span>
                    {part.text}
                    <span className="nhsuk-u-visually-hidden">]</span>
                  </del>
                ) : (
                  <span key={i}>{part.text}</span>
                ),
              )}
            </p>
            <div className="app-plan-compare">
              <div>
                <h3 className="nhsuk-heading-xs">Before (version {out.from.number})</h3>
                <p className="app-plan-words">{before || <span className="app-muted">Nothing written</span>}</p>
              </div>
              <div>
                <h3 className="nhsuk-heading-xs">After (version {out.to.number})</h3>
                <p className="app-plan-words">{after || <span className="app-muted">Nothing written</span>}</p>
              </div>
            </div>
          </section>
        );
      })}
      {same.length > 0 && (
        <>
          <h2 className="nhsuk-heading-m">Not changed</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {same.map((s) => (
              <li key={s.key}>{PLAN_SECTIONS[s.key].title}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
