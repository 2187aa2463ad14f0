/**
 * The automatic WhatsApp replies (policy clauses 1–3). `replies.*` are the owner-editable templates:
 * {placeholders} are filled from the live settings; the owner's wording, when saved, replaces these.
 */
export const policy = {
  replies: {
    greeting:
      "Hello! 👋 This is {vendor}'s official WhatsApp number, for pre-sales questions about our {platform} extensions. Pre-sales questions are free.\n\nAlready bought one? Support after a purchase is free through tickets while your license has active support: {portalUrl}\n\nPremium {platform} support on WhatsApp, directly with {owner} (paid, billed by the time spent after you accept a quote): {premiumNumber} {premiumLink}\n{rates}",
    buttonPresales: "Pre-sales question",
    buttonPurchase: "Help with a purchase",
    buttonPremium: "Premium support",
    ackOpen: "Thank you! Your question is with our team and we will answer you here shortly.",
    ackClosed:
      "Thank you! Your question is with our team. We are outside business hours right now, so we will answer you here when we open: {nextOpen}.",
    redirect:
      "This number is only for pre-sales questions, so we can't help with a purchase here. Two ways to get help:\n\n1. Free support tickets, with an active license: {portalUrl}\n\n2. Premium support on WhatsApp with {owner}, paid and billed by the time spent after you accept a quote: {premiumNumber} {premiumLink}\n{rates}",
    redirectPersonal:
      "Hi {name}! This number is only for pre-sales questions, so we can't help with a purchase here.\n\n{licenses}\n\nPremium support on WhatsApp with {owner} is also available, paid and billed by the time spent after you accept a quote: {premiumNumber} {premiumLink}\n{rates}",
    licenseActive:
      "• Your license for {product} has support until {date}: open a free ticket here: {portalUrl}",
    licenseExpired:
      "• Support for {product} ended on {date}: renew it here: {renewalUrl}, or use premium support (below).",
    licenseInactive:
      "• Your license for {product} no longer includes support; premium support (below) can still help.",
    premiumInfo:
      "Premium {platform} support is direct help from {owner} on WhatsApp: {premiumNumber} {premiumLink}\n{rates}\n\nIt is billed by the time spent, in {increment}-minute blocks, and only after you accept a quote. It is paid even when your license includes support; tickets stay free: {portalUrl}",
    rateCard:
      "Welcome to {vendor}'s premium {platform} support, directly with {owner}.\n\n{rates}\n\nYou are billed by the time spent, in {increment}-minute blocks, and only after you accept a quote: nothing is charged before that. This applies even when your license includes support; free support tickets are here: {portalUrl}\n\nChoose the service you need:",
    rateCardButton: "Choose a service",
    serviceRequested:
      "Thank you! Your request for {service} ({amount} per hour) is with {owner}, who will reply here with a quote. Nothing is charged until you accept it.",
    portalLink: "Free support tickets for your purchase, with an active license: {portalUrl}",
  },
  /** Pieces the replies are built from (not edited on their own). */
  parts: {
    rateLine: "• {service}: {amount} per hour",
    rateRow: "{amount} per hour",
    nextOpen: "{when} at {time} ({timeZone})",
    today: "today",
    tomorrow: "tomorrow",
    onDay: "on {day}",
    /** Ends the greeting when the customer has not asked anything yet. */
    askHow: "How can we help you?",
    customer: "there",
  },
  /** What the owner reads in the auto-replies editor. */
  editor: {
    greeting: "Greeting on the official number (new contact, once per cooldown)",
    buttonPresales: "Button: pre-sales question",
    buttonPurchase: "Button: help with a purchase",
    buttonPremium: "Button: premium support",
    ackOpen: "Pre-sales question acknowledged, during business hours",
    ackClosed: "Pre-sales question acknowledged, outside business hours",
    redirect: "Redirect for post-purchase support (contact not linked to a customer)",
    redirectPersonal: "Redirect for post-purchase support (linked customer)",
    licenseActive: "Redirect line: license with active support",
    licenseExpired: "Redirect line: support ended",
    licenseInactive: "Redirect line: license revoked or refunded",
    premiumInfo: "Premium line information (official number)",
    rateCard: "Rate card on the premium number",
    rateCardButton: "Rate card: list button",
    serviceRequested: "Premium service chosen",
    portalLink: "Ticket portal link (agent quick action)",
  },
  /** The auto-replies editor in the agent app. */
  ui: {
    title: "Auto-replies",
    lead: "What beedesk answers on its own on WhatsApp. Placeholders in braces are filled from your settings; leave a text as it is to keep the built-in wording.",
    language: "Language of the texts",
    placeholders: "Placeholders: {list}",
    none: "No placeholders: plain text only.",
    reset: "Use the built-in text",
    custom: "Your wording",
    builtIn: "Built-in",
    preview: "Preview",
    previewLead: "As customers see it, with sample data (a customer with three licenses, Monday's opening).",
    problems: "Fix these before saving:",
    save: "Save auto-replies",
    saved: "Auto-replies saved.",
    aboutFailed: "Saved, but WhatsApp did not take the new profile text: {message}",
    chars: "{count} characters",
    samples: {
      greeting: "Greeting",
      ackOpen: "Pre-sales question, open",
      ackClosed: "Pre-sales question, closed",
      redirect: "Redirect",
      redirectPersonal: "Redirect for a customer",
      premiumInfo: "Premium information",
      rateCard: "Premium rate card",
      "serviceRequested:consultation": "Service chosen: consultation",
      "serviceRequested:technical_support": "Service chosen: technical support",
      "serviceRequested:urgent_critical": "Service chosen: urgent critical work",
      portalLink: "Ticket portal link",
    },
  },
  /** Pre-sales answers from the product catalogue (policy/catalogue). */
  catalogue: {
    compatYes: "Yes: {product} works with OpenCart {version}.",
    compatSome: "{product} supports these OpenCart {version} versions: {listed}.",
    compatNo:
      "OpenCart {version} is not among the versions {product} is listed for. Supported versions: {supported}.",
    phpYes: "Yes: {product} runs on PHP {version}.",
    phpSome: "{product} runs on these PHP {version} versions: {listed}.",
    phpNo: "PHP {version} is not among the PHP versions {product} is listed for: {supported}.",
    flavours: "{product} installs with {installers}.",
    multistoreYes: "{product} works in multistore setups.",
    multistoreNo: "Multistore is not listed for {product}.",
    price: "{product} costs {price}.",
    store: "You can buy it here: {url}",
    demo: "Try the demo: {url}",
    noDemo: "There is no public demo of {product}; its store page: {url}",
    footer: "(An automatic answer from our catalogue. If you need more, a person will follow up here.)",
    and: "and",
    or: "or",
    whichProduct: "Which of our extensions do you mean: {products}?",
    correction:
      "A correction: please disregard our automatic answer about {product} above, it was not right. A person will answer you here shortly.",
  },
};
