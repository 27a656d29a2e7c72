// What stands in the map's frame until its chunk has loaded: the same box, so nothing moves when it arrives.
export function MapPlaceholder() {
  return (
    <div role="status" className="flex h-full w-full items-center justify-center bg-sky-50 text-sm text-slate-700">
      Loading map…
    </div>
  );
}

/** The whole live map's footprint (heading line, 3:2 map, summary line) for pages that load all of it lazily. */
export function LiveMapSkeleton() {
  return (
    <div className="space-y-2" aria-busy="true">
      <div className="min-h-6" />
      <div className="aspect-[3/2] w-full overflow-hidden rounded-lg border border-slate-200">
        <MapPlaceholder />
      </div>
      <div className="min-h-5" />
    </div>
  );
}
