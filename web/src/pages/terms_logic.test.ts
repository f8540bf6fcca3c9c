import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Announcement } from '../api/types';
import {
  allowedScopes,
  checkAnnouncementForm,
  checkTermsText,
  evidenceLines,
  whyHeldText,
  isTermsRefusal,
  needsAcceptance,
  newestAnnouncements,
  verdictOutcome,
  versionInDetail,
} from './terms_logic';

describe('terms', () => {
  it('recognises a claim refused for unaccepted terms, and the version it names', () => {
    const refusal = new ApiError(403, 'terms_not_accepted', 'the platform terms changed: accept version 3 before claiming work');
    expect(isTermsRefusal(refusal)).toBe(true);
    expect(isTermsRefusal(new ApiError(403, 'forbidden', 'no'))).toBe(false);
    expect(isTermsRefusal(new Error('terms_not_accepted'))).toBe(false);
    expect(versionInDetail(refusal.detail)).toBe(3);
    expect(versionInDetail('no version here')).toBeNull();
  });
  it('needs acceptance only when a version is in force and not accepted', () => {
    expect(needsAcceptance(null)).toBe(false);
    expect(needsAcceptance({ current_version: null, accepted: null, acceptance_required: false })).toBe(false);
    expect(needsAcceptance({ current_version: 2, accepted: null, acceptance_required: true })).toBe(true);
    expect(
      needsAcceptance({ current_version: 2, accepted: { user_id: 1, version: 2, accepted_at: '2026-01-01T00:00:00Z' }, acceptance_required: false }),
    ).toBe(false);
  });
  it('checks the text of new terms', () => {
    expect(checkTermsText('  ').errors['/text']).toBeDefined();
    expect(checkTermsText('x'.repeat(100_001)).errors['/text']).toBe('At most 100 000 characters.');
    expect(checkTermsText(' Be fair. ')).toEqual({ errors: {}, body: { text: 'Be fair.' } });
  });
});

describe('announcements', () => {
  it('offers each role only the scopes it may post to', () => {
    expect(allowedScopes(['admin'])).toEqual(['all_workers', 'project']);
    expect(allowedScopes(['council'])).toEqual(['all_workers']);
    expect(allowedScopes(['requester'])).toEqual(['project']);
    expect(allowedScopes(['worker', 'reviewer'])).toEqual([]);
  });
  it('checks the form, every problem at once', () => {
    const { errors, body } = checkAnnouncementForm({ scope: '', projectId: '', title: ' ', body: '', language: 'not a tag!' }, ['project']);
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['/body', '/language', '/scope', '/title']);
    expect(checkAnnouncementForm({ scope: 'all_workers', projectId: '', title: 't', body: 'b', language: '' }, ['project']).errors['/scope']).toBeDefined();
    expect(checkAnnouncementForm({ scope: 'project', projectId: '', title: 't', body: 'b', language: '' }, ['project']).errors['/project_id']).toBe(
      'Choose a project.',
    );
  });
  it('builds the body, with a project id and language only when given', () => {
    expect(checkAnnouncementForm({ scope: 'project', projectId: '7', title: ' Pay day ', body: ' Friday ', language: 'fil' }, ['project']).body).toEqual({
      scope: 'project',
      project_id: 7,
      title: 'Pay day',
      body: 'Friday',
      language: 'fil',
    });
    expect(checkAnnouncementForm({ scope: 'all_workers', projectId: '7', title: 't', body: 'b', language: '' }, ['all_workers']).body).toEqual({
      scope: 'all_workers',
      title: 't',
      body: 'b',
    });
  });
  it('sorts newest first', () => {
    const a = (id: number, at: string): Announcement => ({
      id,
      scope: 'all_workers',
      project_id: null,
      title: '',
      body: '',
      language: null,
      author_id: 1,
      published_at: at,
    });
    const sorted = newestAnnouncements([a(1, '2026-01-01T00:00:00Z'), a(3, '2026-02-01T00:00:00Z'), a(2, '2026-02-01T00:00:00Z')]);
    expect(sorted.map((x) => x.id)).toEqual([3, 2, 1]);
  });
});

describe('held rejections', () => {
  it('reads the evidence as lines', () => {
    expect(evidenceLines([{ kind: 'task', note: 'says car' }, { kind: 'box', box_id: 'b1' }])).toEqual(['task: says car', 'box: {"box_id":"b1"}']);
    expect(evidenceLines(null)).toEqual([]);
  });
  it('says why a rejection is held, from the object the server sends', () => {
    expect(whyHeldText({ reason: 'the worker opened a dispute in the last 30 days', dispute_id: 4 })).toBe(
      'the worker opened a dispute in the last 30 days (dispute #4)',
    );
    expect(whyHeldText('a recent dispute')).toBe('a recent dispute');
    expect(whyHeldText({ flag: 2 })).toBe('{"flag":2}');
    expect(whyHeldText(null)).toBe('');
  });
  it('tells the reviewer plainly when a rejection is held', () => {
    expect(verdictOutcome('Reject', 5, { held_for_approval: true })).toEqual({
      held: true,
      message: expect.stringContaining('waits for a second admin'),
    });
    expect(verdictOutcome('Reject', 5, { status: 'rejected' })).toEqual({ held: false, message: 'Reject: recorded for task 5.' });
  });
});
