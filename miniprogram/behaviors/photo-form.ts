import { addPhotos, withoutPhoto, type FormPhoto } from '../utils/photos';

/** At most this many evidence photos on a form (the contracts allow 9). */
export const MAX_PHOTOS = 9;

type PhotoPage = {
  data: { photos: FormPhoto[] };
  setData(d: Record<string, unknown>): void;
};

/**
 * The photo list of an evidence form (claim, dedication-day log): `photos` and `maxPhotos` in
 * data, add with wx.chooseMedia up to the limit, remove by index. Uploading happens on submit
 * (utils/photos uploadMissing), so a photo picked and removed is never uploaded.
 */
export const photoForm = Behavior({
  data: { photos: [] as FormPhoto[], maxPhotos: MAX_PHOTOS },
  methods: {
    async onAddPhoto() {
      const page = this as unknown as PhotoPage;
      const photos = await addPhotos(page.data.photos, MAX_PHOTOS);
      if (photos !== page.data.photos) page.setData({ photos, error: '' });
    },
    onRemovePhoto(e: { currentTarget: { dataset: { index: number } } }) {
      const page = this as unknown as PhotoPage;
      page.setData({ photos: withoutPhoto(page.data.photos, Number(e.currentTarget.dataset.index)) });
    },
  },
});
