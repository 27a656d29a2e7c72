import { cx } from "./cx";

type TSpinnerProps = {
  /** When set, the spinner is announced (role="status") with this text; otherwise it is decorative. */
  label?: string;
  className?: string;
};

export function Spinner({ label, className }: TSpinnerProps) {
  const svg = (
    <svg
      aria-hidden
      viewBox="0 0 24 24"
      fill="none"
      className={cx("size-4 shrink-0 animate-spin motion-reduce:animate-none", className)}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
  if (!label) return svg;
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-600">
      {svg}
      <span>{label}</span>
    </span>
  );
}
