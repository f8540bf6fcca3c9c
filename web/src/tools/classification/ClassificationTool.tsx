import type { ClassificationPayload, ImageRef } from '../../api/types';
import type { Shortcut } from '../../lib/keys';
import { useKeys } from '../../lib/keys';
import { ClassPicker, FittedImage, UndoBar, useToolHistory, type ToolProps } from '../common';
import { classificationPayload, labelForKey } from '../image_tags/tags';

export const classificationShortcuts: Shortcut[] = [{ keys: '1–9, 0', action: 'Choose a class' }];

export function ClassificationTool({ input, schema, initial, media, onChange }: ToolProps<ClassificationPayload>) {
  const labels = schema.labels ?? [];
  const tool = useToolHistory(() => initial?.label ?? '', classificationPayload, onChange);
  useKeys((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    const label = labelForKey(labels, e.key);
    if (label) tool.push(label);
    return label !== null;
  });
  const image = input.image as ImageRef | undefined;
  return (
    <div class="tool tool-classification">
      <div class="tool-media">
        {typeof input.text === 'string' && <p class="task-text">{input.text}</p>}
        {image && <FittedImage media={media} sha256={image.sha256} alt="The picture to classify" />}
      </div>
      <aside class="tool-side">
        <ClassPicker labels={labels} value={tool.state} onPick={tool.push} legend="Your answer" />
        <UndoBar {...tool} />
      </aside>
    </div>
  );
}
