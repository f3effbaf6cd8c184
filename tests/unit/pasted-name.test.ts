import { describe, expect, it } from 'vitest';
import { fileStamp, pastedName } from '../../components/toolbar/pasted-name';

describe('the name a pasted file is offered under', () => {
  const now = new Date(2026, 11, 1, 9, 5, 7);

  it('names a clipboard image (the browser calls it image.png) by the local date and time of the paste', () => {
    expect(pastedName({ name: 'image.png', type: 'image/png' }, now)).toBe('Pasted image 2026-12-01 09-05-07.png');
    expect(pastedName({ name: 'image.JPEG', type: 'image/jpeg' }, now)).toBe('Pasted image 2026-12-01 09-05-07.jpeg');
    expect(pastedName({ name: '', type: 'image/webp' }, now)).toBe('Pasted image 2026-12-01 09-05-07.webp');
  });

  it('keeps the name of a file copied in the file manager, image or not', () => {
    expect(pastedName({ name: 'Скриншот ошибки.png', type: 'image/png' }, now)).toBe('Скриншот ошибки.png');
    expect(pastedName({ name: 'report.pdf', type: 'application/pdf' }, now)).toBe('report.pdf');
    expect(pastedName({ name: 'image.png', type: '' }, now)).toBe('image.png');
  });

  it('writes the time without characters file systems refuse', () => {
    expect(fileStamp(now)).toBe('2026-12-01 09-05-07');
    expect(fileStamp(now)).not.toMatch(/[<>:"/\\|?*]/);
  });
});
