/**
 * The comment a Stan program opens with (`//` lines before the first block), which says what
 * the model is: it becomes the spec's description, and a spec's description is written back
 * the same way (one `//` line per line), so the two converters agree.
 */

/** The text of the program's leading `//` comment lines, one line each; undefined when it has none. */
export function leadingComment(text: string): string | undefined {
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '') {
      if (lines.length > 0) break;
      continue;
    }
    if (!line.startsWith('//')) break;
    lines.push(line.slice(line.startsWith('// ') ? 3 : 2));
  }
  return lines.length === 0 ? undefined : lines.join('\n');
}

/** A description as the program's leading comment lines (with a final line break), or '' for none. */
export function commentLines(description: string | undefined): string {
  if (description === undefined || description === '') return '';
  return description
    .split(/\r\n|\r|\n/)
    .map((line) => (line === '' ? '//' : `// ${line}`))
    .join('\n')
    .concat('\n');
}
