import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { PLAN_SECTION_TEXT, PLAN_SECTIONS, type PlanSection, type WellbeingPlanOut } from '../../../shared/wellbeing.js';
import { formErrorsFrom, noErrors, type FormErrors } from '../../api/errors.js';
import { ErrorSummary } from '../../ui/ErrorSummary.js';
import { TextArea } from '../../ui/fields.js';
import { Notice } from '../../ui/Notice.js';
import { Page } from '../../ui/Page.js';
import { QueryState } from '../../ui/QueryState.js';
import { staleVersionsOf, StaleVersionChoice } from '../../ui/StaleVersion.js';
import { RequireRoles } from '../people/common.js';
import { formatDateTime } from '../people/person-form.js';
import { WELLBEING_ROLES } from './access.js';
import { getPlan, planKey, putPlan, sharePlan } from './api.js';
import { SharedWithList, SharePicker } from './common.js';
import './wellbeing.css';

type Sections = Record<PlanSection, string>;

/** My wellbeing plan for work: five sections in my own words, private unless I share it. */
export default function WellbeingPlan() {
  const plan = useQuery({ queryKey: planKey, queryFn: getPlan });
  return (
    <RequireRoles roles={WELLBEING_ROLES} what="staff wellbeing">
      <Page title="My wellbeing plan" back={{ to: '/wellbeing', text: 'Your wellbeing' }}>
        <p>A plan for work, in your own words: what helps, what gets hard, and what you would like others to do. It is private to you unless you choose to share it with someone you trust.</p>
        <QueryState query={plan} what="your plan" />
        {plan.data && <PlanForm plan={plan.data} />}
      </Page>
    </RequireRoles>
  );
}

function PlanForm({ plan }: { plan: WellbeingPlanOut }) {
  const client = useQueryClient();
  const [sections, setSections] = useState<Sections>(plan.sections);
  const [version, setVersion] = useState(plan.version);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [notice, setNotice] = useState('');
  const [stale, setStale] = useState<WellbeingPlanOut | null>(null);
  const save = useMutation({
    mutationFn: (v: number) => putPlan({ version: v, sections }),
    onMutate: () => setNotice(''),
    onSuccess: (saved) => {
      setStale(null);
      setErrors(noErrors);
      client.setQueryData(planKey, saved);
      setVersion(saved.version);
      setNotice('Your plan is saved. Only you can see it unless you share it.');
    },
    onError: (error) => {
      const versions = staleVersionsOf<WellbeingPlanOut>(error);
      if (versions) return setStale(versions.current);
      setErrors(formErrorsFrom(error, PLAN_SECTIONS.map((k) => `sections.${k}`)));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(version);
  }
  const refresh = (message: string) => {
    setNotice(message);
    void client.invalidateQueries({ queryKey: planKey });
  };
  return (
    <>
      <Notice text={notice} />
      {stale && (
        <StaleVersionChoice
          rows={PLAN_SECTIONS.map((k) => ({ label: PLAN_SECTION_TEXT[k].title, theirs: stale.sections[k], yours: sections[k] }))}
          onKeepTheirs={() => {
            client.setQueryData(planKey, stale);
            setSections(stale.sections);
            setVersion(stale.version);
            setStale(null);
          }}
          onUseMine={() => save.mutate(stale.version)}
          busy={save.isPending}
        />
      )}
      {plan.updatedAt && <p className="nhsuk-body-s">Last saved {formatDateTime(plan.updatedAt)}.</p>}
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        {PLAN_SECTIONS.map((k) => (
          <TextArea key={k} name={`sections.${k}`} label={<strong>{PLAN_SECTION_TEXT[k].title}</strong>} hint={PLAN_SECTION_TEXT[k].hint} value={sections[k]} onChange={(v) => setSections({ ...sections, [k]: v })} rows={4} error={errors.fields[`sections.${k}`]} />
        ))}
        <button type="submit" className="nhsuk-button" disabled={save.isPending}>
          Save my plan
        </button>
      </form>

      <h2 className="nhsuk-heading-m">Sharing your plan</h2>
      {plan.id ? (
        <>
          {plan.shares.length === 0 && <p>You have not shared your plan with anyone.</p>}
          <SharedWithList shares={plan.shares} onChanged={refresh} what="your plan" />
          <SharePicker name="plan-share" what="your plan" share={sharePlan} onShared={refresh} />
        </>
      ) : (
        <p>Once you have saved your plan, you can share it with your shift lead, manager, a senior peer or your supervisor.</p>
      )}
    </>
  );
}
