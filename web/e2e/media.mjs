// Media helpers for the browser tests: drawing frames in the page and
// uploading them through the real media route, and checking that a canvas
// shows a picture rather than an empty fill.

/**
 * In `page` (logged in: its token is in localStorage), draws `count` frames
 * of `width`×`height` — a gradient sky, a road, speckle (so the encoder has
 * detail to keep) and a box that moves with the frame number — encodes
 * them as `type` (image/png or image/jpeg), with ±`noise` grain on every
 * pixel when asked, and uploads each with POST
 * /api/v1/projects/{projectId}/media. Returns the image references.
 */
export function uploadDrawnFrames(page, projectId, count, width = 640, height = 360, type = 'image/png', noise = 0) {
  return page.evaluate(
    async ({ projectId, count, width, height, type, noise }) => {
      const token = localStorage.getItem('fairlabel.token');
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      const refs = [];
      for (let f = 0; f < count; f++) {
        const sky = g.createLinearGradient(0, 0, 0, height);
        sky.addColorStop(0, '#6fa8dc');
        sky.addColorStop(1, '#d9ead3');
        g.fillStyle = sky;
        g.fillRect(0, 0, width, height);
        g.fillStyle = '#555';
        g.fillRect(0, height * 0.7, width, height * 0.3);
        for (let i = 0; i < 400; i++) {
          // Deterministic speckle: the same frame number gives the same picture.
          const x = (i * 7919 + f * 104729) % width;
          const y = (i * 6271 + f * 15485863) % height;
          g.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
          g.fillRect(x, y, 3 + (i % 5), 3 + (i % 3));
        }
        g.fillStyle = '#c0392b';
        g.fillRect(((f * 7) % (width - 80)) + 10, height * 0.45, 60, 90);
        if (noise > 0) {
          // Sensor-like grain, so a JPEG is as large as a photograph's (xorshift: deterministic).
          const pixels = g.getImageData(0, 0, width, height);
          let x = 2463534242 ^ f;
          for (let i = 0; i < pixels.data.length; i += 4) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            const d = (x % (2 * noise + 1)) - noise;
            pixels.data[i] += d;
            pixels.data[i + 1] += d;
            pixels.data[i + 2] += d;
          }
          g.putImageData(pixels, 0, 0);
        }
        g.fillStyle = '#fff';
        g.font = '24px sans-serif';
        g.fillText(`frame ${f}`, 12, 30);
        const blob = await new Promise((resolve) => canvas.toBlob(resolve, type, 0.9));
        const response = await fetch(`/api/v1/projects/${projectId}/media`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
          body: blob,
        });
        if (!response.ok) throw new Error(`media upload: ${response.status} ${await response.text()}`);
        refs.push(await response.json());
      }
      return refs;
    },
    { projectId, count, width, height, type, noise },
  );
}

/**
 * How many distinct colours (quantised to 4 bits per channel) a grid of
 * samples over the canvas shows once it has drawn. An empty frame fill
 * gives 1 or 2; a picture gives many.
 */
export async function canvasColours(locator) {
  return locator.evaluate((canvas) => {
    const g = canvas.getContext('2d');
    const { width, height } = canvas;
    const colours = new Set();
    for (let i = 1; i < 40; i++) {
      for (let j = 1; j < 40; j++) {
        const [r, gr, b] = g.getImageData(Math.floor((width * i) / 40), Math.floor((height * j) / 40), 1, 1).data;
        colours.add(((r >> 4) << 8) | ((gr >> 4) << 4) | (b >> 4));
      }
    }
    return colours.size;
  });
}

/** Waits (polling the page, up to 10 s) until the canvas shows at least `minimum` colours. */
export async function waitForPicture(page, locator, minimum = 6) {
  const deadline = Date.now() + 10_000;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await canvasColours(locator);
    if (seen >= minimum) return seen;
    await page.waitForTimeout(100); // the decode runs in the browser; nothing to await from here
  }
  throw new Error(`the canvas shows ${seen} colours: no picture was drawn`);
}
