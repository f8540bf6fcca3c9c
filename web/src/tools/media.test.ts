import { describe, expect, it } from 'vitest';
import { DecodeCache, type Drawable } from './media';
import { parseSampleId, sampleId, sceneObjects } from './scene';

describe('DecodeCache', () => {
  it('decodes once, evicts the least recently used, and retries failures', async () => {
    const decoded: string[] = [];
    const closed: string[] = [];
    const cache = new DecodeCache(async (key) => {
      decoded.push(key);
      if (key === 'bad') throw new Error('404');
      return { width: 1, height: 1, close: () => closed.push(key) } as unknown as Drawable;
    }, 2);
    await cache.get('a');
    await cache.get('b');
    await cache.get('a'); // a is now the most recent
    await cache.get('c'); // evicts b
    await cache.get('a');
    expect(decoded).toEqual(['a', 'b', 'c']);
    await new Promise((r) => setTimeout(r));
    expect(closed).toEqual(['b']);
    await expect(cache.get('bad')).rejects.toThrow('404');
    await expect(cache.get('bad')).rejects.toThrow('404');
    expect(decoded.filter((k) => k === 'bad')).toHaveLength(2);
  });
});

describe('practice scenes', () => {
  it('round-trips sample ids and draws deterministic, moving objects', () => {
    const id = sampleId(14, 7, 1280, 720);
    expect(parseSampleId(id)).toEqual({ seed: 14, frame: 7, width: 1280, height: 720 });
    expect(parseSampleId('abc')).toBeNull();
    const a = sceneObjects(1280, 720, 7, 14);
    expect(sceneObjects(1280, 720, 7, 14)).toEqual(a);
    const later = sceneObjects(1280, 720, 8, 14);
    const car = a.findIndex((o) => o.kind === 'car');
    expect(later[car].x).not.toBe(a[car].x);
    expect(new Set(a.map((o) => o.kind))).toEqual(new Set(['palm tree', 'car', 'pedestrian']));
  });
});
