export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat(document.documentElement.lang || "en", { style: "currency", currency }).format(
    cents / 100,
  );
}
