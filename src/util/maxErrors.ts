/**
 * Most errors reported for one file, a scenario's or a CSV's; the rest are counted in a
 * last line. One cap for every reader, so a file reports alike wherever it is read.
 */
export const MAX_ERRORS = 100;
