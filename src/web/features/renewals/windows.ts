/** The renewal windows the page offers, in days; 90 is the default (and absent from the address). */
export const renewalWindows = [30, 60, 90, 120] as const;
export type RenewalWindow = (typeof renewalWindows)[number];
