import { uploadEvidence, type PickedPhoto } from '../services/points';

/** An evidence photo on a form: picked on the phone, `fileID` once uploaded. */
export type FormPhoto = PickedPhoto & { fileID: string };

/**
 * Lets the member add photos (album or camera, compressed) up to `max`; answers the new list,
 * or the same list when nothing was picked or the form is full.
 */
export function addPhotos(current: FormPhoto[], max: number): Promise<FormPhoto[]> {
  const left = max - current.length;
  if (left <= 0) return Promise.resolve(current);
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: left,
      mediaType: ['image'],
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
      success: (r) => {
        const added = r.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size, fileID: '' }));
        resolve([...current, ...added].slice(0, max));
      },
      fail: () => resolve(current),
    });
  });
}

export function withoutPhoto(current: FormPhoto[], index: number): FormPhoto[] {
  return current.filter((_, i) => i !== index);
}

/**
 * Uploads the photos that are not uploaded yet (a retried submit keeps those that made it),
 * under the uploader's folder. `saved` records each fileID as it lands; the first failure stops.
 */
export async function uploadMissing(photos: FormPhoto[], ownerId: string, saved: (index: number, fileID: string) => void): Promise<{ ok: true; fileIDs: string[] } | { ok: false; message: string }> {
  const fileIDs = photos.map((p) => p.fileID);
  for (let i = 0; i < photos.length; i++) {
    if (fileIDs[i]) continue;
    const up = await uploadEvidence(photos[i], ownerId);
    if (!up.ok) return { ok: false, message: `第 ${i + 1} 张照片上传失败：${up.message}` };
    fileIDs[i] = up.data.fileID;
    saved(i, up.data.fileID);
  }
  return { ok: true, fileIDs };
}
