export type { SessionUser } from "./api-types.js";
