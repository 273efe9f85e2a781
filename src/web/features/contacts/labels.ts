/** Codes and plain words for contacts: one list, shared with the server (src/shared/contact-codes.ts, no zod). */
export * from '../../../shared/contact-codes.js';

export const optionsOf = <K extends string>(codes: readonly K[], labels: Record<K, string>) => codes.map((value) => ({ value, label: labels[value] }));
