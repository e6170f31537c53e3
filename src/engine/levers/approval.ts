/** The approval cutoff: applicants scoring below `minScore` are not booked (book.ts draws who is). */
import { lever } from "./lever.ts";

export const approval = lever({
  compile: (p) => ({ minScore: p.approval?.minScore ?? null }),
  // Who is booked is a column of the book.
  stages: { minScore: "columns" },
});
