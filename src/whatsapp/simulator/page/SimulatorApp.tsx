import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { QUIET_HOURS } from "../quiet-hours.js";
import type { ChatMessage, DeliveryLogEntry, NumberRole, SimulatorEvent } from "../simulator.types.js";
import { AccountPanel } from "./AccountPanel.js";
import { api, type CustomerActionBody, type Lang, type State, translatorFor } from "./api.js";
import { Chat } from "./Chat.js";
import { DevTools } from "./DevTools.js";
import { NewPersonaForm, NumberPicker, PersonaList } from "./Sidebar.js";

// The simulator page: state from /simulator/api/state, live updates over Server-Sent Events, and which chat
// the person is looking at reported back (that is what turns the business's messages "read").

function initialLang(): Lang {
  const query = new URLSearchParams(window.location.search).get("lang");
  if (query === "es" || query === "en") return query;
  const saved = localStorage.getItem("beedesk.lang");
  if (saved === "es" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("es") ? "es" : "en";
}

function upsert(messages: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) return [...messages, message];
  const copy = [...messages];
  copy[index] = message;
  return copy;
}

export function SimulatorApp() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = useMemo(() => translatorFor(lang), [lang]);
  const [state, setState] = useState<State | null>(null);
  const [personaId, setPersonaId] = useState<string | null>(() =>
    localStorage.getItem("beedesk.sim.persona"),
  );
  const [role, setRole] = useState<NumberRole>(() =>
    localStorage.getItem("beedesk.sim.role") === "premium" ? "premium" : "presales",
  );
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [deliveries, setDeliveries] = useState<DeliveryLogEntry[]>([]);
  const [typingUntil, setTypingUntil] = useState<number>(0);
  const [clientId, setClientId] = useState<string | null>(null);
  const [visible, setVisible] = useState(document.visibilityState === "visible");
  const [online, setOnline] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [accountVersion, setAccountVersion] = useState(0);
  const [view, setView] = useState<"list" | "chat">(() => (personaId ? "chat" : "list"));
  const current = useRef({ personaId, role });
  current.current = { personaId, role };

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t("simulator.title");
    localStorage.setItem("beedesk.lang", lang);
  }, [lang, t]);

  const reloadState = useCallback(async () => {
    const next = await api.state();
    setState(next);
    return next;
  }, []);

  const reloadChat = useCallback(async () => {
    const { personaId: id, role: r } = current.current;
    if (!id) return setMessages([]);
    const { messages: list } = await api.chat(id, r);
    if (current.current.personaId === id && current.current.role === r) setMessages(list);
  }, []);

  // A persona that no longer exists (another tab deleted it, a reset) is forgotten.
  useEffect(() => {
    reloadState()
      .then((s) => {
        if (current.current.personaId && !s.personas.some((p) => p.id === current.current.personaId)) {
          setPersonaId(null);
          setView("list");
        }
      })
      .catch((e: Error) => setError(e.message));
    api
      .deliveries()
      .then((d) => setDeliveries(d.deliveries))
      .catch(() => undefined);
  }, [reloadState]);

  useEffect(() => {
    if (personaId) localStorage.setItem("beedesk.sim.persona", personaId);
    localStorage.setItem("beedesk.sim.role", role);
    setTypingUntil(0);
    setMessages([]);
    reloadChat().catch((e: Error) => setError(e.message));
  }, [personaId, role, reloadChat]);

  const onEvent = useRef<(event: SimulatorEvent) => void>(() => undefined);
  onEvent.current = (event) => {
    const { personaId: id, role: r } = current.current;
    switch (event.type) {
      case "hello":
        setClientId(event.clientId);
        // Catch up on whatever happened while disconnected.
        void reloadState().catch(() => undefined);
        void reloadChat().catch(() => undefined);
        break;
      case "message":
        if (event.message.personaId === id && event.message.role === r) {
          setMessages((list) => upsert(list, event.message));
          if (event.message.direction === "business") setTypingUntil(0);
        }
        break;
      case "chat_cleared":
        if (event.personaId === id && event.role === r) setMessages([]);
        break;
      case "typing":
        if (event.personaId === id && event.role === r) setTypingUntil(Date.parse(event.until));
        break;
      case "personas":
        setState((s) => s && { ...s, personas: event.personas });
        break;
      case "numbers":
        setState((s) => s && { ...s, numbers: event.numbers });
        break;
      case "failures":
        setState((s) => s && { ...s, failures: event.failures });
        break;
      case "delivery":
        setDeliveries((list) => [event.delivery, ...list].slice(0, 100));
        break;
      case "account":
        setAccountVersion((v) => v + 1);
        break;
    }
  };

  useEffect(() => {
    const source = new EventSource("/simulator/api/events");
    source.onmessage = (e) => onEvent.current(JSON.parse(e.data) as SimulatorEvent);
    source.onopen = () => setOnline(true);
    source.onerror = () => setOnline(false);
    const onVisibility = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      source.close();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  // Reading happens only when the chat is on screen: another chat, a hidden tab or the list view is not reading.
  const looking = visible && personaId !== null && (view === "chat" || window.innerWidth > 760);
  useEffect(() => {
    if (!clientId) return;
    api.view(clientId, looking ? personaId : null, looking ? role : null).catch(() => undefined);
  }, [clientId, looking, personaId, role]);

  const [, tick] = useState(0);
  useEffect(() => {
    if (typingUntil <= Date.now()) return;
    const timer = setTimeout(() => tick((n) => n + 1), typingUntil - Date.now() + 50);
    return () => clearTimeout(timer);
  }, [typingUntil]);

  const persona = state?.personas.find((p) => p.id === personaId);
  const number = state?.numbers.find((n) => n.role === role);

  const act = async (action: CustomerActionBody) => {
    if (!persona) return;
    setError(null);
    try {
      const { message } = await api.send(persona.id, role, action);
      setMessages((list) => upsert(list, message));
    } catch (e) {
      setError(t("simulator.errors.generic", { message: (e as Error).message }));
    }
  };

  const upload = async (file: File) => {
    if (!persona) return;
    setError(null);
    try {
      const { message } = await api.upload(persona.id, role, file);
      setMessages((list) => upsert(list, message));
    } catch (e) {
      setError(t("simulator.errors.generic", { message: (e as Error).message }));
    }
  };

  const select = (id: string) => {
    setPersonaId(id);
    setView("chat");
  };

  const lastCustomer = [...messages].reverse().find((m) => m.direction === "customer");

  return (
    <div className="sim" data-view={view}>
      <header className="sim-top">
        <h1>{t("simulator.title")}</h1>
        <label className="lang">
          <span className="visually-hidden">{t("simulator.language")}</span>
          <select
            value={lang}
            onChange={(e) => setLang(e.target.value as Lang)}
            aria-label={t("simulator.language")}
          >
            <option value="es">{t("common.languageName.es")}</option>
            <option value="en">{t("common.languageName.en")}</option>
          </select>
        </label>
      </header>
      {!online && (
        <p className="banner" role="status">
          {t("simulator.errors.offline")}
        </p>
      )}
      {notice && (
        <p className="banner" role="status" data-testid="sim-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      <div className="sim-layout">
        <aside className="sim-side">
          <p className="muted small intro">{t("simulator.intro")}</p>
          {state && <NumberPicker numbers={state.numbers} role={role} onRole={setRole} t={t} />}
          {state && (
            <PersonaList
              personas={state.personas}
              selected={personaId}
              onSelect={select}
              onDeleted={(message) => message && setError(message)}
              lang={lang}
              t={t}
            />
          )}
          <NewPersonaForm onCreated={(p) => select(p.id)} lang={lang} t={t} />
          <AccountPanel version={accountVersion} onError={setError} t={t} />
          {state && (
            <DevTools
              failures={state.failures}
              deliveries={deliveries}
              webhookTarget={state.webhookTarget}
              lastCustomerMessageId={lastCustomer?.id}
              onError={setError}
              t={t}
            />
          )}
        </aside>
        <main className="sim-main">
          {persona && number ? (
            <Chat
              persona={persona}
              number={number}
              messages={messages}
              typing={typingUntil > Date.now()}
              onAction={act}
              onUpload={upload}
              onClear={() => void api.clearChat(persona.id, role).catch((e: Error) => setError(e.message))}
              onQuiet={() =>
                void api
                  .quiet(persona.id, role)
                  .then(({ windowClosed }) =>
                    setNotice(
                      windowClosed
                        ? t("simulator.chat.quietDone", { name: persona.name, hours: QUIET_HOURS })
                        : t("simulator.chat.quietNoWindow", { name: persona.name }),
                    ),
                  )
                  .catch((e: Error) => setError(e.message))
              }
              onBack={() => setView("list")}
              t={t}
            />
          ) : (
            <p className="no-persona">{t("simulator.chat.noPersona")}</p>
          )}
        </main>
      </div>
    </div>
  );
}
