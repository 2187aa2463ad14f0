/** Scheduled backups: the Home card and the owner's notice of a failure. */
export const backups = {
  home: {
    title: "Backups",
    off: "Scheduled backups are off (Settings → Backups).",
    never: "No scheduled backup has run yet; the next one is at {time}.",
    ok: "Last backup {at}: {file} ({size} MB).",
    failed: "The last backup failed {at}: {error}",
    running: "A backup is running.",
  },
  settings: {
    legend: "Scheduled backups",
    enabled: "Back up every day",
    time: "At (the business's time zone)",
    folder: "Folder (absolute path; empty = beedesk-backups beside the data folder)",
    keep: "Archives to keep",
    note: "Scheduled backups leave the secret key out: keep it apart (see README, Backups).",
    save: "Save backups",
    saved: "Backup settings saved.",
  },
  failedMail: {
    subject: "beedesk: the scheduled backup failed",
    heading: "The scheduled backup failed",
    body: "The backup of {date} could not be written to {folder}: {error}",
    hint: "Check the folder (space, permissions) or run `npx beedesk backup <file.tar.gz>` by hand.",
  },
};
