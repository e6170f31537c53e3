/** A segment's product: a credit line (revolving) or a loan (instalment). */
export const PRODUCT = { revolving: 0, instalment: 1 } as const;
