import type { PickedPhoto } from '../services/points';

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
