import { config } from '../config';

/** A file the backend wrote to cloud storage for the caller (an export): its fileID and a short-lived URL. */
export type ExportedFile = { fileID: string; url: string };

export type Opened = { ok: true } | { ok: false; message: string };

/**
 * Opens an exported .xlsx on the phone (微信's document viewer, which can forward or save it).
 * Cloud mode: wx.cloud.downloadFile by fileID, which needs no download-domain whitelist (a plain
 * wx.downloadFile of the temp URL would). Local mode has no wx.cloud: the local gateway's URL is
 * downloaded directly (DevTools' domain check is off for local mode).
 */
export function openExport(file: ExportedFile, fileType: 'xlsx' | 'pdf' = 'xlsx'): Promise<Opened> {
  return new Promise((resolve) => {
    const open = (filePath: string) =>
      wx.openDocument({
        filePath,
        fileType,
        showMenu: true,
        success: () => resolve({ ok: true }),
        fail: () => resolve({ ok: false, message: '文件已生成，但手机无法打开，请在电脑上查看' }),
      });
    const failed = () => resolve({ ok: false, message: '文件下载失败，请检查网络后重试' });
    if (config.mode === 'cloud') {
      wx.cloud.downloadFile({ fileID: file.fileID, success: (r) => open(r.tempFilePath), fail: failed });
    } else {
      wx.downloadFile({ url: file.url, success: (r) => ((r.statusCode ?? 200) === 200 ? open(r.tempFilePath) : failed()), fail: failed });
    }
  });
}
