/** How long "customer quiet for a day" pretends the customer has been silent: past the 24-hour window. */
export const QUIET_HOURS = 25;
