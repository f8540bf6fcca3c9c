// A procedurally drawn street scene — sky, road, palm trees, pedestrians
// walking and cars driving — used for the practice tasks, so every tool can
// be tried without uploaded media. Frame `n` of a scene is deterministic:
// the same id always draws the same picture. Object positions are exposed
// (sceneObjects) so tests and demos know where the things are.

export interface SampleId {
  seed: number;
  frame: number;
  width: number;
  height: number;
}

/** "sample:street:SEED:FRAME:WxH". */
export function sampleId(seed: number, frame: number, width: number, height: number): string {
  return `sample:street:${seed}:${frame}:${width}x${height}`;
}

export function parseSampleId(id: string): SampleId | null {
  const m = /^sample:street:(\d+):(\d+):(\d+)x(\d+)$/.exec(id);
  if (!m) return null;
  return { seed: Number(m[1]), frame: Number(m[2]), width: Number(m[3]), height: Number(m[4]) };
}

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface SceneObject {
  kind: 'pedestrian' | 'car' | 'palm tree';
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
}

/** The objects of frame `frame` in a width×height scene, in drawing order. */
export function sceneObjects(width: number, height: number, frame: number, seed: number): SceneObject[] {
  const rand = random(seed * 7919 + 17);
  const horizon = height * 0.45;
  const objects: SceneObject[] = [];
  const trees = 3 + Math.floor(rand() * 3);
  for (let i = 0; i < trees; i++) {
    const h = height * (0.35 + rand() * 0.15);
    const x = ((i + 0.3 + rand() * 0.4) / trees) * width;
    objects.push({ kind: 'palm tree', x: x - h * 0.3, y: horizon + height * 0.08 - h, w: h * 0.6, h, color: '#2e7d32' });
  }
  const cars = 2 + Math.floor(rand() * 2);
  for (let i = 0; i < cars; i++) {
    const w = width * (0.14 + rand() * 0.05);
    const h = w * 0.45;
    const speed = (rand() * 0.6 + 0.4) * width * 0.006 * (i % 2 ? -1 : 1);
    const start = rand() * width;
    const lane = horizon + height * (0.2 + 0.16 * (i % 2));
    const x = ((((start + speed * frame) % (width + w)) + width + w) % (width + w)) - w;
    const hue = Math.floor(rand() * 360);
    objects.push({ kind: 'car', x, y: lane, w, h, color: `hsl(${hue} 70% 45%)` });
  }
  const people = 2 + Math.floor(rand() * 3);
  for (let i = 0; i < people; i++) {
    const h = height * (0.16 + rand() * 0.05);
    const w = h * 0.35;
    const speed = (rand() * 0.5 + 0.3) * width * 0.002 * (rand() < 0.5 ? -1 : 1);
    const start = rand() * width;
    const x = ((((start + speed * frame) % (width + w)) + width + w) % (width + w)) - w;
    const y = horizon + height * 0.06 + rand() * height * 0.06;
    const hue = Math.floor(rand() * 360);
    objects.push({ kind: 'pedestrian', x, y, w, h, color: `hsl(${hue} 60% 40%)` });
  }
  return objects;
}

export function drawStreetScene(ctx: CanvasRenderingContext2D, width: number, height: number, frame: number, seed: number): void {
  const horizon = height * 0.45;
  const sky = ctx.createLinearGradient(0, 0, 0, horizon);
  sky.addColorStop(0, '#7ec8f0');
  sky.addColorStop(1, '#d8eef9');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, horizon);
  ctx.fillStyle = '#d9c9a3'; // pavement
  ctx.fillRect(0, horizon, width, height * 0.15);
  ctx.fillStyle = '#555b61'; // road
  ctx.fillRect(0, horizon + height * 0.15, width, height - horizon);
  ctx.fillStyle = '#f5f5f5';
  for (let x = -((frame * 3) % 80); x < width; x += 80) ctx.fillRect(x, horizon + height * 0.33, 40, Math.max(2, height * 0.01));
  for (const o of sceneObjects(width, height, frame, seed)) {
    if (o.kind === 'palm tree') {
      ctx.fillStyle = '#8d6e63';
      ctx.fillRect(o.x + o.w * 0.45, o.y + o.h * 0.25, o.w * 0.1, o.h * 0.75);
      ctx.fillStyle = o.color;
      for (let k = 0; k < 6; k++) {
        ctx.beginPath();
        ctx.ellipse(o.x + o.w / 2, o.y + o.h * 0.25, o.w * 0.5, o.h * 0.06, (k * Math.PI) / 6, 0, Math.PI * 2);
        ctx.fill();
      }
    } else if (o.kind === 'car') {
      ctx.fillStyle = o.color;
      ctx.fillRect(o.x, o.y + o.h * 0.35, o.w, o.h * 0.45);
      ctx.fillRect(o.x + o.w * 0.2, o.y, o.w * 0.55, o.h * 0.4);
      ctx.fillStyle = '#bfe3ff';
      ctx.fillRect(o.x + o.w * 0.25, o.y + o.h * 0.06, o.w * 0.2, o.h * 0.28);
      ctx.fillRect(o.x + o.w * 0.5, o.y + o.h * 0.06, o.w * 0.2, o.h * 0.28);
      ctx.fillStyle = '#222';
      for (const wx of [0.2, 0.8]) {
        ctx.beginPath();
        ctx.arc(o.x + o.w * wx, o.y + o.h * 0.82, o.h * 0.18, 0, Math.PI * 2);
        ctx.fill();
      }
    } else {
      ctx.fillStyle = '#f1c27d';
      ctx.beginPath();
      ctx.arc(o.x + o.w / 2, o.y + o.w * 0.45, o.w * 0.4, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = o.color;
      ctx.fillRect(o.x + o.w * 0.1, o.y + o.w * 0.9, o.w * 0.8, o.h * 0.45);
      ctx.fillStyle = '#333';
      const step = Math.sin(frame * 0.6) * o.w * 0.15;
      ctx.fillRect(o.x + o.w * 0.2 + step, o.y + o.h * 0.6, o.w * 0.22, o.h * 0.4);
      ctx.fillRect(o.x + o.w * 0.58 - step, o.y + o.h * 0.6, o.w * 0.22, o.h * 0.4);
    }
  }
}
