import { logDedication } from '../../../services/events';
import { newRequestId } from '../../../services/points';
import { loadMe } from '../../../services/session';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { dateOf } from '../../checkin/views';
import { photoForm } from '../../../behaviors/photo-form';
import { uploadMissing, type FormPhoto } from '../../../utils/photos';

type Photo = FormPhoto;

/** The first day of last month (China), the earliest date a log may have. */
function earliest(now: Date): string {
  const today = dateOf(now);
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}

/**
 * 奉献日服务登记: a member who served on their own (not at a dedication event) logs the date,
 * place, what they did, hours and photos. It goes to the branch secretary as a claim
 * (DEDICATION_LOG) and counts in the month once approved. One request id per form.
 */
Component({
  behaviors: [photoForm],
  data: {
    view: LOADING as ViewState,
    date: '',
    minDate: '',
    maxDate: '',
    place: '',
    content: '',
    hours: 1,
    photos: [] as Photo[],
    requestId: '',
    busy: false,
    error: '',
    myId: '',
  },
  methods: {
    onLoad() {
      const now = new Date();
      this.setData({ date: dateOf(now), maxDate: dateOf(now), minDate: earliest(now), requestId: newRequestId() });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      this.setData({ view: READY, myId: me.data.memberId });
    },
    onDate(e: { detail: { value: string } }) {
      this.setData({ date: e.detail.value });
    },
    onPlace(e: { detail: { value: string } }) {
      this.setData({ place: e.detail.value, error: '' });
    },
    onContent(e: { detail: { value: string } }) {
      this.setData({ content: e.detail.value, error: '' });
    },
    onHours(e: { detail: { value: number | string } }) {
      this.setData({ hours: Number(e.detail.value) });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const place = this.data.place.trim();
      const content = this.data.content.trim();
      if (!place) return this.setData({ error: '请填写服务地点' });
      if (!content) return this.setData({ error: '请填写服务内容' });
      if (!this.data.photos.length) return this.setData({ error: '请至少上传一张服务照片' });
      this.setData({ busy: true, error: '' });
      const up = await uploadMissing(this.data.photos, this.data.myId, (i, fileID) => this.setData({ [`photos[${i}].fileID`]: fileID }));
      if (!up.ok) return this.setData({ busy: false, error: up.message });
      const r = await logDedication({ date: this.data.date, place, content, hours: this.data.hours, photos: up.fileIDs, requestId: this.data.requestId });
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: '已提交，等待书记审核', icon: 'success' });
      wx.navigateBack({ delta: 1 });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
