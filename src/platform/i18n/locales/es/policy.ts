import type { policy as en } from "../en/policy.js";

export const policy: typeof en = {
  replies: {
    greeting:
      "¡Hola! 👋 Este es el número oficial de WhatsApp de {vendor}, para consultas previas a la venta sobre nuestras extensiones de {platform}. Las consultas previas a la venta no tienen coste.\n\n¿Ya compraste una? El soporte posterior a la compra es gratuito mediante tickets mientras tu licencia tenga soporte activo: {portalUrl}\n\nSoporte premium de {platform} por WhatsApp, directamente con {owner} (de pago, facturado por el tiempo dedicado tras aceptar un presupuesto): {premiumNumber} {premiumLink}\n{rates}",
    buttonPresales: "Pregunta de preventa",
    buttonPurchase: "Ayuda con mi compra",
    buttonPremium: "Soporte premium",
    ackOpen: "¡Gracias! Tu consulta ya está con nuestro equipo y te responderemos aquí en breve.",
    ackClosed:
      "¡Gracias! Tu consulta ya está con nuestro equipo. Ahora estamos fuera del horario de atención, así que te responderemos aquí cuando abramos: {nextOpen}.",
    redirect:
      "Este número es solo para consultas previas a la venta, así que aquí no podemos ayudarte con una compra. Tienes dos opciones:\n\n1. Tickets de soporte gratuitos, con una licencia activa: {portalUrl}\n\n2. Soporte premium por WhatsApp con {owner}, de pago y facturado por el tiempo dedicado tras aceptar un presupuesto: {premiumNumber} {premiumLink}\n{rates}",
    redirectPersonal:
      "¡Hola, {name}! Este número es solo para consultas previas a la venta, así que aquí no podemos ayudarte con una compra.\n\n{licenses}\n\nTambién tienes el soporte premium por WhatsApp con {owner}, de pago y facturado por el tiempo dedicado tras aceptar un presupuesto: {premiumNumber} {premiumLink}\n{rates}",
    licenseActive:
      "• Tu licencia de {product} tiene soporte hasta el {date}: abre un ticket gratuito aquí: {portalUrl}",
    licenseExpired:
      "• El soporte de {product} terminó el {date}: renuévalo aquí: {renewalUrl}, o usa el soporte premium (abajo).",
    licenseInactive:
      "• Tu licencia de {product} ya no incluye soporte; el soporte premium (abajo) puede ayudarte.",
    premiumInfo:
      "El soporte premium de {platform} es ayuda directa de {owner} por WhatsApp: {premiumNumber} {premiumLink}\n{rates}\n\nSe factura por el tiempo dedicado, en bloques de {increment} minutos, y solo después de que aceptes un presupuesto. Es de pago aunque tu licencia incluya soporte; los tickets siguen siendo gratuitos: {portalUrl}",
    rateCard:
      "Bienvenido al soporte premium de {platform} de {vendor}, directamente con {owner}.\n\n{rates}\n\nSe factura por el tiempo dedicado, en bloques de {increment} minutos, y solo después de que aceptes un presupuesto: antes no se cobra nada. Esto se aplica aunque tu licencia incluya soporte; los tickets de soporte gratuitos están aquí: {portalUrl}\n\nElige el servicio que necesitas:",
    rateCardButton: "Elegir servicio",
    serviceRequested:
      "¡Gracias! Tu solicitud de {service} ({amount} por hora) ya está con {owner}, que te responderá aquí con un presupuesto. No se cobra nada hasta que lo aceptes.",
    portalLink: "Tickets de soporte gratuitos para tu compra, con una licencia activa: {portalUrl}",
  },
  parts: {
    rateLine: "• {service}: {amount} por hora",
    rateRow: "{amount} por hora",
    nextOpen: "{when} a las {time} ({timeZone})",
    today: "hoy",
    tomorrow: "mañana",
    onDay: "el {day}",
    askHow: "¿En qué podemos ayudarte?",
    customer: "cliente",
  },
  editor: {
    greeting: "Saludo en el número oficial (contacto nuevo, una vez por periodo de espera)",
    buttonPresales: "Botón: consulta previa a la venta",
    buttonPurchase: "Botón: ayuda con una compra",
    buttonPremium: "Botón: soporte premium",
    ackOpen: "Consulta de preventa recibida, en horario de atención",
    ackClosed: "Consulta de preventa recibida, fuera del horario de atención",
    redirect: "Redirección de soporte posventa (contacto sin cliente vinculado)",
    redirectPersonal: "Redirección de soporte posventa (cliente vinculado)",
    licenseActive: "Línea de redirección: licencia con soporte activo",
    licenseExpired: "Línea de redirección: soporte terminado",
    licenseInactive: "Línea de redirección: licencia revocada o reembolsada",
    premiumInfo: "Información de la línea premium (número oficial)",
    rateCard: "Tarifas en el número premium",
    rateCardButton: "Tarifas: botón de la lista",
    serviceRequested: "Servicio premium elegido",
    portalLink: "Enlace al portal de tickets (acción rápida del agente)",
  },
  ui: {
    title: "Respuestas automáticas",
    lead: "Lo que beedesk responde por sí solo en WhatsApp. Los marcadores entre llaves se rellenan con tus ajustes; deja un texto como está para mantener la redacción incluida.",
    language: "Idioma de los textos",
    placeholders: "Marcadores: {list}",
    none: "Sin marcadores: solo texto.",
    reset: "Usar el texto incluido",
    custom: "Tu redacción",
    builtIn: "Incluido",
    preview: "Vista previa",
    previewLead:
      "Como lo ven los clientes, con datos de ejemplo (un cliente con tres licencias, apertura del lunes).",
    problems: "Corrige esto antes de guardar:",
    save: "Guardar respuestas automáticas",
    saved: "Respuestas automáticas guardadas.",
    aboutFailed: "Guardado, pero WhatsApp no aceptó el nuevo texto del perfil: {message}",
    chars: "{count} caracteres",
    samples: {
      greeting: "Saludo",
      ackOpen: "Consulta de preventa, abierto",
      ackClosed: "Consulta de preventa, cerrado",
      redirect: "Redirección",
      redirectPersonal: "Redirección a un cliente",
      premiumInfo: "Información premium",
      rateCard: "Tarifas premium",
      "serviceRequested:consultation": "Servicio elegido: consulta",
      "serviceRequested:technical_support": "Servicio elegido: soporte técnico",
      "serviceRequested:urgent_critical": "Servicio elegido: trabajo crítico urgente",
      portalLink: "Enlace al portal de tickets",
    },
  },
  catalogue: {
    compatYes: "Sí: {product} funciona con OpenCart {version}.",
    compatSome: "{product} es compatible con estas versiones de OpenCart {version}: {listed}.",
    compatNo:
      "OpenCart {version} no está entre las versiones para las que {product} está indicado. Versiones compatibles: {supported}.",
    phpYes: "Sí: {product} funciona con PHP {version}.",
    phpSome: "{product} funciona con estas versiones de PHP {version}: {listed}.",
    phpNo:
      "PHP {version} no está entre las versiones de PHP para las que {product} está indicado: {supported}.",
    flavours: "{product} se instala con {installers}.",
    multistoreYes: "{product} funciona en instalaciones multitienda.",
    multistoreNo: "{product} no indica compatibilidad multitienda.",
    price: "{product} cuesta {price}.",
    store: "Puedes comprarlo aquí: {url}",
    demo: "Prueba la demo: {url}",
    noDemo: "{product} no tiene demo pública; su página en la tienda: {url}",
    footer:
      "(Respuesta automática de nuestro catálogo. Si necesitas más, una persona te seguirá atendiendo aquí.)",
    and: "y",
    or: "o",
    whichProduct: "¿A cuál de nuestras extensiones te refieres: {products}?",
    correction:
      "Una corrección: por favor, no tengas en cuenta nuestra respuesta automática sobre {product}, no era correcta. Una persona te responderá aquí en breve.",
  },
};
