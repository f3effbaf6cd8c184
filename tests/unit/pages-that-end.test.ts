import { describe, expect, it } from 'vitest';
import { pagesThatEnd } from '../../lib/trackers/pages-that-end';
import { nextCommentsAfter } from '../../lib/trackers/yandex-tracker/parse';

describe('paged lists that must end', () => {
  it('ends a list that shifted while it was read, and fails one whose same page comes again', () => {
    const shifted = pagesThatEnd('planfix', 'file.getListForTask');
    expect(shifted.take(['a', 'b', 'c'])).toBe(true);
    // A file added ahead of the end pushed `c` onto the next page: nothing new, the list is whole.
    expect(shifted.take(['c'])).toBe(false);

    const repeating = pagesThatEnd('planfix', 'file.getListForTask');
    expect(repeating.take(['a'])).toBe(true);
    expect(() => repeating.take(['a'])).toThrow(/the pages do not end/);
  });

  it('takes the next comments from a relative Link too, and an empty page ends them', () => {
    const page = [{ id: 1 }, { id: 2 }];
    expect(nextCommentsAfter('</v2/issues/K-1/comments?expand=attachments&id=2>; rel="next"', page, 2)).toBe('2');
    expect(nextCommentsAfter('<https://api.tracker.yandex.net/v2/issues/K-1/comments>; rel="first"', page, 2)).toBe(
      undefined,
    );
    const ending = pagesThatEnd('yandex-tracker', 'comments');
    expect(ending.take([])).toBe(false);
  });
});
