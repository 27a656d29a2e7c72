// A person's picture, or their initials on a tinted circle when they have none. The picture is their avatar file
// (a 256 px square WebP) through /api/files/<id>, which signs a short-lived URL for signed-in viewers.

/** "Dana Kim" → "DK"; one letter for one name. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

/** `size` in CSS pixels. Decorative by default (`alt=""`): the name is always written next to it. */
export function Avatar({
  fileId,
  name,
  size = 32,
}: {
  fileId: string | null | undefined;
  name: string;
  size?: number;
}) {
  if (fileId) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- a private, short-lived signed URL behind a redirect: next/image would cache it publicly.
      <img
        src={`/api/files/${fileId}`}
        alt=""
        width={size}
        height={size}
        className="shrink-0 rounded-full border border-slate-200 bg-slate-100 object-cover"
        style={{ width: size, height: size }}
        data-testid="avatar-image"
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className="inline-flex shrink-0 items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-800"
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4) }}
    >
      {initialsOf(name)}
    </span>
  );
}
