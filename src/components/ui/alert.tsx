import type { ReactNode } from "react";

import { cx } from "./cx";

export type TAlertTone = "error" | "success" | "info" | "warning";

const tones: Record<TAlertTone, string> = {
  error: "border-red-200 bg-red-50 text-red-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  info: "border-brand-100 bg-brand-50 text-slate-900",
  warning: "border-amber-200 bg-amber-50 text-amber-950",
};

type TAlertProps = {
  tone?: TAlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Defaults to "alert" for errors and "status" otherwise. */
  role?: "alert" | "status" | "note";
  id?: string;
  className?: string;
};

export function Alert({ tone = "info", title, children, role, id, className }: TAlertProps) {
  return (
    <div
      id={id}
      role={role ?? (tone === "error" ? "alert" : "status")}
      className={cx("rounded-lg border px-4 py-3 text-sm", tones[tone], className)}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={cx(title ? "mt-1" : undefined, "space-y-1")}>{children}</div> : null}
    </div>
  );
}
