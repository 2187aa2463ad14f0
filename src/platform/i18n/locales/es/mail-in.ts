import type { mailIn as en } from "../en/mail-in.js";

export const mailIn: typeof en = {
  answer: {
    subject: "Re: {subject}",
    subjectNone: "Su correo al soporte de {vendor}",
    heading: "Gracias por escribir a {vendor}",
    notFound:
      "No hemos encontrado una licencia con soporte activo para {email}, así que su correo no ha abierto un ticket de soporte.",
    ended:
      "El soporte de su licencia ha terminado, así que su correo no ha abierto un ticket de soporte. Los tickets gratuitos necesitan una licencia con soporte activo. Renueve su soporte u obtenga ayuda de pago en nuestra línea premium.",
    renew: "Renovar el soporte: {url}",
    official:
      "Preguntas antes de comprar: nuestro número oficial de WhatsApp {number} ({url}). Las consultas de preventa son gratuitas.",
    premiumPublished:
      "Ayuda de pago con {platform}, urgencias o consultoría por WhatsApp: el número premium {number}.",
    action: "Abrir un ticket de soporte gratuito",
    automatic:
      "Esta es una respuesta automática. Si tiene una licencia, escriba desde la dirección con la que la compró.",
    footer: "{vendor} · Política de soporte: {url}",
  },
  ticket: {
    noSubject: "Correo sin asunto",
  },
  outcome: {
    ticket_opened: "Ha abierto un ticket",
    ticket_reply: "Respuesta en un ticket",
    policy_answer: "Respondido con la política",
    rate_limited: "Sin respuesta: ya se respondió bastante a este remitente hoy",
    automatic: "Ignorado: correo automático",
    own_mail: "Ignorado: correo nuestro",
    duplicate: "Ignorado: ya tratado",
    failed: "No se ha podido tratar",
  },
  note: {
    licenseGuess:
      "El cliente tiene varias licencias con soporte activo ({licenses}); el ticket se abrió con {chosen}. Confirme con el cliente de cuál se trata.",
    refusedFile: "Adjunto no guardado: {file} ({reason})",
    tooManyFiles: "Solo se guardaron los primeros {max} adjuntos",
    closedTicket: "El ticket #{number} está cerrado, así que este correo se trató como uno nuevo",
    noSender: "El correo no tiene dirección de remitente",
    tooLarge: "El correo ocupa más de {mb} MB",
    automatic: "Enviado automáticamente ({reason})",
    duplicate: "Este mismo correo (Message-ID) ya se trató",
    error: "Error: {error}",
    fromAgent: "Enviado por alguien del equipo: se responde en el escritorio, no por correo",
  },
  settings: {
    title: "Correo entrante",
    lead: "beedesk lee el buzón de soporte por IMAP: las respuestas llegan a su ticket, los clientes con licencia activa abren tickets por correo y los demás reciben la respuesta de la política.",
    url: "URL del buzón",
    urlHelp:
      "imap://usuario:contraseña@servidor:143/INBOX o imaps://usuario:contraseña@servidor:993/INBOX. Se guarda cifrada.",
    urlLocked: "Definida por MAIL_IN_URL en el servidor; cámbiela allí.",
    folder: "Mover el correo tratado a la carpeta",
    save: "Guardar el buzón",
    saved: "Buzón guardado",
    test: "Probar la conexión",
    testing: "Probando…",
    testOk: "Conectado: {mailbox} contiene {count} correos.",
    testFailed: "No se pudo conectar: {error}",
    notConfigured: "No hay buzón configurado: no se lee el correo.",
    replyTo:
      "El correo de los tickets indica {address} como Responder a (ajustes del negocio → correo de soporte).",
    replyToMissing:
      "Indique el correo de soporte en los ajustes del negocio: el correo de los tickets lo usa como Responder a, para que las respuestas de los clientes lleguen a este buzón.",
    failedTitle: "Correo que no se ha podido tratar",
    failedNone: "Ninguno: se ha tratado todo el correo.",
    failedHelp: "Se quedan en el buzón, marcados. Corrija la causa y vuelva a intentarlo, o trátelos a mano.",
    retry: "Reintentar",
    recentTitle: "Leído recientemente",
    ownerOnly: "Solo el propietario cambia el buzón.",
  },
  view: {
    fromMail: "Por correo",
    original: "Correo original",
    hideOriginal: "Ocultar el original",
    incoming: "Entrante",
    outgoing: "Saliente",
    from: "De",
    outcome: "Qué ha pasado",
    noIncoming: "Aún no se ha leído correo.",
    ticket: "Abrir el ticket",
  },
};
