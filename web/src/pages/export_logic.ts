// Which export formats fit a project's task type (the server's
// formats::check_format_fits), and the request and file name for one.

export interface ExportFormat {
  id: string; // the server's ?format= value
  label: string;
  file: 'json' | 'jsonl' | 'tar';
}

const ALL: ExportFormat[] = [
  { id: 'coco', label: 'COCO instances (JSON)', file: 'json' },
  { id: 'yolo', label: 'YOLO (labels + data.yaml, tar)', file: 'tar' },
  { id: 'voc', label: 'Pascal VOC XML (tar)', file: 'tar' },
  { id: 'mot', label: 'MOTChallenge gt.txt (tar)', file: 'tar' },
  { id: 'cvat-video', label: 'CVAT for video 1.1 XML (tar)', file: 'tar' },
  { id: 'label-studio', label: 'Label Studio JSON', file: 'json' },
  { id: 'jsonl', label: 'JSON Lines', file: 'jsonl' },
];

const FITS: Record<string, string[]> = {
  image_bbox: ['coco', 'yolo', 'voc', 'label-studio', 'jsonl'],
  video_track: ['mot', 'cvat-video', 'label-studio', 'jsonl'],
  classification: ['label-studio', 'jsonl'],
  image_tags: ['label-studio', 'jsonl'],
  text_edit: ['label-studio', 'jsonl'],
  text_rank: ['label-studio', 'jsonl'],
};

/** The formats a project of `taskType` can be exported in, JSONL last. */
export function exportFormatsFor(taskType: string): ExportFormat[] {
  const fits = FITS[taskType] ?? ['jsonl'];
  return ALL.filter((f) => fits.includes(f.id));
}

export interface ExportChoice {
  format: string;
  submissions: boolean; // every accepted submission instead of the aggregated results
  provenance: boolean; // worker pseudonyms, answer counts, agreement and confidence
}

/** The API path of the export (GET, with the bearer token). */
export function exportPath(projectId: number, choice: ExportChoice): string {
  const query = new URLSearchParams({ format: choice.format });
  if (choice.submissions) query.set('submissions', 'true');
  if (choice.provenance) query.set('provenance', 'true');
  return `/projects/${projectId}/export?${query.toString()}`;
}

/** The server's own name for the download: project-<id>-<format>.<json|jsonl|tar>. */
export function exportFileName(projectId: number, format: string): string {
  const known = ALL.find((f) => f.id === format);
  return `project-${projectId}-${format}.${known ? known.file : 'json'}`;
}
