import { AppError } from '../../http/errors.js';
import { PLAN_SECTION_KEYS, sectionHasWords, type PlanContent } from '../../../shared/plans.js';

/** 409 not_a_draft: an agreed version is never changed. */
export const notADraft = () =>
  new AppError(409, 'not_a_draft', 'This version has been agreed, so it stays as it is. Start a new draft to make changes.');

/** Whether a plan can be agreed: something must be written in at least one part. */
export function agreeProblem(content: PlanContent): { message: string; fields: Record<string, string> } | null {
  if (PLAN_SECTION_KEYS.some((key) => sectionHasWords(content, key))) return null;
  return { message: 'Write something in at least one part of the plan before it is agreed.', fields: { content: 'Write something in at least one part of the plan' } };
}
