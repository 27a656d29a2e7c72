import { type ComponentPropsWithRef, type ReactNode, type Ref, useId } from "react";

import { cx } from "./cx";

/** What a control needs to be tied to its label, hint and error. */
export type TFieldControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

type TFieldBaseProps = {
  label: ReactNode;
  /** Shown under the control in red; marks the control aria-invalid and describes it. */
  error?: string | null;
  /** Help text under the label (e.g. "8–128 characters"), read after the label. */
  hint?: ReactNode;
  /** Adds "(optional)" after the label. */
  optional?: boolean;
  /** Override the generated id. */
  id?: string;
  className?: string;
};

export const controlClasses =
  "block w-full min-h-11 rounded-lg border bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-400 " +
  "focus:border-brand-500 focus:outline-2 focus:outline-offset-0 focus:outline-brand-500 disabled:bg-slate-100 disabled:text-slate-500 sm:text-sm";

function controlBorder(invalid: boolean) {
  return invalid ? "border-red-600" : "border-slate-300";
}

/** Label + any control + hint + error. The control comes from a render prop so ids stay wired up. */
export function Field({
  label,
  error,
  hint,
  optional,
  id: idProp,
  className,
  children,
}: TFieldBaseProps & { children: (control: TFieldControlProps) => ReactNode }) {
  const generated = useId();
  const id = idProp ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cx("space-y-1.5", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
        {optional ? <span className="font-normal text-slate-500"> (optional)</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

// Props include `ref`, so `{...form.register("name")}` from react-hook-form reaches the control (React 19 passes refs
// as props).
type TTextFieldProps = TFieldBaseProps & Omit<ComponentPropsWithRef<"input">, "id" | "className">;

export function TextField({ label, error, hint, optional, id, className, ...input }: TTextFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} optional={optional} id={id} className={className}>
      {(control) => <input {...input} {...control} className={cx(controlClasses, controlBorder(!!error))} />}
    </Field>
  );
}

export type TSelectOption = { value: string; label: string; disabled?: boolean };

type TSelectFieldProps = TFieldBaseProps &
  Omit<ComponentPropsWithRef<"select">, "id" | "className" | "children"> & {
    options: readonly TSelectOption[];
    /** A first, empty option (value ""), e.g. "Choose a vehicle" or "All roles". */
    placeholder?: string;
  };

export function SelectField({
  label,
  error,
  hint,
  optional,
  id,
  className,
  options,
  placeholder,
  ...select
}: TSelectFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} optional={optional} id={id} className={className}>
      {(control) => (
        <select {...select} {...control} className={cx(controlClasses, controlBorder(!!error))}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type TTextareaFieldProps = TFieldBaseProps & Omit<ComponentPropsWithRef<"textarea">, "id" | "className">;

export function TextareaField({
  label,
  error,
  hint,
  optional,
  id,
  className,
  rows = 3,
  ...textarea
}: TTextareaFieldProps) {
  return (
    <Field label={label} error={error} hint={hint} optional={optional} id={id} className={className}>
      {(control) => (
        <textarea rows={rows} {...textarea} {...control} className={cx(controlClasses, controlBorder(!!error))} />
      )}
    </Field>
  );
}

export type TChoice<T extends string> = { value: T; label: ReactNode; description?: ReactNode };

type TChoiceGroupProps<T extends string> = {
  legend: ReactNode;
  name: string;
  value: T | undefined;
  options: readonly TChoice<T>[];
  onChange: (value: T) => void;
  /** Given the first option's radio, so a form can move focus to the group (react-hook-form's field ref). */
  ref?: Ref<HTMLInputElement>;
  error?: string | null;
  hint?: ReactNode;
  className?: string;
};

/** Radio buttons in a <fieldset>; for client components (takes an onChange callback). */
export function ChoiceGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  ref,
  error,
  hint,
  className,
}: TChoiceGroupProps<T>) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      className={cx("space-y-2", className)}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
    >
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="grid gap-2 sm:grid-cols-2">
        {options.map((o, index) => {
          const optionId = `${id}-${o.value}`;
          const checked = value === o.value;
          return (
            <label
              key={o.value}
              htmlFor={optionId}
              className={cx(
                "flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border bg-white px-3 py-2.5 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500",
                checked ? "border-brand-600 bg-brand-50" : "border-slate-300 hover:bg-slate-50",
              )}
            >
              <input
                ref={index === 0 ? ref : undefined}
                id={optionId}
                type="radio"
                name={name}
                value={o.value}
                checked={checked}
                onChange={() => onChange(o.value)}
                className="mt-0.5 size-4 accent-brand-600"
              />
              <span className="space-y-0.5">
                <span className="block text-sm font-medium">{o.label}</span>
                {o.description ? <span className="block text-sm text-slate-600">{o.description}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
