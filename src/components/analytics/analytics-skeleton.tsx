// What an analytics page shows while its figures load: the shapes of the stat tiles and charts.
export function AnalyticsSkeleton({ title }: { title: string }) {
  return (
    <div aria-busy="true" aria-live="polite">
      <h1 className="mb-6 text-2xl font-bold tracking-tight sm:text-3xl">{title}</h1>
      <p className="sr-only">Loading figures…</p>
      <div className="mb-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-24 animate-pulse rounded-xl bg-slate-200" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {Array.from({ length: 2 }, (_, i) => (
          <div key={i} className="h-80 animate-pulse rounded-xl bg-slate-200" />
        ))}
      </div>
    </div>
  );
}
