import { isUtf8 } from 'node:buffer';
import { AppError } from '../errors.ts';

/** How deep a JSON body may nest: STIX needs a handful of levels; thousands are an attack. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses JSON text nested deeper than `max` before it is parsed: a body of 100,000 nested arrays
 * parses, but every walk over it afterwards (validation, serialisation) would blow the stack.
 * One pass over the characters, strings skipped.
 */
export function checkJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0) throw nul();
    if (inString) {
      if (c === 92 /* \\ */) {
        // \u0000: a NUL no database text column takes (PostgreSQL refuses it).
        if (text.startsWith('u0000', i + 1)) throw nul();
        i += 1;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth += 1;
      if (depth > max)
        throw new AppError(400, 'invalid_json', `body: nested deeper than ${max} levels`, 'body');
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth -= 1;
  }
}

const nul = () =>
  new AppError(400, 'invalid_json', 'body: contains a NUL character (\\u0000)', 'body');

/** A URL carrying an encoded NUL (`%00`): no parameter of ours may hold one. */
export function hasNul(url: string): boolean {
  return /%00/.test(url);
}

/**
 * A JSON body as text, refused when its bytes are not UTF-8 (RFC 8259 §8.1: JSON exchanged between
 * systems MUST be UTF-8). Decoding leniently would store U+FFFD in place of what was sent, so an
 * object would differ from its sender's copy without anyone being told.
 */
export function utf8Text(body: Buffer): string {
  if (!isUtf8(body))
    throw new AppError(400, 'invalid_json', 'body: not UTF-8 (JSON must be sent as UTF-8)', 'body');
  return body.toString('utf8');
}
