/**
 * Our vocabulary for the kinds of help in the directory: a short code (stored, and the
 * ORUK taxonomy `id`) and a plain English label (shown, and the ORUK `name`). In ORUK
 * documents each term is `{ id: code, name: label, vocabulary: 'alongside-crisis' }`.
 * Terms from other vocabularies (an imported council feed) are kept in the document as
 * they came; the admin screens edit only these.
 *
 * Zod-free so the public pages can use it without the validation library.
 */
export const TAXONOMY_VOCABULARY = 'alongside-crisis';

export const TAXONOMY_TERMS = [
  { code: 'emergency', label: 'Emergency services (999)' },
  { code: 'emergency-department', label: 'A&E' },
  { code: 'crisis-line', label: 'Crisis line' },
  { code: 'text-support', label: 'Text support' },
  { code: 'nhs-111', label: 'NHS 111' },
  { code: 'gp', label: 'GP and out-of-hours GP' },
  { code: 'crisis-team', label: 'Crisis team' },
  { code: 'safe-haven', label: 'Safe haven or crisis café' },
  { code: 'crisis-house', label: 'Crisis house' },
  { code: 'peer-support', label: 'Peer support' },
  { code: 'talking-therapies', label: 'Talking therapies' },
  { code: 'carers-support', label: 'Support for carers and families' },
  { code: 'young-people', label: 'Young people' },
  { code: 'drug-alcohol', label: 'Drug and alcohol support' },
  { code: 'housing', label: 'Housing advice' },
  { code: 'money-advice', label: 'Money and debt advice' },
  { code: 'domestic-abuse', label: 'Domestic abuse support' },
  { code: 'bereavement', label: 'Bereavement support' },
  { code: 'social-care', label: 'Social care' },
  { code: 'lgbtq', label: 'LGBTQ+ support' },
  { code: 'veterans', label: 'Support for veterans' },
  { code: 'older-people', label: 'Older people' },
] as const;

export type TaxonomyCode = (typeof TAXONOMY_TERMS)[number]['code'];
export const TAXONOMY_CODES = TAXONOMY_TERMS.map((t) => t.code) as [TaxonomyCode, ...TaxonomyCode[]];

const labels = new Map<string, string>(TAXONOMY_TERMS.map((t) => [t.code, t.label]));
export const isTaxonomyCode = (code: string): code is TaxonomyCode => labels.has(code);
/** The plain English label of a code (the code itself when it is not ours). */
export const taxonomyLabel = (code: string): string => labels.get(code) ?? code;

/** A term as ORUK writes it inside `service_taxonomys[].taxonomy`. */
export interface OrukTaxonomyTerm {
  id: TaxonomyCode;
  name: string;
  vocabulary: typeof TAXONOMY_VOCABULARY;
}
export const orukTaxonomyTerm = (code: TaxonomyCode): OrukTaxonomyTerm => ({ id: code, name: taxonomyLabel(code), vocabulary: TAXONOMY_VOCABULARY });

/** The whole vocabulary as ORUK taxonomy records (for `/openreferral/taxonomies`-style listings). */
export const orukTaxonomies = (): OrukTaxonomyTerm[] => TAXONOMY_TERMS.map((t) => orukTaxonomyTerm(t.code));
