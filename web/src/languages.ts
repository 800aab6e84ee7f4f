/**
 * The model languages of the playground. JSON specs today; the Stan editor of leapfrog's Stan
 * front end goes beside the JSON one (index.html's #stan-panel and the 'stan' tab): its source
 * becomes a sampleAsync source the same way, and its checker's problems (line and column)
 * appear in its editor as the JSON checker's do in json-editor.ts.
 */
export interface ModelLanguage {
  readonly id: 'json' | 'stan';
  readonly title: string;
  /** False until the language's front end is in leapfrog. */
  readonly available: boolean;
}

export const languages: readonly ModelLanguage[] = [
  { id: 'json', title: 'JSON spec', available: true },
  { id: 'stan', title: 'Stan', available: false },
];
