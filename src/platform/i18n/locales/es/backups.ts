import type { backups as en } from "../en/backups.js";

export const backups: typeof en = {
  home: {
    title: "Copias de seguridad",
    off: "Las copias programadas están desactivadas (Configuración → Copias de seguridad).",
    never: "Aún no se ha hecho ninguna copia programada; la próxima será a las {time}.",
    ok: "Última copia {at}: {file} ({size} MB).",
    failed: "La última copia falló {at}: {error}",
    running: "Se está haciendo una copia.",
  },
  settings: {
    legend: "Copias programadas",
    enabled: "Hacer una copia cada día",
    time: "A las (zona horaria del negocio)",
    folder: "Carpeta (ruta absoluta; vacía = beedesk-backups junto a la carpeta de datos)",
    keep: "Copias que se conservan",
    note: "Las copias programadas no incluyen la clave secreta: guárdela aparte (ver README, Backups).",
    save: "Guardar copias",
    saved: "Ajustes de copias guardados.",
  },
  failedMail: {
    subject: "beedesk: la copia de seguridad programada falló",
    heading: "La copia de seguridad programada falló",
    body: "La copia del {date} no se pudo escribir en {folder}: {error}",
    hint: "Revise la carpeta (espacio, permisos) o ejecute `npx beedesk backup <archivo.tar.gz>` a mano.",
  },
};
