import { sdk } from './sdk';

/**
 * Cloud storage through wx-server-sdk (core/db is the only place that touches it). Files are
 * uploaded by the mini-program (wx.cloud.uploadFile) and read here by fileID.
 */
type SdkStorage = {
  downloadFile(o: { fileID: string }): Promise<{ fileContent: Buffer }>;
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
};

const storage = (): SdkStorage => sdk() as unknown as SdkStorage;

/** The file's bytes, or null when there is no such file. */
export async function downloadFile(fileID: string): Promise<Buffer | null> {
  try {
    const r = await storage().downloadFile({ fileID });
    return Buffer.isBuffer(r.fileContent) ? r.fileContent : Buffer.from(r.fileContent);
  } catch (e) {
    const x = e as { errCode?: number; code?: string; errMsg?: string; message?: string };
    if (x?.errCode === -503003 || /STORAGE_FILE_NONEXIST|does not exist|not exist/i.test(`${x?.code ?? ''} ${x?.errMsg ?? ''} ${x?.message ?? ''}`)) return null;
    throw e;
  }
}

export async function uploadFile(cloudPath: string, content: Buffer): Promise<string> {
  return (await storage().uploadFile({ cloudPath, fileContent: content })).fileID;
}
