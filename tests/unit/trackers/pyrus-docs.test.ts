import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../lib/errors';
import type { HttpResponse } from '../../../lib/http/client';
import { parseTask } from '../../../lib/trackers/pyrus/parse';
import { pyrusFailure } from '../../../lib/trackers/pyrus/session';
import { fileFieldValue, formTask, revokedTokenError, simpleTask } from './fixtures/pyrus';

/** An answer as the transport hands it over: the client's classifier reads nothing else. */
function answer(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

const errorBody = (code: string) => JSON.stringify({ error_code: code, error: 'the words may change' });

async function kindOf(response: HttpResponse): Promise<AppError> {
  return pyrusFailure(response, []);
}

describe('the Pyrus parser reads the docs’ own examples', () => {
  it('reads a simple task whose comments carry no files and no attachments key', () => {
    expect(parseTask(simpleTask)).toEqual({ title: 'Help with printer', attachments: [] });
  });

  it('reads a form task’s file field, its string id too', () => {
    const { attachments } = parseTask(formTask);
    expect(attachments).toEqual([
      {
        id: '17563',
        name: 'S15294-16.pdf',
        size: 541512,
        sizeExact: true,
        md5: '202cb962ac59075b964b07152d234b70',
        createdAt: '2017-08-17T14:31:18.000Z',
        author: undefined,
        place: { kind: 'field', field: 'Documents' },
      },
    ]);
  });

  it('takes dates with and without fractions of a second, and without a zone, as the same UTC moment', () => {
    const [comment] = simpleTask.task.comments;
    const withFiles = (date: string) =>
      parseTask({
        task: { ...simpleTask.task, comments: [{ ...comment, create_date: date, attachments: fileFieldValue }] },
      }).attachments[0];
    const expected = '2017-08-17T15:32:11.000Z';
    expect(withFiles('2017-08-17T15:32:11Z')?.createdAt).toBe(expected);
    expect(withFiles('2017-08-17T15:32:11.0000000Z')?.createdAt).toBe(expected);
    expect(withFiles('2017-08-17T15:32:11')?.createdAt).toBe(expected);
    expect(withFiles('2017-08-17T18:32:11+0300')?.createdAt).toBe(expected);
    expect(withFiles('2017-08-17T15:32:11.5Z')?.createdAt).toBe('2017-08-17T15:32:11.500Z');
    expect(withFiles('yesterday')?.createdAt).toBeUndefined();
    expect(withFiles('yesterday')?.place).toMatchObject({ kind: 'comment', commentId: '13767', author: 'Bob Smith' });
  });

  it('copes with a task that has nothing but an id', () => {
    expect(parseTask({ task: { id: 1 } })).toEqual({ title: undefined, attachments: [] });
  });
});

describe('Pyrus errors are told by their code first, their status second', () => {
  it('reads the docs’ error example', async () => {
    const error = await kindOf(answer(401, JSON.stringify(revokedTokenError)));
    expect(error).toMatchObject({ kind: 'auth', details: { code: 'revoked_token', status: 401 } });
  });

  it('takes a wrong login or key for what it is, whatever the status', async () => {
    for (const status of [400, 401, 403]) {
      expect((await kindOf(answer(status, errorBody('invalid_credentials')))).kind).toBe('auth');
    }
  });

  it('waits as long as X-RateLimit-Reset says, with no Retry-After', async () => {
    const error = await kindOf(answer(429, errorBody('too_many_requests'), { 'x-ratelimit-reset': '7' }));
    expect(error).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 7000 } });
    const byCode = await kindOf(answer(400, errorBody('too_many_requests'), { 'x-ratelimit-reset': '3' }));
    expect(byCode).toMatchObject({ kind: 'rate-limited', details: { retryAfterMs: 3000 } });
  });

  it('takes a task it may not see for one that is not there, any other denial for forbidden', async () => {
    expect((await kindOf(answer(403, errorBody('access_denied_task')))).kind).toBe('not-found');
    expect((await kindOf(answer(403, errorBody('access_denied_file')))).kind).toBe('forbidden');
    expect((await kindOf(answer(404, errorBody('file_is_missing')))).kind).toBe('not-found');
  });

  it('falls back on the status for codes it does not know, prototype names included', async () => {
    expect((await kindOf(answer(403, errorBody('access_denied_catalog')))).kind).toBe('forbidden');
    expect((await kindOf(answer(400, errorBody('constructor')))).kind).toBe('unexpected');
    expect((await kindOf(answer(400, errorBody('toString')))).kind).toBe('unexpected');
    expect((await kindOf(answer(503, '<html>busy</html>', { 'content-type': 'text/html' }))).kind).toBe('server');
    const plain = await kindOf(answer(400, 'nope', { 'content-type': 'text/plain' }));
    expect(plain).toMatchObject({ kind: 'unexpected', details: { detail: 'HTTP 400' } });
  });
});
