import fs from "node:fs";
import path from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "../../platform/private-files.js";
import { demoPersonas } from "./personas.js";
import type { BusinessProfile } from "./profile-validate.js";
import type { ChatMessage, NumberRole, Persona } from "./simulator.types.js";

// The simulator's world (personas, chats, media, business profiles) lives in memory and in one JSON file in the
// data folder, so a page reload and a restart both find it. It is a single-process development tool: nothing
// here is shared between beedesk processes, and none of it belongs in the product database.

const MAX_MESSAGES_PER_CHAT = 500;
const SAVE_DELAY_MS = 150;

export interface MediaRecord {
  id: string;
  mimeType: string;
  sha256: string;
  fileSize: number;
  filename?: string;
  createdAt: string;
}

interface StoredState {
  version: 1;
  personas: Persona[];
  chats: Record<string, ChatMessage[]>;
  /** When each persona last wrote to each number (opens Meta's 24-hour window). */
  lastInbound: Record<string, string>;
  profiles: Record<string, BusinessProfile>;
  media: Record<string, MediaRecord>;
}

export function chatKey(personaId: string, role: NumberRole): string {
  return `${personaId}:${role}`;
}

export class SimulatorStore {
  private state: StoredState;
  private readonly byId = new Map<string, ChatMessage>();
  private saveTimer: NodeJS.Timeout | undefined;
  readonly file: string;
  readonly mediaDir: string;

  constructor(
    dir: string,
    now: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.file = path.join(dir, "state.json");
    this.mediaDir = path.join(dir, "media");
    this.state = this.load(now);
    for (const messages of Object.values(this.state.chats)) for (const m of messages) this.byId.set(m.id, m);
  }

  private load(now: string): StoredState {
    const fresh: StoredState = {
      version: 1,
      personas: [],
      chats: {},
      lastInbound: {},
      profiles: {},
      media: {},
    };
    let state = fresh;
    if (fs.existsSync(this.file)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(this.file, "utf8")) as Partial<StoredState>;
        if (parsed.version !== 1) throw new Error(`unknown version ${String(parsed.version)}`);
        state = { ...fresh, ...parsed } as StoredState;
      } catch (error) {
        const aside = `${this.file}.unreadable-${Date.now()}`;
        fs.renameSync(this.file, aside);
        this.warn(
          `Simulator state was unreadable (${String(error)}); moved it to ${aside} and started afresh`,
        );
      }
    }
    // Demo personas always exist and follow their definition in code (a newer release may change them).
    for (const demo of demoPersonas(now)) {
      const index = state.personas.findIndex((p) => p.id === demo.id);
      if (index === -1) state.personas.push(demo);
      else state.personas[index] = { ...demo, createdAt: state.personas[index]!.createdAt };
    }
    return state;
  }

  personas(): Persona[] {
    return [...this.state.personas];
  }

  persona(id: string): Persona | undefined {
    return this.state.personas.find((p) => p.id === id);
  }

  personaByWaId(waId: string): Persona | undefined {
    return this.state.personas.find((p) => p.waId === waId);
  }

  addPersona(persona: Persona): void {
    this.state.personas.push(persona);
    this.scheduleSave();
  }

  /** A persona's phone changed (a number change): later messages come from the new one. */
  updatePersona(id: string, patch: Pick<Persona, "waId" | "phone">): void {
    const persona = this.state.personas.find((p) => p.id === id);
    if (!persona) return;
    Object.assign(persona, patch);
    this.scheduleSave();
  }

  removePersona(id: string): void {
    this.state.personas = this.state.personas.filter((p) => p.id !== id);
    for (const key of Object.keys(this.state.chats)) {
      if (key.startsWith(`${id}:`)) this.clearChatByKey(key);
    }
    this.scheduleSave();
  }

  chat(personaId: string, role: NumberRole): ChatMessage[] {
    return [...(this.state.chats[chatKey(personaId, role)] ?? [])];
  }

  message(id: string): ChatMessage | undefined {
    return this.byId.get(id);
  }

  addMessage(message: ChatMessage): void {
    const key = chatKey(message.personaId, message.role);
    const list = this.state.chats[key] ?? [];
    list.push(message);
    while (list.length > MAX_MESSAGES_PER_CHAT) {
      const dropped = list.shift();
      if (dropped) this.byId.delete(dropped.id);
    }
    this.state.chats[key] = list;
    this.byId.set(message.id, message);
    this.scheduleSave();
  }

  /** Messages are mutated in place (status, answer); this records that the file must be written. */
  touched(): void {
    this.scheduleSave();
  }

  clearChat(personaId: string, role: NumberRole): void {
    this.clearChatByKey(chatKey(personaId, role));
    this.scheduleSave();
  }

  private clearChatByKey(key: string): void {
    for (const m of this.state.chats[key] ?? []) {
      this.byId.delete(m.id);
      // The customer's uploads and the business's (sent by the id its upload answered).
      const mediaId = "mediaId" in m.content ? m.content.mediaId : undefined;
      if (mediaId) this.deleteMedia(mediaId);
    }
    delete this.state.chats[key];
    delete this.state.lastInbound[key];
  }

  lastInbound(personaId: string, role: NumberRole): string | undefined {
    return this.state.lastInbound[chatKey(personaId, role)];
  }

  setLastInbound(personaId: string, role: NumberRole, at: string): void {
    this.state.lastInbound[chatKey(personaId, role)] = at;
    this.scheduleSave();
  }

  profile(phoneNumberId: string): BusinessProfile {
    return { ...(this.state.profiles[phoneNumberId] ?? {}) };
  }

  updateProfile(phoneNumberId: string, update: BusinessProfile): void {
    this.state.profiles[phoneNumberId] = { ...this.state.profiles[phoneNumberId], ...update };
    this.scheduleSave();
  }

  saveMedia(record: MediaRecord, bytes: Buffer): void {
    fs.mkdirSync(this.mediaDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    fs.writeFileSync(path.join(this.mediaDir, record.id), bytes, { mode: PRIVATE_FILE_MODE });
    this.state.media[record.id] = record;
    this.scheduleSave();
  }

  media(id: string): MediaRecord | undefined {
    return this.state.media[id];
  }

  mediaBytes(id: string): Buffer | undefined {
    if (!this.state.media[id]) return undefined;
    const file = path.join(this.mediaDir, id);
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  }

  deleteMedia(id: string): boolean {
    if (!this.state.media[id]) return false;
    delete this.state.media[id];
    fs.rmSync(path.join(this.mediaDir, id), { force: true });
    this.scheduleSave();
    return true;
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /** Write the state now (atomically: a crash leaves the old file or the new one, never half of one). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state), { mode: PRIVATE_FILE_MODE });
    fs.renameSync(tmp, this.file);
  }
}
