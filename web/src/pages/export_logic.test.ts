import { describe, expect, it } from 'vitest';
import { exportFileName, exportFormatsFor, exportPath } from './export_logic';

describe('export formats', () => {
  it('offers what the server accepts for each task type', () => {
    expect(exportFormatsFor('image_bbox').map((f) => f.id)).toEqual(['coco', 'yolo', 'voc', 'label-studio', 'jsonl']);
    expect(exportFormatsFor('video_track').map((f) => f.id)).toEqual(['mot', 'cvat-video', 'label-studio', 'jsonl']);
    expect(exportFormatsFor('text_rank').map((f) => f.id)).toEqual(['label-studio', 'jsonl']);
    expect(exportFormatsFor('classification').map((f) => f.id)).toEqual(['label-studio', 'jsonl']);
    expect(exportFormatsFor('something new').map((f) => f.id)).toEqual(['jsonl']);
  });

  it('builds the request and the file name', () => {
    expect(exportPath(7, { format: 'coco', submissions: false, provenance: false })).toBe(
      '/projects/7/export?format=coco',
    );
    expect(exportPath(7, { format: 'label-studio', submissions: true, provenance: true })).toBe(
      '/projects/7/export?format=label-studio&submissions=true&provenance=true',
    );
    expect(exportFileName(7, 'yolo')).toBe('project-7-yolo.tar');
    expect(exportFileName(7, 'jsonl')).toBe('project-7-jsonl.jsonl');
    expect(exportFileName(7, 'coco')).toBe('project-7-coco.json');
  });
});
