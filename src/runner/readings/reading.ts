/** One reading of the kit: the type, and the constructor the reading lists use. */
export interface Reading {
  /** Stable id, used in tags (`@reading:fault-error-code`) and tables. */
  id: string;
  /** The expectation, in a sentence. */
  title: string;
  /** What the guide says (or does not), with its clauses. */
  guide: string;
  /** Where the kit's docs discuss it (a page and anchor under docs/). */
  see: string;
}

export const r = (id: string, title: string, guide: string, see: string): Reading => ({
  id,
  title,
  guide,
  see,
});
