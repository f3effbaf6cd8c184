import { describe, expect, it } from 'vitest';
import { resourceName } from '../../lib/context-menu/resource-name';

/**
 * A Content-Disposition header as fetch gives it when the server sent it as raw UTF-8: Headers.get() returns the
 * header's bytes one character a byte (a ByteString).
 */
function receivedAsUtf8(header: string): string | null {
  const bytes = Array.from(new TextEncoder().encode(header), (byte) => String.fromCharCode(byte)).join('');
  return new Headers({ 'content-disposition': bytes }).get('content-disposition');
}

describe('the name "Attach to task" gives a fetched resource', () => {
  it('reads a name sent as raw UTF-8 as UTF-8, not as Latin-1 mojibake', () => {
    expect(
      resourceName('https://x.ru/dl', receivedAsUtf8('attachment; filename="Отчёт за май.pdf"'), 'application/pdf'),
    ).toBe('Отчёт за май.pdf');
    // Bytes that are not UTF-8 are still read as Latin-1: 0xE9 is é.
    expect(resourceName('https://x.fr/dl', 'attachment; filename="caf\u00e9.pdf"', 'application/pdf')).toBe('café.pdf');
  });

  it('still prefers filename*, decoded as it declares, over a raw UTF-8 filename', () => {
    const both = `attachment; filename="Черновик.pdf"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82.pdf`;
    expect(resourceName('https://x.ru/dl', receivedAsUtf8(both), 'application/pdf')).toBe('Отчёт.pdf');
    // filename* text is never read again as UTF-8 bytes: it says Ã©, so Ã© it is.
    expect(resourceName('https://x.ru/dl', `attachment; filename*=UTF-8''%C3%83%C2%A9.pdf`, 'application/pdf')).toBe(
      'Ã©.pdf',
    );
  });

  it('reads the malformed headers browsers accept instead of falling back to the URL', () => {
    expect(resourceName('https://x.ru/dl', 'attachment; filename=Otchet.pdf;', 'application/pdf')).toBe('Otchet.pdf');
    expect(resourceName('https://x.ru/dl', 'attachment; filename="Otchet.pdf";', 'application/pdf')).toBe('Otchet.pdf');
    expect(resourceName('https://x.ru/dl', 'attachment; filename=my report.pdf', 'application/pdf')).toBe(
      'my report.pdf',
    );
    expect(resourceName('https://x.ru/dl', 'attachment; filename="a.pdf"; filename="b.pdf"', 'application/pdf')).toBe(
      'a.pdf',
    );
    expect(resourceName('https://x.ru/dl', 'attachment; filename="unclosed.pdf', 'application/pdf')).toBe(
      'unclosed.pdf',
    );
    // Raw UTF-8 in a token, which the grammar allows only in quotes.
    expect(resourceName('https://x.ru/dl', receivedAsUtf8('attachment; filename=Отчёт.pdf'), 'application/pdf')).toBe(
      'Отчёт.pdf',
    );
    // An invalid filename* gives way to filename, as in browsers.
    expect(resourceName('https://x.ru/dl', `attachment; filename*=bogus; filename="plan.pdf"`, 'application/pdf')).toBe(
      'plan.pdf',
    );
    // What the strict grammar allows reads as before.
    expect(resourceName('https://x.ru/dl', 'attachment; filename="semi;colon.html"', 'text/html')).toBe(
      'semi;colon.html',
    );
    expect(resourceName('https://x.ru/dl', 'ATTACHMENT; FILENAME = "a\\"b.txt" ; size=3', 'text/plain')).toBe(
      'a_b.txt',
    );
    expect(resourceName('https://x.ru/dl', 'attachment; filename=""', 'image/png')).toBe('dl.png');
  });

  it("gives a script's URL name (download.php?id=5) the extension of the type it served", () => {
    expect(resourceName('https://x.com/download.php?id=5', null, 'application/pdf')).toBe('download.pdf');
    expect(resourceName('https://x.com/getfile.aspx?id=5', null, 'image/png')).toBe('getfile.png');
    expect(resourceName('https://x.com/file.ashx?id=5#p', null, 'application/pdf; charset=binary')).toBe('file.pdf');
  });

  it('keeps the extension of a URL name that fits its type, is generic, or is a static file; and a header name', () => {
    expect(resourceName('https://x.com/photo.jpeg?w=300', null, 'image/jpeg')).toBe('photo.jpeg');
    expect(resourceName('https://x.com/PHOTO.JPG?w=300', null, 'image/jpeg')).toBe('PHOTO.JPG');
    expect(resourceName('https://x.com/backup.tar.gz?v=2', null, 'application/gzip')).toBe('backup.tar.gz');
    expect(resourceName('https://x.com/download.php?id=5', null, 'application/octet-stream')).toBe('download.php');
    expect(resourceName('https://x.com/download.php?id=5', null, '')).toBe('download.php');
    expect(resourceName('https://x.com/report.docx', null, 'application/zip')).toBe('report.docx');
    expect(resourceName('https://x.com/download.php?id=5', 'attachment; filename="data.php"', 'application/pdf')).toBe(
      'data.php',
    );
    expect(resourceName('https://x.com/download?id=5', null, 'application/pdf')).toBe('download.pdf');
  });

  it('still makes hostile names safe, however they are sent', () => {
    expect(resourceName('https://x.com/dl', 'attachment; filename=../../etc/passwd;', 'text/plain')).toBe(
      '_.._etc_passwd',
    );
    expect(resourceName('https://x.com/dl', receivedAsUtf8('attachment; filename="\u202Egpj.exe"'), 'image/jpeg')).toBe(
      '_gpj.exe',
    );
    expect(resourceName('https://x.com/dl', 'attachment; filename=CON;', 'text/plain')).toBe('CON_.txt');
    expect(resourceName('https://x.com/a%2F..%2Fb.php?x=1', null, 'image/png')).toBe('a_.._b.png');
  });
});
