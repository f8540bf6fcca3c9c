import type { ImageRef, ImageTagsPayload } from '../../api/types';
import type { Shortcut } from '../../lib/keys';
import { useKeys } from '../../lib/keys';
import { FittedImage, labelColor, UndoBar, useToolHistory, type ToolProps } from '../common';
import { labelForKey, tagsPayload, toggleTag } from './tags';

export const imageTagsShortcuts: Shortcut[] = [{ keys: '1–9, 0', action: 'Tick or untick a tag' }];

export function ImageTagsTool({ input, schema, initial, media, onChange }: ToolProps<ImageTagsPayload>) {
  const labels = schema.labels ?? [];
  const tool = useToolHistory<string[], ImageTagsPayload>(() => initial?.tags ?? [], tagsPayload, onChange);
  const toggle = (name: string) => tool.push(toggleTag(labels, tool.state, name));
  useKeys((e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    const label = labelForKey(labels, e.key);
    if (label) toggle(label);
    return label !== null;
  });
  const image = input.image as ImageRef;
  return (
    <div class="tool tool-image-tags">
      <div class="tool-media">
        <FittedImage media={media} sha256={image.sha256} alt="The picture to tag" />
      </div>
      <aside class="tool-side">
        <fieldset>
          <legend>Tags in this picture</legend>
          {labels.map((l, i) => (
            <label key={l.name} class="choice">
              <input type="checkbox" checked={tool.state.includes(l.name)} onChange={() => toggle(l.name)} />
              <span class="swatch" style={{ background: labelColor(labels, l.name) }} aria-hidden="true" />
              {i < 10 && <kbd aria-hidden="true">{(i + 1) % 10}</kbd>} {l.name}
            </label>
          ))}
        </fieldset>
        <p class="muted">{tool.state.length === 0 ? 'No tags: submit as is if none applies.' : `${tool.state.length} tagged`}</p>
        <UndoBar {...tool} />
      </aside>
    </div>
  );
}
