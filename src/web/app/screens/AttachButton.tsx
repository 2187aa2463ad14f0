import { useRef, useState } from "react";
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, attachmentFormat } from "../../../inbox/attachment-types.js";
import { api, errorMessage, isApiError } from "../api.js";
import { useT } from "../i18n.js";

// The composer's paperclip: picks an image or a document and sends it to the customer at once, with the
// composer's text as its caption. The server checks everything again; these checks only spare a useless upload.

/** The file as base64, without the data: URL's prefix. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read"));
    reader.readAsDataURL(file);
  });
}

export function AttachButton({
  url,
  caption,
  onSent,
  onProblem,
  onStatus,
}: {
  /** The conversation's API URL. */
  url: string;
  caption: string;
  /** After a send: the caption was used, the thread reloads. */
  onSent: () => Promise<void>;
  onProblem: (problem: string | null) => void;
  onStatus: (status: string | null) => void;
}) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function send(file: File) {
    onProblem(null);
    const name = file.name;
    const format = attachmentFormat(file.type);
    if (!format) return onProblem(t("inbox.composer.attachType"));
    if (file.size > ATTACHMENT_MAX_BYTES[format.kind])
      return onProblem(t("inbox.composer.attachTooLarge", { name }));
    setBusy(true);
    onStatus(t("inbox.composer.attachSending", { name }));
    try {
      const data = await base64Of(file);
      const text = caption.trim();
      await api("POST", `${url}/attachments`, {
        filename: name,
        mimeType: file.type,
        data,
        ...(text && { caption: text }),
      });
      onStatus(t("inbox.composer.attachSent", { name }));
      await onSent();
    } catch (e) {
      onStatus(null);
      onProblem(
        isApiError(e, "window_closed")
          ? t("inbox.composer.closedWindow")
          : isApiError(e, "unsupported_media_type")
            ? t("inbox.composer.attachType")
            : isApiError(e, "payload_too_large")
              ? t("inbox.composer.attachTooLarge", { name })
              : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="small attach"
        aria-label={t("inbox.composer.attachLabel")}
        title={t("inbox.composer.attachLabel")}
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        📎 {t("inbox.composer.attach")}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="attach-file"
        accept={ATTACHMENT_TYPES.join(",")}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void send(file);
        }}
      />
    </>
  );
}
