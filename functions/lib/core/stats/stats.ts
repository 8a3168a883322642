// The figures staff see with /statistik and `admin -- stats`: read from the existing repositories only.

export interface Statistics {
  readonly generatedAt: string;
  readonly sellers: {
    readonly total: number;
    readonly byStatus: Readonly<Record<string, number>>;
    readonly byCategory: Readonly<Record<string, number>>;
    readonly byKecamatan: Readonly<Record<string, number>>;
  };
  readonly subscribers: { readonly active: number; readonly optedOut: number };
  /** The weekend new promos go to (openWeekend), by status. */
  readonly promos: {
    readonly weekend: string;
    readonly total: number;
    readonly byStatus: Readonly<Record<string, number>>;
  };
  /** The latest broadcasts (outbox jobs), newest first. */
  readonly broadcasts: readonly {
    readonly id: string;
    readonly state: string;
    readonly audience: string;
    readonly createdAt: string;
    readonly total: number;
    readonly sent: number;
    readonly failed: number;
    readonly blocked: number;
  }[];
  readonly tickets: {
    readonly open: number;
    /** Over the tickets opened in the last `windowDays` days that got a staff reply. */
    readonly medianFirstResponseMinutes: number | null;
    readonly openedInWindow: number;
    readonly answeredInWindow: number;
    readonly windowDays: number;
  };
  /** Grouped questions; `example` is one as asked, `topicGuess` the topic the matcher thought closest. */
  readonly unanswered: readonly {
    readonly question: string;
    readonly count: number;
    readonly example: string;
    readonly topicGuess: string | null;
  }[];
  readonly trainings: readonly {
    readonly id: string;
    readonly title: string;
    readonly startsAt: string;
    readonly quota: number;
    readonly taken: number;
    readonly seatsLeft: number;
  }[];
}

export interface StatsSource {
  collect(now: Date): Promise<Statistics>;
}

export function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
