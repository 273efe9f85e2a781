export interface Counts {
  passed: number;
  failed: number;
}
export function countVitest(report: unknown): Counts;
export function countPlaywright(report: unknown): Counts;
