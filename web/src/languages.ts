/**
 * The model languages of the playground: JSON specs, and Stan programs (index.html's
 * #stan-panel and the 'stan' tab). A Stan program is checked by checkStan in the model worker,
 * its problems marked at their lines and columns, and it samples as the JSON spec it lowers to
 * (a sampleAsync source like any spec).
 */
export interface ModelLanguage {
  readonly id: 'json' | 'stan';
  readonly title: string;
  /** False until the language's front end is in leapfrog. */
  readonly available: boolean;
}

export const languages: readonly ModelLanguage[] = [
  { id: 'json', title: 'JSON spec', available: true },
  { id: 'stan', title: 'Stan', available: true },
];
