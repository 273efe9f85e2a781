export async function runBench(_args: string[]): Promise<number> {
  console.error('bench: not written yet');
  return 1;
}
