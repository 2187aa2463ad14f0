#!/usr/bin/env node
// The beedesk CLI: builds on first use from a fresh clone, then runs the compiled code.
import { ensureBuilt } from "../scripts/ensure-built.mjs";

ensureBuilt({ quiet: true });
await import("../dist/server/cli.js");
