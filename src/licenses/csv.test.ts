import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv } from "./csv.js";
import { generateLicenseKey } from "./license-key.js";
import { checkImportFile, mapColumns, parseImportDate } from "./licenses-import.rows.js";
import { importText } from "./licenses-import.text.js";

describe("CSV reader", () => {
  it("drops a byte-order mark and reads CRLF lines", () => {
    const parsed = parseCsv("\uFEFFemail,sku\r\na@b.co,HB-SEO\r\nc@d.co,HB-OPC\r\n");
    expect(parsed.header).toEqual(["email", "sku"]);
    expect(parsed.records).toEqual([
      { line: 2, fields: ["a@b.co", "HB-SEO"] },
      { line: 3, fields: ["c@d.co", "HB-OPC"] },
    ]);
  });

  it("detects ; and tab delimiters from the header, ignoring delimiters inside quotes", () => {
    expect(detectDelimiter("email;sku;order\n")).toBe(";");
    expect(detectDelimiter('"a,b,c";x;y\n')).toBe(";");
    expect(detectDelimiter("email\tsku\n")).toBe("\t");
    expect(parseCsv("email;sku\na@b.co;HB-SEO\n").records[0]!.fields).toEqual(["a@b.co", "HB-SEO"]);
  });

  it("keeps delimiters, doubled quotes and line breaks inside quoted fields, and counts lines", () => {
    const text = 'email,name,sku\n"a@b.co","Ana ""la jefa""\r\nGarcía, S.L.",HB-SEO\nc@d.co,Carl,HB-OPC\n';
    const parsed = parseCsv(text);
    expect(parsed.records).toEqual([
      { line: 2, fields: ["a@b.co", 'Ana "la jefa"\nGarcía, S.L.', "HB-SEO"] },
      { line: 4, fields: ["c@d.co", "Carl", "HB-OPC"] },
    ]);
  });

  it("reports an unclosed quote with its line and keeps the rows before it", () => {
    const parsed = parseCsv('email,sku\na@b.co,HB-SEO\n"c@d.co,HB-OPC\ne@f.co,HB-SEO\n');
    expect(parsed.records).toHaveLength(1);
    expect(parsed.problems).toEqual([{ line: 3, message: "a quoted field is never closed" }]);
  });

  it("skips blank lines and reads a last line without a line break", () => {
    const parsed = parseCsv("email,sku\n\na@b.co,HB-SEO");
    expect(parsed.records).toEqual([{ line: 3, fields: ["a@b.co", "HB-SEO"] }]);
  });

  it("reads back any table it is given, however the fields are quoted", () => {
    const field = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(",", ";"),
        fc.constantFrom("\n", "\r\n"),
        (rows, sep, eol) => {
          const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const text = ["h1", "h2"].join(sep) + eol + rows.map((r) => r.map(quote).join(sep)).join(eol) + eol;
          const parsed = parseCsv(text, sep as "," | ";");
          const expected = rows
            .map((r) => r.map((f) => f.replace(/\r\n?/g, "\n")))
            .filter((r) => !(r.length === 1 && r[0] === ""));
          expect(parsed.records.map((r) => r.fields)).toEqual(expected);
        },
      ),
    );
  });
});

describe("import rows", () => {
  it("finds columns by their usual names", () => {
    const map = mapColumns([
      "Customer_Email",
      "Customer Name",
      "Product",
      "Order ID",
      "Order Date",
      "Months",
      "Extra",
    ]);
    expect(map.columns).toEqual({
      email: 0,
      name: 1,
      product: 2,
      order: 3,
      purchaseDate: 4,
      supportMonths: 5,
    });
    expect(map.ignored).toEqual(["Extra"]);
    expect(map.missing).toEqual([]);
  });

  it("reads dates as YYYY-MM-DD, DD/MM/YYYY and ISO date-times in the vendor's time zone", () => {
    expect(parseImportDate("2026-03-01", "UTC")).toBe("2026-03-01");
    expect(parseImportDate("01/03/2026", "UTC")).toBe("2026-03-01");
    expect(parseImportDate("1.3.2026", "UTC")).toBe("2026-03-01");
    expect(parseImportDate("2026-03-01T22:30:00Z", "Asia/Kolkata")).toBe("2026-03-02");
    expect(parseImportDate("2026-03-01 22:30:00", "Asia/Kolkata")).toBe("2026-03-01");
    expect(parseImportDate("2026-02-30", "UTC")).toBeUndefined();
    expect(parseImportDate("31/31/2026", "UTC")).toBeUndefined();
    expect(parseImportDate("March 1", "UTC")).toBeUndefined();
  });

  it("rejects bad rows with their line numbers and reasons", () => {
    const key = generateLicenseKey("HB");
    const text = [
      "email;sku;order_id;purchase_date;license_key;phone",
      `ana@example.es;HB-SEO;1001;2026-01-05;${key};+34 611 000 001`,
      "not-an-email;HB-SEO;1002;2026-01-05;;",
      'bob@example.com;HB-SEO;1003;"2026-13-01";;',
      `carl@example.com;HB-OPC;1004;05/01/2026;${key};`,
      "dan@example.com;HB-SEO;;2026-01-05;;",
      "eve@example.com;HB-SEO;1001;2026-01-05;;",
      "fay@example.com;HB-SEO;1006;2026-01-05;HB-XXXX;",
      "gil@example.com;HB-SEO;1007;2026-01-05;;12",
    ].join("\n");
    const checked = checkImportFile(text, "UTC");
    expect(checked.delimiter).toBe(";");
    expect(checked.rows.map((r) => r.line)).toEqual([2]);
    expect(checked.rows[0]).toMatchObject({ key, phone: "34611000001", purchaseDate: "2026-01-05" });
    expect(
      checked.rejected.map((r) => [r.line, importText("en", r.reason).split(" ").slice(0, 3).join(" ")]),
    ).toEqual([
      [3, 'invalid email "not-an-email"'],
      [4, "bad purchase date"],
      [5, "duplicate license key"],
      [6, "needs an order"],
      [7, "duplicate order 1001"],
      [8, 'license key "HB-XXXX"'],
      [9, 'phone "12" is'],
    ]);
  });

  it("never throws on arbitrary text: every data row is either checked or rejected with a line", () => {
    const pieces = fc.constantFrom(
      ",",
      ";",
      "\t",
      '"',
      "\n",
      "\r\n",
      "\r",
      "\uFEFF",
      "a@b.co",
      "HB-SEO",
      "2026-02-30",
      "x",
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 60 }), (parts) => {
        const text = `email,sku,order\n${parts.join("")}`;
        const checked = checkImportFile(text, "Asia/Kolkata");
        expect(checked.fileError).toBeUndefined();
        expect(checked.rows.length + checked.rejected.length).toBeGreaterThanOrEqual(checked.total);
        for (const r of [...checked.rows, ...checked.rejected]) expect(r.line).toBeGreaterThanOrEqual(1);
      }),
    );
    fc.assert(fc.property(fc.string(), (value) => void parseImportDate(value, "UTC")));
  });

  it("explains a file read with the wrong delimiter", () => {
    const checked = checkImportFile("email|sku\na@b.co|HB-SEO\n", "UTC");
    expect(importText("en", checked.fileError!)).toMatch(/Missing columns: email, product.*delimiter/);
    expect(checked.rows).toEqual([]);
  });
});
