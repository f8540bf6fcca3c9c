// Tags of an image (image_tags) and the single label of a classification:
// the schema's labels, picked by click or by number key.

import type { ClassificationPayload, ImageTagsPayload, LabelDef } from '../../api/types';

/** Adds or removes `name`, keeping the schema's order (so payloads are stable). */
export function toggleTag(labels: readonly LabelDef[], tags: readonly string[], name: string): string[] {
  const chosen = new Set(tags);
  if (chosen.has(name)) chosen.delete(name);
  else chosen.add(name);
  return labels.map((l) => l.name).filter((n) => chosen.has(n));
}

/** The label bound to a number key: "1".."9" are the first nine labels, "0" the tenth. */
export function labelForKey(labels: readonly LabelDef[], key: string): string | null {
  if (!/^[0-9]$/.test(key)) return null;
  const index = key === '0' ? 9 : Number(key) - 1;
  return labels[index]?.name ?? null;
}

export function tagsPayload(tags: readonly string[]): ImageTagsPayload {
  return { tags: [...tags] };
}

export function classificationPayload(label: string): ClassificationPayload {
  return { label };
}
