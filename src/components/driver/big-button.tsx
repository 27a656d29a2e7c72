import type { ButtonHTMLAttributes } from "react";

import { cx } from "~/components/ui/cx";
import { Spinner } from "~/components/ui/spinner";

type TBigButtonVariant = "primary" | "success" | "secondary" | "danger";

const variants: Record<TBigButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  success: "bg-emerald-700 text-white hover:bg-emerald-800",
  secondary: "border-2 border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
  danger: "bg-red-700 text-white hover:bg-red-800",
};

/** The driver pages' thumb-sized button: full width, at least 56px tall. Defaults to type="button". */
export function BigButton({
  variant = "primary",
  pending = false,
  pendingLabel,
  className,
  disabled,
  type = "button",
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: TBigButtonVariant;
  pending?: boolean;
  pendingLabel?: string;
}) {
  return (
    <button
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={cx(
        "inline-flex min-h-14 w-full items-center justify-center gap-2 rounded-xl px-5 py-3 text-lg font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60",
        variants[variant],
        className,
      )}
      {...rest}
    >
      {pending ? (
        <>
          <Spinner />
          {pendingLabel ?? children}
        </>
      ) : (
        children
      )}
    </button>
  );
}
