import { type FormEvent, useId, useState } from "react";
import type { BusinessNumber, NumberRole, Persona, PersonaLanguage } from "../simulator.types.js";
import { api, type Lang, type T } from "./api.js";

// The left column: which business number to write to, which customer to be, and a form for a new customer.

export function NumberPicker({
  numbers,
  role,
  onRole,
  t,
}: {
  numbers: BusinessNumber[];
  role: NumberRole;
  onRole: (role: NumberRole) => void;
  t: T;
}) {
  return (
    <fieldset className="numbers">
      <legend>{t("simulator.numbers.legend")}</legend>
      {numbers.map((n) => (
        <label key={n.role} className={`number-option ${n.role === role ? "selected" : ""}`}>
          <input
            type="radio"
            name="number"
            value={n.role}
            checked={n.role === role}
            onChange={() => onRole(n.role)}
          />
          <span>
            <span className="number-role">{t(`simulator.numbers.${n.role}`)}</span>
            <span className="number-display">{n.displayNumber}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function PersonaList({
  personas,
  selected,
  onSelect,
  onDeleted,
  lang,
  t,
}: {
  personas: Persona[];
  selected: string | null;
  onSelect: (id: string) => void;
  onDeleted: (error?: string) => void;
  lang: Lang;
  t: T;
}) {
  return (
    <section aria-labelledby="personas-heading">
      <h2 id="personas-heading">{t("simulator.personas.heading")}</h2>
      <ul className="personas">
        {personas.map((p) => (
          <li key={p.id} className={p.id === selected ? "selected" : ""}>
            <button
              type="button"
              className="persona"
              aria-pressed={p.id === selected}
              aria-label={t("simulator.personas.select", { name: p.name })}
              onClick={() => onSelect(p.id)}
            >
              <span className="avatar" aria-hidden="true">
                {p.name.replace(/^\+/, "").slice(0, 1).toUpperCase()}
              </span>
              <span className="persona-text">
                <span className="persona-name">
                  {p.name}{" "}
                  <span className="badge">{t(`simulator.personas.languageBadge.${p.language}`)}</span>
                </span>
                <span className="persona-phone">{p.phone}</span>
                {p.note && <span className="persona-note">{p.note[lang]}</span>}
              </span>
            </button>
            {!p.demo && (
              <button
                type="button"
                className="icon-button"
                aria-label={t("simulator.personas.delete", { name: p.name })}
                title={t("simulator.personas.delete", { name: p.name })}
                onClick={() =>
                  api.deletePersona(p.id).then(
                    () => onDeleted(),
                    (e: Error) => onDeleted(e.message),
                  )
                }
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function NewPersonaForm({
  onCreated,
  lang,
  t,
}: {
  onCreated: (persona: Persona) => void;
  lang: Lang;
  t: T;
}) {
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [language, setLanguage] = useState<PersonaLanguage>(lang);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { persona } = await api.createPersona({ name, phone, language });
      setName("");
      setPhone("");
      onCreated(persona);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel">
      <summary>{t("simulator.newPersona.heading")}</summary>
      <form onSubmit={submit} className="stack">
        <label>
          {t("simulator.newPersona.name")}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={60}
            autoComplete="off"
          />
        </label>
        <label>
          {t("simulator.newPersona.phone")}
          <input
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            required
            inputMode="tel"
            placeholder="+34 600 000 000"
            autoComplete="off"
          />
        </label>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t("simulator.newPersona.language")}</label>
          <select
            id={`${id}-language`}
            value={language}
            onChange={(e) => setLanguage(e.target.value as PersonaLanguage)}
          >
            <option value="es">{t("simulator.newPersona.languages.es")}</option>
            <option value="en">{t("simulator.newPersona.languages.en")}</option>
          </select>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t("simulator.newPersona.create")}
        </button>
      </form>
    </details>
  );
}
