// Headline figures as a description list; each may show the previous period's value for comparison.
export type TStat = { label: string; value: string; previous?: string; note?: string };

export function StatGrid({ stats, label }: { stats: TStat[]; label: string }) {
  return (
    <section aria-label={label} className="mb-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {stats.map((s) => (
          <div key={s.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{s.label}</dt>
            <dd className="mt-1 text-xl font-bold tabular-nums sm:text-2xl">{s.value}</dd>
            {s.previous !== undefined ? (
              <dd className="text-sm text-slate-600">Previous period: {s.previous}</dd>
            ) : null}
            {s.note ? <dd className="text-sm text-slate-600">{s.note}</dd> : null}
          </div>
        ))}
      </dl>
    </section>
  );
}
