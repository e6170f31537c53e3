/**
 * The glossary of docs/model.md ("Glossary"), as the page shows it on hover over a term a
 * notebook links to (`[NPL](../docs/model.md#npl)`). One source of truth: docs/model.md;
 * test/notebook/glossary.test.ts holds this copy word for word to it.
 */

export interface GlossaryEntry {
  /** The term as its heading writes it. */
  term: string;
  /** Its anchor in docs/model.md, as GitHub makes it from the heading. */
  anchor: string;
  /** The first paragraph under the heading, Markdown as written. */
  definition: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    term: "Default",
    anchor: "default",
    definition:
      "An account is in default when it is more than 90 days past due on a material obligation, or when the lender judges that it is unlikely to pay in full without realizing collateral (Basel Framework CRE36.69; EBA/GL/2016/07, Guidelines on the application of the definition of default under Article 178 of the CRR). In creditlab an account defaults when it rolls out of its last delinquency bucket (§4), the fourth missed payment with three buckets.",
  },
  {
    term: "NPL",
    anchor: "npl",
    definition:
      "A non-performing loan is one 90 or more days past due, or in default: the EBA's non-performing exposure (EBA/ITS/2013/03, supervisory reporting on forbearance and non-performing exposures). creditlab's `nplRatio` is the balance in the last delinquency bucket (90+ days with three buckets) or in default and not yet written off, over the balance of the accounts still on the book (§8).",
  },
  {
    term: "Charge-off",
    anchor: "charge-off",
    definition:
      "A charge-off writes a loan's balance off the books as a loss. US banks charge off open-end retail credit (cards, credit lines) at 180 days past due and closed-end credit at 120 days (FFIEC Uniform Retail Credit Classification and Account Management Policy, 2000, adopted by the OCC in Bulletin 2000-20; reported in the FFIEC call report). In creditlab `chargeOffMonths` after default (§6).",
  },
  {
    term: "EAD",
    anchor: "ead",
    definition:
      "Exposure at default: what the borrower owes when it defaults, the drawn balance plus the share of the undrawn limit drawn on the way to default (Basel Framework CRE32, IRB exposure measurement). In creditlab the balance at default, with `ccf` for lines (§5.4).",
  },
  {
    term: "CCF",
    anchor: "ccf",
    definition:
      "Credit conversion factor: the share of the undrawn limit a borrower draws before it defaults, so that EAD = drawn + CCF × undrawn (Basel Framework CRE32). creditlab's `ccf` (§5.4).",
  },
  {
    term: "LGD",
    anchor: "lgd",
    definition:
      "Loss given default: the share of the exposure at default lost once recoveries are in, net of their costs and discounted (Basel Framework CRE32). creditlab draws it per default from a Beta distribution with mean `lgd.mean`, moved by the economy (§6).",
  },
  {
    term: "Stage",
    anchor: "stage",
    definition:
      "IFRS 9's three stages of impairment: stage 1, performing, carries twelve months of expected credit loss; stage 2, a significant increase in credit risk since origination (presumed at 30 days past due), carries the lifetime loss; stage 3, credit-impaired (in default), carries the lifetime loss on its net carrying amount (IFRS 9 Financial Instruments, §5.5).",
  },
  {
    term: "ECL",
    anchor: "ecl",
    definition:
      "Expected credit loss: the probability-weighted present value of the cash shortfalls over a horizon, twelve months or the lifetime under IFRS 9 (§5.5) and always the lifetime under the US CECL standard (FASB ASC 326-20). creditlab's `lifetimeLoss` is the expected loss past the horizon of the accounts still on the book (§8.2).",
  },
  {
    term: "VaR",
    anchor: "var",
    definition:
      "Value at risk at level α: the loss exceeded on a share 1 − α of outcomes, the α-quantile of the loss distribution. creditlab's VaR is the empirical quantile of the net loss over the paths at 95%, 99% and 99.9% (§9).",
  },
  {
    term: "ES",
    anchor: "es",
    definition:
      "Expected shortfall at level α: the mean loss in the worst 1 − α of outcomes, at or beyond VaR. The Basel market-risk framework measures risk by ES at 97.5% (Basel Framework MAR33, internal models approach); creditlab's ES is the mean net loss of the paths at or above VaR at 95%, 99% and 99.9% (§9).",
  },
  {
    term: "Five categories",
    anchor: "five-categories",
    definition:
      "China's five-category classification of a loan: normal, special mention, substandard, doubtful and loss; the last three are non-performing, and a loan more than 90 days past due is at least substandard (NFRA and PBoC, Measures for the Risk Classification of Financial Assets of Commercial Banks, 2023 Order No. 1, in force 1 July 2023).",
  },
];

/** The entry whose anchor is `anchor` (without "#"), or undefined. */
export const glossaryEntry = (anchor: string): GlossaryEntry | undefined => GLOSSARY.find((e) => e.anchor === anchor);

/** A definition as plain text for a tooltip: code marks dropped. */
export const plainDefinition = (e: GlossaryEntry): string => e.definition.replace(/`([^`]*)`/g, "$1");
