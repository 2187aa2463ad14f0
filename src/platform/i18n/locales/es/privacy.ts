import type { privacy as en } from "../en/privacy.js";

export const privacy: typeof en = {
  readme: {
    title: "Sus datos en {vendor}",
    intro: "Este archivo contiene todo lo que {vendor} guarda sobre usted, a fecha de {date} (UTC).",
    customer: "customer.json: su nombre, correo, teléfonos y licencias.",
    tickets:
      "tickets.json: sus tickets de soporte y sus mensajes; attachments/ contiene los archivos que envió.",
    whatsapp:
      "whatsapp.json: sus conversaciones de WhatsApp, mensaje a mensaje; media/ contiene las imágenes y archivos.",
    billing: "billing.json: presupuestos, acuerdos, tiempo y facturas del soporte premium.",
    mail: "mail.json: los correos que le enviamos.",
    notes: "Las notas internas del equipo de soporte no forman parte de esta exportación.",
  },
  app: {
    section: "Derechos sobre los datos",
    export: "Exportar datos (zip)",
    erase: "Borrar datos personales",
    eraseConfirm:
      "¿Borrar en todas partes el nombre, teléfonos, correos, mensajes, archivos multimedia y adjuntos de esta persona? Las facturas conservan el nombre que exige la ley. No se puede deshacer.",
    erased: "Datos personales borrados.",
  },
  retention: {
    legend: "Conservación de datos",
    mediaDays:
      "Borrar archivos multimedia y adjuntos de conversaciones y tickets cerrados tras (días; 0 = conservar)",
    anonymiseMonths: "Anonimizar conversaciones cerradas tras (meses; 0 = conservar)",
    note: "Se ejecuta una vez al día. Se cuenta desde el último mensaje de la conversación y el cierre del ticket; nunca toca los abiertos. Anonimizar borra textos, multimedia y notas de los mensajes, y el teléfono y el nombre del contacto cuando no le queda ninguna conversación. Las facturas conservan lo que exige la ley.",
    save: "Guardar conservación",
    saved: "Ajustes de conservación guardados.",
    runNow: "Ejecutar ahora",
    queued: "Ejecución de la conservación en cola.",
    runs: "Últimas ejecuciones",
    none: "Aún no se ha ejecutado la conservación.",
    run: "{at} ({by}): {mediaFiles} archivos multimedia, {attachmentFiles} adjuntos, {conversations} conversaciones, {contacts} contactos",
    byschedule: "diaria",
    byowner: "a mano",
  },
  request: {
    title: "Sus datos",
    intro: "Puede pedir una copia de los datos que guardamos sobre usted, o su borrado.",
    export: "Pedir una copia de mis datos",
    erase: "Pedir el borrado de mis datos",
    ticketSubjectExport: "Solicitud de datos: copia de mis datos",
    ticketSubjectErase: "Solicitud de datos: borrar mis datos",
    ticketBody: "Solicitud hecha desde el portal de soporte por {email} el {date}.",
  },
};
