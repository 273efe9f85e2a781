/**
 * Waits until `check` holds, looking every 5 ms; fails with "`what` within `ms` ms" if it does
 * not. For what arrives by itself a little later, such as a notification from another instance.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
