/**
 * User text (a model's name, a file name) made safe to write on one line of a CSV comment,
 * a CSV cell or a terminal: every character that some reader takes as a line break or a
 * control sequence becomes a visible escape — `\n`, `\r`, `\t` and `\u00XX`, `\u2028` for
 * the others (C0 and C1 controls, DEL; U+2028 and U+2029, which JavaScript and Python's
 * splitlines read as line breaks). A backslash is left as it is, so ordinary paths read the
 * same; the text is for display, not to be decoded back.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (character) => NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether `text` holds a character that `escapeControlCharacters` would escape. */
export function hasControlCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
