import { sdk } from './sdk';

/**
 * Short-lived URLs for cloud storage files (evidence photos), handed to the mini-program by
 * functions: the client never reads storage directly. One storage request per 50 files.
 */
type SdkTempUrls = {
  getTempFileURL(o: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: { fileID: string; tempFileURL?: string }[] }>;
};

const MAX_PER_REQUEST = 50;

/** fileID -> temp URL ('' for a file that is gone or foreign). */
export async function tempFileUrls(fileIDs: string[], maxAgeSec = 600): Promise<Map<string, string>> {
  const unique = [...new Set(fileIDs)];
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += MAX_PER_REQUEST) {
    const chunk = unique.slice(i, i + MAX_PER_REQUEST);
    const r = await (sdk() as unknown as SdkTempUrls).getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: maxAgeSec })) });
    for (const f of r.fileList ?? []) out.set(f.fileID, f.tempFileURL ?? '');
  }
  for (const f of unique) if (!out.has(f)) out.set(f, '');
  return out;
}
