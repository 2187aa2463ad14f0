export const publicPages = {
  skipToContent: "Skip to content",
  nav: { policy: "Support policy", contact: "Contact", portal: "Support tickets" },
  switchLanguage: "Leer en español",
  switchLanguageLang: "es",
  footer: "{vendor} · Support policy generated from the desk's live settings.",
  chatOnWhatsApp: "Chat on WhatsApp",
  policy: {
    title: "WhatsApp support policy",
    lead: "At {vendor} we want to give every customer first-class service. To handle your questions well, our WhatsApp support channels follow a clear policy. Please read these guidelines before writing to us.",
    officialTitle: "1. Official number: pre-sales questions",
    officialBody:
      "Our official WhatsApp number is only for pre-sales questions about our {platform} extensions. If you want to know more about an extension, or have questions before you buy, write to us.",
    officialFree: "Pre-sales questions are free of charge.",
    officialNotSupport:
      "This number is not for support after a purchase or for technical help after a purchase.",
    premiumTitle: "2. Premium {platform} support number",
    premiumBody:
      "For urgent or premium {platform} support you talk directly to me, {owner}, owner and developer of all {vendor} extensions. With more than {years} years of {platform} experience, I give personal help to solve problems, offer technical advice and handle urgent matters.",
    ratesIntro: "Premium support is charged by the hour:",
    premiumHidden:
      "For your privacy and convenience, the premium number is given in the automatic reply of the official number and in its WhatsApp profile. Write to the official number to get it.",
    premiumPublished: "Premium support number:",
    fixedIntro: "Fixed-price services:",
    ticketsTitle: "3. Support after purchase through tickets",
    ticketsBody:
      "For installation or support related to our extensions after a purchase, customers with an active license get free support through support tickets: installation, configuration or any other problem with the product.",
    ticketsSkip:
      "If you prefer to skip the ticket system and write directly to the premium WhatsApp number, the charges above apply, even when your license includes active support.",
    ticketsLink: "Open a free support ticket",
    refund: "Refund requests are handled only through tickets, within {days} days of purchase.",
    howTitle: "4. How to use the numbers",
    howPresales: "Product questions before you buy: the official number.",
    howTickets:
      "Help after a purchase (installation, configuration, product questions): the ticket system, free with an active license.",
    howPremium:
      "Paid {platform} help, urgent help or consultation over WhatsApp: the premium number, given in the automatic reply and profile of the official number.",
    billingTitle: "5. Expectations and billing",
    billingTime:
      "Every conversation on the premium number is billed by the time spent on consultation, technical support or critical work, in blocks of {increment} minutes.",
    billingMinimum: "The minimum charge is {minimum} minutes.",
    billingAgreement:
      "Before any charge you receive a quote on WhatsApp (service, rate, estimate and a cap) and nothing is charged until you accept it.",
    billingLicense:
      "WhatsApp support is an alternative to the ticket system, and it is charged whatever support your license covers.",
    notesTitle: "6. Important notes",
    notesRightNumber: "Please use the right number for the kind of question you have.",
    notesPremiumCharges:
      "Premium charges apply to every question or support request about how our extensions work after purchase.",
    notesDirect:
      "Premium support means you work directly with me and my experience on your {platform} needs.",
    notesFreeTickets: "Support after purchase through tickets is free for customers with an active license.",
    updates:
      "Updating an extension is free while your license has active support; afterwards it is a fixed-price service.",
    closing:
      "Thank you for your understanding. If you have any question about this policy, write to us on the official number.",
    thanks: "Thank you for choosing {vendor} for your {platform} needs!",
  },
  contact: {
    title: "Contact {vendor}",
    lead: "Choose the channel that fits your question: each one serves a different need.",
    presalesTitle: "Pre-sales questions",
    hours: "We answer on {days}, {open}–{close} ({zone}).",
    presalesBody: "Questions about our extensions before you buy. Free.",
    ticketsTitle: "Help with a purchase",
    ticketsBody:
      "Installation, configuration and product problems. Free through tickets while your license has active support.",
    premiumTitle: "Premium support (paid)",
    premiumBody: "Direct help from {owner} over WhatsApp, billed by time after you accept a quote.",
    emailTitle: "Email",
    policyLink: "Read the full support policy",
  },
};
