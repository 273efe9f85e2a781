import type { Deps } from '../../http/context.js';
import { announceAlert } from '../alerts/service.js';
import { ESCALATION_JOB, ESCALATION_MESSAGE_JOB, runEscalationTimer, sendStepMessage } from './service.js';

/**
 * The escalation timer (a durable job per moment, keyed `escalation:<id>:advance:<step>` or
 * `escalation:<id>:repeat:<n>`, rules.ts): when a step's window passes with nobody picking the
 * escalation up, the next step starts; on the last step, its alert repeats on staged gaps until
 * someone acknowledges. The change, the alert and the next timer commit with the job itself, so
 * a restart fires what it missed, once. A step that texts or emails a partner service's duty
 * contact sends it by `escalation.message` (at least once, like every message). Registered once
 * per app (routes.ts).
 */
export function registerEscalationJobs(deps: Deps): void {
  deps.jobs.register(ESCALATION_JOB, async (job) => {
    const escalationId = String(job.payload.escalationId ?? '');
    if (!job.organisationId || !escalationId) return;
    const organisationId = job.organisationId;
    let alert: Awaited<ReturnType<typeof runEscalationTimer>> = null;
    const done = await job.complete(async (trx) => {
      alert = await runEscalationTimer(trx, deps, organisationId, escalationId, job.key);
    });
    const raised = alert as Awaited<ReturnType<typeof runEscalationTimer>>;
    if (done && raised) await announceAlert(deps, raised);
  });

  deps.jobs.register(ESCALATION_MESSAGE_JOB, async (job) => {
    const escalationId = String(job.payload.escalationId ?? '');
    const stepIndex = Number(job.payload.stepIndex);
    if (!job.organisationId || !escalationId || !Number.isInteger(stepIndex)) return;
    await sendStepMessage(deps, job.organisationId, escalationId, stepIndex);
  });
}
