import { useCallback, useMemo, useState } from "react";
import type { MessageKey } from "../../../../platform/i18n/i18n.js";
import { api } from "../../api.js";
import type { ListOf, MailIn, MailInDetail } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useLoader } from "../../use-data.js";

/** The mails a ticket was opened or answered with, keyed by ticket message id ("" = the opening mail). */
export function useTicketMail(ticketId: string, version: unknown): Map<string, MailIn> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload whenever the ticket reloads.
  const load = useCallback(
    () => api<ListOf<MailIn>>("GET", `/api/v1/tickets/${ticketId}/mail`),
    [ticketId, version],
  );
  const { data } = useLoader(load);
  return useMemo(() => new Map((data?.data ?? []).map((m) => [m.ticketMessageId ?? "", m])), [data]);
}

/** Notes about a mail (a guessed license, a refused file), in the reader's language. */
export function MailNotes({ mail }: { mail: Pick<MailIn, "notes"> }) {
  const t = useT();
  if (mail.notes.length === 0) return null;
  return (
    <ul className="mail-notes">
      {mail.notes.map((n, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: notes are fixed once stored.
        <li key={i}>{t(n.key as MessageKey, n.params)}</li>
      ))}
    </ul>
  );
}

/** A mail icon on a message that came by mail, with its notes and the original (quote and signature kept). */
export function MailBadge({ mail }: { mail: MailIn | undefined }) {
  const t = useT();
  const [original, setOriginal] = useState<string | null>(null);
  if (!mail) return null;
  const toggle = async () => {
    if (original !== null) return setOriginal(null);
    const full = await api<MailInDetail>("GET", `/api/v1/mail-in/messages/${mail.id}`);
    setOriginal(full.text);
  };
  return (
    <>
      <span className="pill mail" title={mail.from.address}>
        <span role="img" aria-label={t("mailIn.view.fromMail")}>
          ✉
        </span>{" "}
        {t("mailIn.view.fromMail")}
      </span>{" "}
      <button type="button" className="link" onClick={() => void toggle()}>
        {original === null ? t("mailIn.view.original") : t("mailIn.view.hideOriginal")}
      </button>
      <MailNotes mail={mail} />
      {original !== null ? (
        <figure>
          <figcaption className="muted">{t("mailIn.view.original")}</figcaption>
          <pre className="mail-text">{original}</pre>
        </figure>
      ) : null}
    </>
  );
}
