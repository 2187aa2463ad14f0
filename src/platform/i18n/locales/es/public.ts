import type { publicPages as en } from "../en/public.js";

export const publicPages: typeof en = {
  skipToContent: "Saltar al contenido",
  nav: { policy: "Política de soporte", contact: "Contacto", portal: "Tickets de soporte" },
  switchLanguage: "Read in English",
  switchLanguageLang: "en",
  footer: "{vendor} · Política de soporte generada con la configuración en vigor del servicio de soporte.",
  chatOnWhatsApp: "Escribir por WhatsApp",
  policy: {
    title: "Política de soporte por WhatsApp",
    lead: "En {vendor} queremos brindar un servicio de primera clase a todos nuestros clientes. Para atender sus consultas de forma eficaz, nuestros canales de soporte por WhatsApp siguen una política clara. Lea estas pautas antes de escribirnos.",
    officialTitle: "1. Número oficial: consultas previas a la venta",
    officialBody:
      "Nuestro número oficial de WhatsApp está disponible únicamente para consultas previas a la venta sobre nuestras extensiones de {platform}. Si quiere saber más sobre una extensión o tiene preguntas antes de comprar, escríbanos.",
    officialFree: "Las consultas previas a la venta no tienen ningún cargo.",
    officialNotSupport:
      "Este número no está destinado a soporte posterior a la compra ni a asistencia técnica después de la compra.",
    premiumTitle: "2. Número de soporte premium de {platform}",
    premiumBody:
      "Para soporte urgente o premium de {platform} le atiendo directamente yo, {owner}, propietario y desarrollador de todas las extensiones de {vendor}. Con más de {years} años de experiencia en {platform}, brindo soporte personalizado para resolver problemas, asesorar técnicamente y atender asuntos urgentes.",
    ratesIntro: "El soporte premium se cobra por hora:",
    premiumHidden:
      "Para mayor privacidad y comodidad, el número premium se proporciona en la respuesta automática del número oficial y en su perfil de WhatsApp. Escriba al número oficial para obtenerlo.",
    premiumPublished: "Número de soporte premium:",
    fixedIntro: "Servicios de precio fijo:",
    ticketsTitle: "3. Soporte posterior a la compra mediante tickets",
    ticketsBody:
      "Para la instalación o el soporte relacionado con nuestras extensiones después de la compra, los clientes con una licencia activa reciben soporte gratuito mediante tickets: instalación, configuración u otros problemas del producto.",
    ticketsSkip:
      "Si prefiere evitar el sistema de tickets y escribir directamente al número premium de WhatsApp, se aplican los cargos indicados, incluso si su licencia incluye soporte activo.",
    ticketsLink: "Abrir un ticket de soporte gratuito",
    refund:
      "Las solicitudes de reembolso se atienden solo mediante tickets, dentro de los {days} días posteriores a la compra.",
    howTitle: "4. Cómo utilizar los números",
    howPresales: "Preguntas sobre productos antes de comprar: el número oficial.",
    howTickets:
      "Ayuda después de la compra (instalación, configuración, consultas sobre el producto): el sistema de tickets, gratuito con una licencia activa.",
    howPremium:
      "Ayuda de pago con {platform}, ayuda urgente o consultoría por WhatsApp: el número premium, que figura en la respuesta automática y en el perfil del número oficial.",
    billingTitle: "5. Expectativas y facturación",
    billingTime:
      "Toda comunicación con el número premium se factura según el tiempo dedicado a consulta, soporte técnico o trabajo crítico, en bloques de {increment} minutos.",
    billingMinimum: "El cargo mínimo es de {minimum} minutos.",
    billingAgreement:
      "Antes de cualquier cargo recibirá un presupuesto por WhatsApp (servicio, tarifa, estimación y un tope) y no se cobra nada hasta que lo acepte.",
    billingLicense:
      "El soporte por WhatsApp es una alternativa al sistema de tickets y se cobra independientemente de la cobertura de soporte de su licencia.",
    notesTitle: "6. Notas importantes",
    notesRightNumber: "Utilice el número adecuado según la naturaleza de su consulta.",
    notesPremiumCharges:
      "Los cargos premium se aplican a toda consulta o soporte sobre el funcionamiento de nuestras extensiones después de la compra.",
    notesDirect:
      "El soporte premium garantiza la interacción directa conmigo y mi experiencia para atender sus necesidades de {platform}.",
    notesFreeTickets:
      "El soporte posterior a la compra mediante tickets es gratuito para los clientes con una licencia activa.",
    updates:
      "Actualizar una extensión es gratuito mientras su licencia tenga soporte activo; después es un servicio de precio fijo.",
    closing:
      "Agradecemos su comprensión. Si tiene alguna pregunta sobre esta política, escríbanos al número oficial.",
    thanks: "¡Gracias por elegir {vendor} para sus necesidades de {platform}!",
  },
  contact: {
    title: "Contactar con {vendor}",
    lead: "Elija el canal que corresponde a su consulta: cada uno atiende una necesidad distinta.",
    presalesTitle: "Consultas previas a la venta",
    hours: "Respondemos {days}, de {open} a {close} ({zone}).",
    presalesBody: "Preguntas sobre nuestras extensiones antes de comprar. Gratis.",
    ticketsTitle: "Ayuda con una compra",
    ticketsBody:
      "Instalación, configuración y problemas del producto. Gratis mediante tickets mientras su licencia tenga soporte activo.",
    premiumTitle: "Soporte premium (de pago)",
    premiumBody: "Ayuda directa de {owner} por WhatsApp, facturada por tiempo tras aceptar un presupuesto.",
    emailTitle: "Correo electrónico",
    policyLink: "Leer la política de soporte completa",
  },
};
