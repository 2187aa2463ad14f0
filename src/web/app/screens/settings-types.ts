export type { AppSettings } from "../api-types.js";
