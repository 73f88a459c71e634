import type { HttpClient, Query } from '@stockline/replica';

/** The file name the server suggests (Content-Disposition), else the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Hands a fetched file to the browser as a download under the server's suggested name. */
export async function saveResponse(res: Response, fallbackName: string): Promise<string> {
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The click starts the download synchronously; revoke on the next turn so it can read the blob.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return name;
}

/**
 * Fetches a CSV export with the bearer token (a plain link could not send it) and hands it to
 * the browser as a download.
 */
export async function downloadCsv(http: HttpClient, path: string, query: Query, fallbackName: string): Promise<string> {
  return saveResponse(await http.fetchOk('GET', path, { query, accept: 'text/csv' }), fallbackName);
}
