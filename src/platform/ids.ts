import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

// Randomness is drawn from a pooled buffer: ids are made on the webhook's hot path, and one getrandom
// call per 4 KB is much cheaper than one per id.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

function timePart(now: number): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/** Time-sortable random id (10 chars of milliseconds + 16 of randomness, Crockford base32). */
export function newId(now: number = Date.now()): string {
  return timePart(now) + randomToken(16);
}

let lastTime = -1;
const lastRandom: number[] = [];

/**
 * Like newId, but strictly increasing within this thread: an id made in the same millisecond as the previous
 * one (or after the clock stepped back) continues from it, so ids sort in the order they were made.
 */
export function newSequentialId(now: number = Date.now()): string {
  if (now > lastTime || lastRandom.length === 0) {
    lastTime = Math.max(now, lastTime);
    lastRandom.length = 0;
    for (let i = 0; i < 16; i++) lastRandom.push(randomByte() % 32);
  } else {
    let i = 15;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i >= 0) lastRandom[i]! += 1;
    else lastTime += 1; // 32^16 ids in one millisecond: borrow the next one
  }
  return timePart(lastTime) + lastRandom.map((d) => ALPHABET[d]).join("");
}

/** Random string from the base32 alphabet. */
export function randomToken(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomByte() % 32];
  return out;
}
