/** A labelled, required whole-number (or `step="any"`) input, with the server's message for it when invalid. */
export function NumberField({
  label,
  name,
  min,
  max,
  step,
  defaultValue,
  error,
}: {
  label: string;
  name: string;
  min: number;
  max: number;
  step?: "any";
  defaultValue: number;
  error?: string;
}) {
  return (
    <label className={error ? "invalid" : undefined}>
      {label}
      <input name={name} type="number" min={min} max={max} step={step} defaultValue={defaultValue} required />
      {error ? <span className="error field-error">{error}</span> : null}
    </label>
  );
}
