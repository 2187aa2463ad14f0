import type { en } from "../en/index.js";
import { app } from "./app.js";
import { billing } from "./billing.js";
import { common } from "./common.js";
import { policy } from "./policy.js";
import { publicPages } from "./public.js";

export const es: typeof en = { common, public: publicPages, app, policy, billing };
