import type { EventType } from '../../../../../core/contracts/events';
import type { MeRole } from '../../../../../core/contracts/auth';
import { createEvent } from '../../../../services/events';
import { newRequestId } from '../../../../services/points';
import { loadMe } from '../../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../../utils/view-state';
import { dateOf, EVENT_TYPE_LABELS } from '../../../../pages/checkin/views';
import { grantsFor } from '../../../../utils/permissions';

type TypeOption = { value: EventType; label: string; hint: string };
const TYPE_OPTIONS: TypeOption[] = [
  { value: 'dedication', label: EVENT_TYPE_LABELS.dedication, hint: '签到计“党员奉献日服务”积分（每月 1 次）' },
  { value: 'themeDay', label: EVENT_TYPE_LABELS.themeDay, hint: '签到计“参加党员活动日”积分' },
  { value: 'meeting', label: EVENT_TYPE_LABELS.meeting, hint: '签到计“参加三会一课”积分' },
  { value: 'volunteer', label: EVENT_TYPE_LABELS.volunteer, hint: '签到、签退，按服务整小时计“志愿服务”积分' },
  { value: 'gridDuty', label: EVENT_TYPE_LABELS.gridDuty, hint: '只记出勤，不计积分' },
  { value: 'other', label: EVENT_TYPE_LABELS.other, hint: '只记出勤，不计积分' },
];

function defaultTitle(type: EventType, date: string): string {
  const month = Number(date.slice(5, 7));
  return type === 'dedication' ? `${month}月党员奉献日` : type === 'volunteer' ? '志愿服务' : type === 'meeting' ? '支部党员大会' : EVENT_TYPE_LABELS[type];
}

/** `YYYY-MM-DD` + `HH:mm` China time → ISO with offset. */
const instant = (date: string, time: string): string => `${date}T${time}:00+08:00`;

/**
 * 新建活动 (staff): type (gives the default rule and whether check-out is asked), title,
 * organizing org (one of the caller's staff orgs; its members attend), date and times, early
 * and late check-in minutes, place, an optional geofence around where the secretary stands
 * now, check-out. Then straight to the QR page. One request id per form.
 */
Component({
  data: {
    view: LOADING as ViewState,
    types: TYPE_OPTIONS,
    type: 'dedication' as EventType,
    typeHint: TYPE_OPTIONS[0].hint,
    orgs: [] as MeRole[],
    orgId: '',
    title: '',
    titleTouched: false,
    date: '',
    minDate: '',
    start: '09:00',
    end: '11:00',
    early: 30,
    late: 30,
    place: '',
    fence: false,
    fencePoint: null as { lat: number; lng: number } | null,
    radius: 300,
    checkout: false,
    requestId: '',
    busy: false,
    error: '',
  },
  methods: {
    onLoad() {
      const today = dateOf(new Date());
      this.setData({ date: today, minDate: today, title: defaultTitle('dedication', today), requestId: newRequestId() });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const me = await loadMe();
      if (!me.ok) return this.setData({ view: errorView(me) });
      const orgs = grantsFor(me.data.roles, 'events.create').filter((r, i, all) => all.findIndex((x) => x.orgId === r.orgId) === i);
      if (!orgs.length) return this.setData({ view: emptyView('只有支部书记、网格长和组织管理员可以创建活动') });
      this.setData({ view: READY, orgs, orgId: orgs[0].orgId });
    },
    onType(e: { currentTarget: { dataset: { value: EventType } } }) {
      const type = e.currentTarget.dataset.value;
      const opt = TYPE_OPTIONS.find((o) => o.value === type)!;
      this.setData({
        type,
        typeHint: opt.hint,
        checkout: type === 'volunteer',
        ...(this.data.titleTouched ? {} : { title: defaultTitle(type, this.data.date) }),
      });
    },
    onOrg(e: { currentTarget: { dataset: { id: string } } }) {
      this.setData({ orgId: e.currentTarget.dataset.id });
    },
    onTitle(e: { detail: { value: string } }) {
      this.setData({ title: e.detail.value, titleTouched: true, error: '' });
    },
    onDate(e: { detail: { value: string } }) {
      this.setData({ date: e.detail.value, ...(this.data.titleTouched ? {} : { title: defaultTitle(this.data.type, e.detail.value) }) });
    },
    onStart(e: { detail: { value: string } }) {
      this.setData({ start: e.detail.value });
    },
    onEnd(e: { detail: { value: string } }) {
      this.setData({ end: e.detail.value });
    },
    onEarly(e: { detail: { value: number } }) {
      this.setData({ early: Number(e.detail.value) });
    },
    onLate(e: { detail: { value: number } }) {
      this.setData({ late: Number(e.detail.value) });
    },
    onPlace(e: { detail: { value: string } }) {
      this.setData({ place: e.detail.value });
    },
    onRadius(e: { detail: { value: number } }) {
      this.setData({ radius: Number(e.detail.value) });
    },
    onCheckout(e: { detail: { value: boolean } }) {
      this.setData({ checkout: e.detail.value });
    },
    /** The geofence's centre is where the secretary stands now (at the venue). */
    onFence(e: { detail: { value: boolean } }) {
      if (!e.detail.value) return this.setData({ fence: false, fencePoint: null });
      wx.getLocation({
        type: 'gcj02',
        success: (r) => this.setData({ fence: true, fencePoint: { lat: r.latitude, lng: r.longitude }, error: '' }),
        fail: () => this.setData({ fence: false, error: '未能获取位置：请在活动现场打开定位后再开启签到范围' }),
      });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const title = this.data.title.trim();
      if (!title) return this.setData({ error: '请填写活动名称' });
      if (this.data.end <= this.data.start) return this.setData({ error: '结束时间必须晚于开始时间' });
      this.setData({ busy: true, error: '' });
      const fence = this.data.fence && this.data.fencePoint ? { geofence: { ...this.data.fencePoint, radiusM: this.data.radius } } : {};
      const r = await createEvent({
        type: this.data.type,
        title,
        orgId: this.data.orgId,
        startAt: instant(this.data.date, this.data.start),
        endAt: instant(this.data.date, this.data.end),
        earlyMinutes: this.data.early,
        lateMinutes: this.data.late,
        ...(this.data.place.trim() ? { place: { name: this.data.place.trim() } } : {}),
        ...fence,
        checkoutRequired: this.data.checkout,
        requestId: this.data.requestId,
      });
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: '活动已创建', icon: 'success' });
      wx.redirectTo({ url: `/staff/pages/events/qr/index?id=${r.data.event.id}` });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
