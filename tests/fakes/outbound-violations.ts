// Outbound calls the fake platform servers refused as invalid. The suite's setup file fails the test during
// which one arrived (tests/support/outbound-guard.ts); a test that sends a bad call on purpose takes them.
const pending: string[] = [];

export function reportViolation(where: string, problems: readonly string[]): void {
  for (const problem of problems) pending.push(`${where}: ${problem}`);
}

/** Returns and forgets every violation reported so far. */
export function takeViolations(): string[] {
  return pending.splice(0);
}
