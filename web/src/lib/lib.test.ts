import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, push, redo, replace, start, undo, HISTORY_LIMIT } from './history';
import { isPublic, parseRoute, pathOf } from './router';

describe('history', () => {
  it('undoes and redoes', () => {
    let h = start(1);
    h = push(h, 2);
    h = push(h, 3);
    h = undo(h);
    expect(h.present).toBe(2);
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present).toBe(3);
    h = undo(undo(undo(undo(h))));
    expect(h.present).toBe(1);
    expect(canUndo(h)).toBe(false);
  });
  it('drops the redo branch on a new edit, and replace adds no step', () => {
    let h = push(push(start('a'), 'b'), 'c');
    h = push(undo(h), 'd');
    expect(canRedo(h)).toBe(false);
    expect(replace(h, 'e').past).toEqual(['a', 'b']);
  });
  it('is bounded', () => {
    let h = start(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = push(h, i);
    expect(h.past.length).toBe(HISTORY_LIMIT);
  });
});

describe('router', () => {
  it('parses and prints every route', () => {
    const paths = ['/', '/login', '/signup', '/orgs', '/orgs/3', '/projects/12', '/work', '/earnings', '/assignments/9', '/play/sample/video_track', '/review', '/reviews/4', '/disputes', '/disputes/5', '/notices', '/sanctions', '/reports/transparency', '/audit'];
    for (const path of paths) expect(pathOf(parseRoute(path))).toBe(path);
    expect(parseRoute('/orgs/3/')).toEqual({ name: 'org', orgId: 3 });
  });
  it('refuses odd ids and unknown paths', () => {
    expect(parseRoute('/orgs/0').name).toBe('not_found');
    expect(parseRoute('/orgs/abc').name).toBe('not_found');
    expect(parseRoute('/play/sample/nope').name).toBe('not_found');
  });
  it('keeps only local next= targets', () => {
    expect(parseRoute('/login', '?next=/orgs/2')).toEqual({ name: 'login', next: '/orgs/2' });
    expect(parseRoute('/disputes', '?about=sanction:3')).toEqual({ name: 'disputes', about: 'sanction:3' });
    expect(pathOf({ name: 'disputes', about: 'sanction:3' })).toBe('/disputes?about=sanction%3A3');
    expect(parseRoute('/disputes', '?about=user:3')).toEqual({ name: 'disputes' });
    expect(parseRoute('/login', '?next=//evil.example')).toEqual({ name: 'login' });
    expect(parseRoute('/login', '?next=https://evil.example')).toEqual({ name: 'login' });
    expect(isPublic(parseRoute('/signup'))).toBe(true);
    expect(isPublic(parseRoute('/orgs'))).toBe(false);
  });
});

import { parseMarkdown } from './markdown';

describe('markdown subset', () => {
  it('parses headings, lists, paragraphs and inline marks', () => {
    expect(parseMarkdown('# Rules\n1. Tag every **cat**.\n2. Use `car`.\n\nSome\ntext.\n- a\n- b')).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Rules' }] },
      {
        kind: 'ordered',
        start: 1,
        items: [
          [{ kind: 'text', text: 'Tag every ' }, { kind: 'bold', text: 'cat' }, { kind: 'text', text: '.' }],
          [{ kind: 'text', text: 'Use ' }, { kind: 'code', text: 'car' }, { kind: 'text', text: '.' }],
        ],
      },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Some text.' }] },
      { kind: 'bullets', items: [[{ kind: 'text', text: 'a' }], [{ kind: 'text', text: 'b' }]] },
    ]);
  });
  it('keeps markup as text', () => {
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([
      { kind: 'paragraph', content: [{ kind: 'text', text: '<script>alert(1)</script>' }] },
    ]);
  });
});

import { formatMoney } from './money';

describe('money', () => {
  it('formats minor units without floating point', () => {
    expect(formatMoney(1250, 'EUR')).toBe('EUR 12.50');
    expect(formatMoney(5, 'USD')).toBe('USD 0.05');
    expect(formatMoney(-123456789, 'USD')).toBe('-USD 1,234,567.89');
    expect(formatMoney(1500, 'JPY')).toBe('JPY 1,500');
    expect(formatMoney(1234, 'KWD')).toBe('KWD 1.234');
  });
});
