import type { common as en } from "../en/common.js";

export const common: typeof en = {
  serviceTypes: {
    consultation: "Consulta",
    technical_support: "Soporte técnico",
    urgent_critical: "Trabajo crítico urgente",
  },
  perHour: "{amount} por hora",
  languageName: { es: "Español", en: "English" },
  errors: {
    notFound: "No encontrado.",
    unauthorized: "Inicie sesión.",
    generic: "Algo salió mal. Inténtelo de nuevo.",
  },
};
