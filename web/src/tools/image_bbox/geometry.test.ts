import { describe, expect, it } from 'vitest';
import {
  boxFromCorners,
  fitView,
  handleAt,
  hitTest,
  moveBox,
  nudge,
  pan,
  resizeBox,
  toImage,
  toPayload,
  toScreen,
  zoomAt,
} from './geometry';

const image = { width: 400, height: 300 };

describe('view transform', () => {
  it('fits and centres the image', () => {
    expect(fitView(image, { width: 800, height: 800 })).toEqual({ scale: 2, offsetX: 0, offsetY: 100 });
  });
  it('zooms around the anchor point', () => {
    const view = { scale: 1, offsetX: 0, offsetY: 0 };
    const zoomed = zoomAt(view, 2, { x: 100, y: 50 });
    expect(toImage(zoomed, { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
    expect(zoomed.scale).toBe(2);
    expect(toScreen(zoomed, { x: 0, y: 0 })).toEqual({ x: -100, y: -50 });
    expect(zoomAt(view, 1e9, { x: 0, y: 0 }).scale).toBe(40);
  });
  it('pans and maps points both ways', () => {
    const view = pan({ scale: 2, offsetX: 10, offsetY: 20 }, 5, -5);
    const p = { x: 33, y: 44 };
    expect(toImage(view, toScreen(view, p))).toEqual(p);
  });
});

describe('boxes', () => {
  it('draws from any two corners, clipped to the image', () => {
    expect(boxFromCorners({ x: 50, y: 60 }, { x: 10, y: 20 }, image)).toEqual({ x: 10, y: 20, w: 40, h: 40 });
    expect(boxFromCorners({ x: -10, y: -10 }, { x: 500, y: 20 }, image)).toEqual({ x: 0, y: 0, w: 400, h: 20 });
  });
  it('selects the smallest box under the pointer', () => {
    const boxes = [
      { id: 'big', x: 0, y: 0, w: 100, h: 100 },
      { id: 'small', x: 10, y: 10, w: 10, h: 10 },
    ];
    expect(hitTest(boxes, { x: 15, y: 15 })).toBe('small');
    expect(hitTest(boxes, { x: 50, y: 50 })).toBe('big');
    expect(hitTest(boxes, { x: 150, y: 50 })).toBeNull();
  });
  it('finds resize handles', () => {
    const box = { x: 10, y: 10, w: 100, h: 50 };
    expect(handleAt(box, { x: 11, y: 9 }, 3)).toBe('nw');
    expect(handleAt(box, { x: 110, y: 60 }, 3)).toBe('se');
    expect(handleAt(box, { x: 60, y: 60 }, 3)).toBe('s');
    expect(handleAt(box, { x: 60, y: 35 }, 3)).toBeNull();
  });
  it('moves inside the image', () => {
    const box = { x: 10, y: 10, w: 100, h: 50 };
    expect(moveBox(box, 5, 5, image)).toEqual({ x: 15, y: 15, w: 100, h: 50 });
    expect(moveBox(box, 1000, -1000, image)).toEqual({ x: 300, y: 0, w: 100, h: 50 });
  });
  it('resizes from a handle, flipping when edges cross', () => {
    const box = { x: 10, y: 10, w: 100, h: 50 };
    expect(resizeBox(box, 'se', { x: 200, y: 100 }, image)).toEqual({ x: 10, y: 10, w: 190, h: 90 });
    expect(resizeBox(box, 'w', { x: 150, y: 0 }, image)).toEqual({ x: 110, y: 10, w: 40, h: 50 });
    expect(resizeBox(box, 'n', { x: 0, y: 60 }, image)).toEqual({ x: 10, y: 60, w: 100, h: 1 });
    expect(resizeBox(box, 'ne', { x: 900, y: -5 }, image)).toEqual({ x: 10, y: 0, w: 390, h: 60 });
  });
  it('nudges with the keyboard', () => {
    const box = { x: 10, y: 10, w: 100, h: 50 };
    expect(nudge(box, -1, 0, false, image)).toEqual({ x: 9, y: 10, w: 100, h: 50 });
    expect(nudge(box, 10, -100, true, image)).toEqual({ x: 10, y: 10, w: 110, h: 1 });
  });
  it('produces exactly the contract payload', () => {
    const boxes = [{ id: 'b1', label: 'car', x: 1, y: 2, w: 3, h: 4, selected: true } as never];
    expect(toPayload(boxes)).toEqual({ boxes: [{ id: 'b1', label: 'car', x: 1, y: 2, w: 3, h: 4 }] });
  });
});
