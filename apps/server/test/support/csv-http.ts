import type { Api } from '@stockline/test/support/api';

/** CSV over real HTTP, as the office sends and fetches it (the JSON client sends only JSON). */

export async function upload(
  api: Api,
  path: string,
  body: string | Buffer,
  contentType = 'text/csv',
): Promise<{ status: number; body: any }> {
  const res = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` },
    body,
  }).catch((error: unknown) => ({ status: -1, text: async () => String(error) }));
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

export async function download(
  api: Api,
  path: string,
  accept = 'text/csv',
): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(api.baseUrl + path, { headers: { accept, authorization: `Bearer ${api.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

export const importProducts = (api: Api, csv: string | Buffer, query = 'dryRun=false') =>
  upload(api, `/api/v1/import/products?${query}`, csv);
