import type { ReactNode } from 'react';

const STRING = /"(?:[^"\\]|\\.)*"/g;
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/**
 * JSON shown as code, left to right whatever the interface: each string holding Arabic (or any
 * right-to-left script) is isolated in its own direction, so its words, brackets and punctuation
 * keep their order and the quotes, colons and commas around it stay where JSON puts them.
 */
export function JsonText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(STRING)) {
    if (!RIGHT_TO_LEFT.test(match[0])) continue;
    const start = match.index + 1;
    const end = match.index + match[0].length - 1;
    parts.push(text.slice(last, start), <bdi key={start}>{text.slice(start, end)}</bdi>);
    last = end;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
