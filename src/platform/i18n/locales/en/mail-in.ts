export const mailIn = {
  answer: {
    subject: "Re: {subject}",
    subjectNone: "Your mail to {vendor} support",
    heading: "Thank you for writing to {vendor}",
    notFound:
      "We could not find a license with active support for {email}, so your mail did not open a support ticket.",
    ended:
      "Support for your license has ended, so your mail did not open a support ticket. Free tickets need a license with active support. Renew your support, or get paid help on our premium line.",
    renew: "Renew support: {url}",
    official:
      "Questions before you buy: our official WhatsApp number {number} ({url}). Pre-sales questions are free of charge.",
    premiumPublished:
      "Paid {platform} help, urgent help or consultation over WhatsApp: the premium number {number}.",
    action: "Open a free support ticket",
    automatic:
      "This is an automatic answer. If you have a license, write from the address you bought it with.",
    footer: "{vendor} · Support policy: {url}",
  },
  ticket: {
    noSubject: "Mail without a subject",
  },
  outcome: {
    ticket_opened: "Opened a ticket",
    ticket_reply: "Reply on a ticket",
    policy_answer: "Answered with the policy",
    rate_limited: "Not answered: enough answers to this sender today",
    automatic: "Ignored: automatic mail",
    own_mail: "Ignored: our own mail",
    duplicate: "Ignored: already handled",
    failed: "Could not be handled",
  },
  note: {
    licenseGuess:
      "The customer has several licenses with active support ({licenses}); the ticket was opened on {chosen}. Check with the customer which one this is about.",
    refusedFile: "Attachment not kept: {file} ({reason})",
    tooManyFiles: "Only the first {max} attachments were kept",
    closedTicket: "Ticket #{number} is closed, so this mail was handled as a new one",
    noSender: "The mail has no sender address",
    tooLarge: "The mail is larger than {mb} MB",
    automatic: "Sent automatically ({reason})",
    duplicate: "The same mail (Message-ID) was already handled",
    error: "Error: {error}",
  },
  settings: {
    title: "Mail in",
    lead: "beedesk reads the support mailbox over IMAP: replies land in their tickets, customers with an active license open tickets by mail, and anyone else gets the policy's answer.",
    url: "Mailbox URL",
    urlHelp: "imap://user:password@host:143/INBOX or imaps://user:password@host:993/INBOX. Stored encrypted.",
    urlLocked: "Set by MAIL_IN_URL on the server; change it there.",
    folder: "Move handled mail to folder",
    save: "Save",
    saved: "Saved",
    test: "Test connection",
    testing: "Testing…",
    testOk: "Connected: {mailbox} holds {count} mails.",
    testFailed: "Could not connect: {error}",
    notConfigured: "No mailbox is set: mail is not read.",
    replyTo: "Ticket mail names {address} as Reply-To (vendor settings → support email).",
    replyToMissing:
      "Set the support email in the vendor settings: ticket mail names it as Reply-To, so customers' replies reach this mailbox.",
    failedTitle: "Mail that could not be handled",
    failedNone: "None: every mail was handled.",
    failedHelp: "These stay in the mailbox, flagged. Fix the cause and try again, or handle them by hand.",
    retry: "Try again",
    recentTitle: "Recently read",
    ownerOnly: "Only the owner changes the mailbox.",
  },
  view: {
    fromMail: "By mail",
    original: "Original mail",
    hideOriginal: "Hide original",
    incoming: "Incoming",
    outgoing: "Outgoing",
    from: "From",
    outcome: "What happened",
    noIncoming: "No mail read yet.",
  },
};
