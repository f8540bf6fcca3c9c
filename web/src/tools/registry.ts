// Task types: their names for people, and the tool component that plays each.

import type { TaskType } from '../api/types';

export const TASK_TYPE_NAMES: Record<TaskType, string> = {
  classification: 'Classification',
  image_tags: 'Image tags',
  image_bbox: 'Image boxes',
  video_track: 'Video tracking',
  text_edit: 'Text editing',
  text_rank: 'Text ranking',
};
