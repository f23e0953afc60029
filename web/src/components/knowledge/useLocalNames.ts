import { useEffect, useState } from 'react';
import type { Item, ObjectLabel } from '../../api';
import { knowledgeApi } from '../../knowledgeApi';

/**
 * Labels of the listed objects (their names in every language the owner wrote), asked for once per
 * object shown, so a list reads in the reader's language.
 */
export function useLocalNames(items: Item[]): Map<string, ObjectLabel> {
  const [labels, setLabels] = useState<Map<string, ObjectLabel>>(new Map());
  useEffect(() => {
    const wanted = [...new Set(items.map((i) => i.object.id))].filter((id) => !labels.has(id));
    if (wanted.length === 0) return;
    let live = true;
    const chunks: string[][] = [];
    for (let i = 0; i < wanted.length; i += 100) chunks.push(wanted.slice(i, i + 100));
    Promise.all(chunks.map((ids) => knowledgeApi.labels(ids))).then(
      (pages) => {
        if (!live) return;
        setLabels((previous) => {
          const next = new Map(previous);
          for (const page of pages) for (const label of page.items) next.set(label.id, label);
          return next;
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [items, labels]);
  return labels;
}
