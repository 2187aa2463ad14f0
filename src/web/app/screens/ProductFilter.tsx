import type { ListOf, Product } from "../api-types.js";
import { useData } from "../use-data.js";

/** A list filter by product: "any" (the empty value) or one of the products. */
export function ProductFilter({
  label,
  anyLabel,
  value,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: string;
  onChange: (productId: string) => void;
}) {
  const products = useData<ListOf<Product>>("/api/v1/products").data?.data ?? [];
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {products.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
