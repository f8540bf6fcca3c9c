// Where the task tools get pixels from. Media are addressed by sha256
// (docs/task-types.md); on the server they need the bearer token, so they
// are fetched and decoded off the main thread (createImageBitmap) rather
// than put in <img src>. Decoded frames are cached (bounded) and the video
// tool prefetches ahead of the playhead.

import type { Api } from '../api/client';
import { drawStreetScene, parseSampleId } from './scene';

export type Drawable = (ImageBitmap | HTMLCanvasElement) & { width: number; height: number };

export interface MediaSource {
  load(sha256: string): Promise<Drawable>;
}

/** A bounded cache of decodes in flight or done, oldest evicted first. */
export class DecodeCache {
  private readonly entries = new Map<string, Promise<Drawable>>();
  constructor(
    private readonly decode: (key: string) => Promise<Drawable>,
    private readonly limit = 160,
  ) {}
  get(key: string): Promise<Drawable> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // re-insert: most recently used last
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.decode(key);
    pending.catch(() => this.entries.delete(key)); // a failed fetch may be retried
    this.entries.set(key, pending);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      const evicted = this.entries.get(oldest);
      this.entries.delete(oldest);
      evicted?.then((d) => 'close' in d && d.close()).catch(() => undefined);
    }
    return pending;
  }
}

export class ServerMedia implements MediaSource {
  private readonly cache: DecodeCache;
  constructor(api: Api) {
    this.cache = new DecodeCache(async (sha) => (await createImageBitmap(await api.mediaBlob(sha))) as Drawable);
  }
  load(sha256: string) {
    return this.cache.get(sha256);
  }
}

/** Procedurally drawn street scenes for the practice tasks (no server, no files). */
export class SampleMedia implements MediaSource {
  private readonly cache = new DecodeCache(async (id) => {
    const sample = parseSampleId(id);
    if (!sample) throw new Error(`not a sample media id: ${id}`);
    const canvas = document.createElement('canvas');
    canvas.width = sample.width;
    canvas.height = sample.height;
    drawStreetScene(canvas.getContext('2d')!, sample.width, sample.height, sample.frame, sample.seed);
    return canvas as Drawable;
  }, 400);
  load(id: string) {
    return this.cache.get(id);
  }
}
