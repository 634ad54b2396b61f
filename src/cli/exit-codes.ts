/** The exit codes of `convergence`: scripts branch on them. */
export const EXIT_OK = 0;
/** The command ran and something failed (a tenant not onboarded, a dry run not ready, the service unreachable). */
export const EXIT_FAILURE = 1;
/** Nothing was done: bad arguments or a bad config file. */
export const EXIT_USAGE = 2;
