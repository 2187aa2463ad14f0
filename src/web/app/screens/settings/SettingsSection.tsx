import type { FormEvent, ReactNode } from "react";
import type { SaveStatus } from "./section-save.js";

/** One settings section: its fields, its status line and its own Save button. */
export function SettingsSection(props: {
  id: string;
  title: string;
  saveLabel: string;
  status: SaveStatus | null;
  onSubmit: (form: FormData) => void;
  children: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onSubmit(new FormData(event.currentTarget));
  }
  return (
    <form id={props.id} className="stack wide settings-section" aria-label={props.title} onSubmit={submit}>
      <fieldset>
        <legend>{props.title}</legend>
        {props.children}
      </fieldset>
      <SaveLine status={props.status} />
      <p>
        <button type="submit">{props.saveLabel}</button>
      </p>
    </form>
  );
}

export function SaveLine({ status }: { status: SaveStatus | null }) {
  if (!status) return null;
  return (
    <p role="status" className={status.ok ? "ok" : "error"}>
      {status.text}
    </p>
  );
}

/** A labelled field with the server's complaint about it, if any. */
export function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
    <label className={error ? "invalid" : undefined}>
      {label}
      {children}
      {error ? <span className="error field-error">{error}</span> : null}
    </label>
  );
}
