/** How many times `npm run bench:stability` runs the default run when `--runs` does not say (the docs quote it). */
export const DEFAULT_STABILITY_RUNS = 10;
