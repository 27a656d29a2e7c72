import type { ButtonHTMLAttributes } from "react";

import { cx } from "./cx";
import { Spinner } from "./spinner";

export type TButtonVariant = "primary" | "secondary" | "danger" | "ghost";
export type TButtonSize = "sm" | "md";

const base =
  "inline-flex items-center justify-center gap-2 rounded-lg font-semibold whitespace-nowrap transition-colors disabled:cursor-not-allowed disabled:opacity-60";

const variants: Record<TButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
  danger: "bg-red-700 text-white hover:bg-red-800",
  ghost: "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
};

// md keeps a 44px touch target.
const sizes: Record<TButtonSize, string> = {
  sm: "min-h-9 px-3 py-1.5 text-sm",
  md: "min-h-11 px-4 py-2 text-sm",
};

/** The button look, for links that act as buttons: `<Link className={buttonClasses({ variant: "secondary" })}>`. */
export function buttonClasses(opts: { variant?: TButtonVariant; size?: TButtonSize; className?: string } = {}): string {
  return cx(base, variants[opts.variant ?? "primary"], sizes[opts.size ?? "md"], opts.className);
}

export type TButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: TButtonVariant;
  size?: TButtonSize;
  /** Disables the button and shows a spinner with `pendingLabel` (e.g. "Signing in…") instead of the children. */
  pending?: boolean;
  pendingLabel?: string;
};

/** Defaults to type="button"; pass type="submit" in forms. */
export function Button({
  variant,
  size,
  pending = false,
  pendingLabel,
  className,
  disabled,
  type = "button",
  children,
  ...rest
}: TButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClasses({ variant, size, className })}
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
