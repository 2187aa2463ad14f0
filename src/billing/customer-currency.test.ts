import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chooseCurrency, currencyForPhone } from "./customer-currency.js";

describe("currencyForPhone", () => {
  it.each([
    ["919876543210", "INR"],
    ["+34 611 000 001", "EUR"],
    ["4915112345678", "EUR"],
    ["33612345678", "EUR"],
    ["351912345678", "EUR"],
    ["5215512345678", "MXN"],
    ["447700900001", "GBP"],
    ["14155550100", "USD"],
  ])("%s → %s", (phone, currency) => {
    expect(currencyForPhone(phone)).toBe(currency);
  });

  it("knows no currency for an unknown code or no phone", () => {
    expect(currencyForPhone("999123456789")).toBeUndefined();
    expect(currencyForPhone(null)).toBeUndefined();
    expect(currencyForPhone("")).toBeUndefined();
  });
});

describe("chooseCurrency", () => {
  const cards = ["EUR", "INR", "MXN"];

  it("takes the customer's own currency first, even against the phone's country", () => {
    expect(
      chooseCurrency({
        customerCurrency: "MXN",
        phone: "34611000001",
        defaultCurrency: "USD",
        cardCurrencies: cards,
      }),
    ).toEqual({ currency: "MXN", source: "customer" });
  });

  it("else the phone's country when the owner has a card in its currency", () => {
    const choose = (phone: string, cardCurrencies: string[]) =>
      chooseCurrency({ customerCurrency: null, phone, defaultCurrency: "USD", cardCurrencies });
    expect(choose("919876543210", cards)).toEqual({ currency: "INR", source: "phone" });
    expect(choose("4915112345678", cards)).toEqual({ currency: "EUR", source: "phone" });
    expect(choose("5215512345678", cards)).toEqual({ currency: "MXN", source: "phone" });
    // No MXN card: the default.
    expect(choose("5215512345678", ["EUR"])).toEqual({ currency: "USD", source: "default" });
    expect(choose("447700900001", cards)).toEqual({ currency: "USD", source: "default" });
  });

  it("skips a customer currency the owner no longer has a card in", () => {
    expect(
      chooseCurrency({
        customerCurrency: "GBP",
        phone: "919876543210",
        defaultCurrency: "USD",
        cardCurrencies: cards,
      }),
    ).toEqual({ currency: "INR", source: "phone" });
  });

  it("property: always a currency with a card, and the customer's whenever it has one", () => {
    const code = fc.constantFrom("USD", "EUR", "INR", "MXN", "GBP", "JPY", "BRL");
    fc.assert(
      fc.property(
        fc.option(code, { nil: null }),
        fc.option(fc.stringMatching(/^[1-9]\d{7,14}$/), { nil: null }),
        code,
        fc.uniqueArray(code, { maxLength: 6 }),
        (customerCurrency, phone, defaultCurrency, cardCurrencies) => {
          const chosen = chooseCurrency({ customerCurrency, phone, defaultCurrency, cardCurrencies });
          const available: string[] = [defaultCurrency, ...cardCurrencies];
          expect(available).toContain(chosen.currency);
          if (customerCurrency && available.includes(customerCurrency)) {
            expect(chosen).toEqual({ currency: customerCurrency, source: "customer" });
          } else if (chosen.source === "phone") {
            expect(chosen.currency).toBe(currencyForPhone(phone));
          } else {
            const byPhone = currencyForPhone(phone);
            expect(byPhone === undefined || !available.includes(byPhone)).toBe(true);
            expect(chosen.currency).toBe(defaultCurrency);
          }
        },
      ),
    );
  });
});
