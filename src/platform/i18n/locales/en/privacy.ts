/** Data rights: the export's read-me, the agent app's buttons, the portal's requests. */
export const privacy = {
  readme: {
    title: "Your data held by {vendor}",
    intro: "This archive holds everything {vendor} keeps about you, as of {date} (UTC).",
    customer: "customer.json: your name, email, phone numbers and licenses.",
    tickets: "tickets.json: your support tickets and their messages; attachments/ holds the files you sent.",
    whatsapp:
      "whatsapp.json: your WhatsApp conversations, message by message; media/ holds the pictures and files.",
    billing: "billing.json: premium support quotes, agreements, time and invoices.",
    mail: "mail.json: the emails we sent you.",
    notes: "Internal notes written by the support team are not part of this export.",
  },
  app: {
    section: "Data rights",
    export: "Export data (zip)",
    erase: "Erase personal data",
    eraseConfirm:
      "Erase this person's name, phones, emails, messages, media and attachments everywhere? Invoices keep the name the law requires. This cannot be undone.",
    erased: "Personal data erased.",
  },
  retention: {
    legend: "Retention",
    mediaDays: "Delete media and attachments of closed conversations and tickets after (days; 0 = keep)",
    anonymiseMonths: "Anonymise closed conversations after (months; 0 = keep)",
    note: "Runs once a day. Measured from a conversation's last message and a ticket's closing; open ones are never touched. Anonymising removes message texts, media and notes, and the contact's phone and name once none of their conversations is left. Invoices keep what the law requires.",
    save: "Save retention",
    saved: "Retention settings saved.",
    runNow: "Run now",
    queued: "Retention run queued.",
    runs: "Last runs",
    none: "No retention run yet.",
    run: "{at} ({by}): {mediaFiles} media files, {attachmentFiles} attachments, {conversations} conversations, {contacts} contacts",
    byschedule: "daily",
    byowner: "run by hand",
  },
  request: {
    title: "Your data",
    intro: "You can ask for a copy of the data we hold about you, or for its erasure.",
    export: "Ask for a copy of my data",
    erase: "Ask to erase my data",
    ticketSubjectExport: "Data request: copy of my data",
    ticketSubjectErase: "Data request: erase my data",
    ticketBody: "Request made from the support portal by {email} on {date}.",
  },
};
