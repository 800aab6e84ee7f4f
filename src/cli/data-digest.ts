import { createHash } from 'node:crypto';

/**
 * The SHA-256 (hex) of a model's data as read, written to the CSV headers as data.sha256 so
 * that readFit refuses to merge chains computed from different data (a data file that
 * differs between machines under the same name). The data are hashed as JSON text of the
 * parsed values, so that formatting of the file does not matter; undefined when there are
 * no data or they have no JSON form.
 */
export function dataDigest(data: unknown): string | undefined {
  if (data === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch {
    return undefined;
  }
  return text === undefined ? undefined : createHash('sha256').update(text).digest('hex');
}
