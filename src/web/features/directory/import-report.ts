import type { DirectoryImportReport } from '../../../shared/directory/entries.js';

const services = (n: number) => (n === 1 ? '1 service' : `${n} services`);

/** One plain sentence about an import report (a dry run says what would happen). */
export function importSummary(r: DirectoryImportReport, dryRun: boolean, skipInvalid: boolean): string {
  const inFile = `The file has ${services(r.received)}.`;
  if (r.received === 0) return 'The file has no services in it, so there is nothing to import.';
  if (r.skipped.length > 0 && !skipInvalid) {
    return `${inFile} ${services(r.skipped.length)} ${r.skipped.length === 1 ? 'has' : 'have'} problems, so nothing ${dryRun ? 'would be' : 'was'} imported. Fix the file, or choose to skip the ones with problems.`;
  }
  const would = (n: number) => `${services(n)} ${dryRun ? 'would be' : n === 1 ? 'was' : 'were'}`;
  const parts = [r.created ? `${would(r.created)} added` : '', r.updated ? `${would(r.updated)} updated` : '', r.skipped.length ? `${would(r.skipped.length)} skipped` : ''].filter(Boolean);
  if (parts.length === 0) return `${inFile} Nothing ${dryRun ? 'would change' : 'changed'}.`;
  const list = parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
  return `${inFile} ${list.charAt(0).toUpperCase()}${list.slice(1)}.${dryRun ? ' Nothing has been saved yet.' : ''}`;
}

/** Where in the file, in words: "content[3]" or "[3]" is "the 4th service in the file". */
export function placeText(at: string): string {
  const m = /\[(\d+)\]$/.exec(at);
  if (!m) return at;
  const n = Number(m[1]) + 1;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `the ${n}${suffix} service in the file`;
}
