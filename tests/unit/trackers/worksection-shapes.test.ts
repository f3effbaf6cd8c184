import { describe, expect, it } from 'vitest';
import { worksectionError } from '../../../lib/trackers/worksection/errors';
import { accountOwnerEmail, commentPlaces, parseFiles } from '../../../lib/trackers/worksection/parse';
import { errors, getCommentsWithFiles, getFiles, getUsers } from './fixtures/worksection';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('worksection parsers on the vendor’s own examples', () => {
  it('reads get_files: string sizes, authors, dates, unknown fields ignored', () => {
    const attachments = parseFiles(getFiles.data, () => ({ kind: 'project' }));
    expect(attachments).toEqual([
      {
        id: '16246',
        name: 'Text file.docx',
        size: 111303,
        sizeExact: true,
        author: 'Henry Gardner',
        createdAt: '2021-01-01T10:00:00',
        place: { kind: 'project' },
      },
      {
        id: '16242',
        name: 'Image file.jpeg',
        size: 73444,
        sizeExact: true,
        author: 'Frank Harper',
        createdAt: '2022-01-01T10:00:00',
        place: { kind: 'project' },
      },
    ]);
  });

  it('places each file of get_comments&extra=files in its comment', () => {
    const places = commentPlaces(getCommentsWithFiles.data);
    expect(places.get('17362')).toEqual({
      kind: 'comment',
      commentId: '19086',
      author: 'Henry Gardner',
      date: '2021-01-02T11:21:00',
    });
    expect(places.get('17354')).toMatchObject({ kind: 'comment', commentId: '19078', author: 'Frank Harper' });
    expect(places.size).toBe(3);
  });

  it('finds the account owner in get_users, whatever the case of the role', () => {
    expect(accountOwnerEmail(getUsers.data)).toBe('henry.gardner@ws.com');
    // python-api-client models/user_role_enum.py spells it lower case.
    const lower = getUsers.data.map((user) => ({ ...user, role: user.role.toLowerCase() }));
    expect(accountOwnerEmail(lower)).toBe('henry.gardner@ws.com');
    const noOwner = getUsers.data.filter((user) => user.role !== 'Owner');
    expect(accountOwnerEmail(noOwner)).toBe('frank.harper@ws.com');
    expect(accountOwnerEmail(getUsers.data.filter((user) => user.role === 'User'))).toBeUndefined();
    expect(accountOwnerEmail({ status: 'ok' })).toBeUndefined();
  });
});

describe('worksection error classification', () => {
  it('goes by the vendor’s status_code in a 200 answer', () => {
    expect(worksectionError(json(200, errors.hash), errors.hash, []).kind).toBe('auth');
    expect(worksectionError(json(200, errors.task), errors.task, []).kind).toBe('not-found');
    expect(worksectionError(json(200, errors.project), errors.project, []).kind).toBe('not-found');
    expect(worksectionError(json(200, errors.file), errors.file, []).kind).toBe('not-found');
    const field = worksectionError(json(200, errors.field), errors.field, []);
    expect(field.kind).toBe('unexpected');
    expect(field.details).toMatchObject({ code: '10', detail: 'Field is required: email' });
  });

  it('prefers the body’s code to the HTTP status, and falls back to the status', () => {
    expect(worksectionError(json(500, errors.hash), errors.hash, []).kind).toBe('auth');
    const unauthorized = { status: 'error', status_code: 401, message: 'Unauthorized' };
    expect(worksectionError(json(401, unauthorized), unauthorized, []).kind).toBe('auth');
    expect(worksectionError(new Response('', { status: 401 }), undefined, []).kind).toBe('auth');
    const busy = { status: 'error', status_code: 429, message: 'Too many requests' };
    const limited = worksectionError(json(429, busy, { 'retry-after': '3' }), busy, []);
    expect(limited.kind).toBe('rate-limited');
    expect(limited.details.retryAfterMs).toBe(3000);
  });

  it('keeps the key out of the message', () => {
    const body = { status: 'error', status_code: 10, message: 'Field is required', message_details: 'key-12345' };
    expect(worksectionError(json(200, body), body, ['key-12345']).message).not.toContain('key-12345');
  });
});
