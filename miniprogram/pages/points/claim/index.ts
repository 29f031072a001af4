import type { RuleView } from '../../../../core/contracts/points';
import { listRules, newRequestId, submitClaim } from '../../../services/points';
import { ASK, askToSubscribe } from '../../../services/subscribe';
import { loadMe } from '../../../services/session';
import { BIND_URL, emptyView, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';
import { capsText, pointsText } from '../views';
import { photoForm } from '../../../behaviors/photo-form';
import { uploadMissing, type FormPhoto } from '../../../utils/photos';

type RuleOption = { code: string; name: string; points: string; caps: string; photo: boolean; description: string; gridReport: boolean };
type Photo = FormPhoto;

function option(r: RuleView): RuleOption {
  return {
    code: r.code,
    name: r.name,
    points: pointsText(r.evalPoints, r.redeemPoints),
    caps: capsText(r.caps),
    photo: r.evidence === 'photo',
    description: r.description,
    gridReport: r.trigger === 'grid-report',
  };
}

/**
 * 申报积分: pick a rule the member may claim, describe what they did, add photos (wx.chooseMedia,
 * uploaded on submit: wx.cloud.uploadFile in cloud mode, points.evidence.upload in local mode),
 * submit. With ?memberId=&memberName= a grid leader reports for a member of the grid (grid
 * reports are offered then). One request id per form: a second tap or a retry makes one claim.
 */
Component({
  behaviors: [photoForm],
  data: {
    view: LOADING as ViewState,
    forMember: { id: '', name: '' },
    options: [] as RuleOption[],
    selected: '',
    selectedRule: null as RuleOption | null,
    note: '',
    photos: [] as Photo[],
    requestId: '',
    busy: false,
    error: '',
    myId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const id = query.memberId ?? '';
      const name = query.memberName ? decodeURIComponent(query.memberName) : '';
      this.setData({ forMember: { id, name }, requestId: newRequestId() });
      if (id) wx.setNavigationBarTitle({ title: `为${name || '党员'}代为申报` });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const [me, rules] = await Promise.all([loadMe(), listRules('claimable')]);
      if (!me.ok) return this.setData({ view: errorView(me) });
      if (!rules.ok) return this.setData({ view: errorView(rules) });
      const reporting = Boolean(this.data.forMember.id);
      // members claim 'claim' rules; grid reports only when a grid leader reports for someone
      const options = rules.data.rules.filter((r) => r.trigger === 'claim' || (reporting && r.trigger === 'grid-report')).map(option);
      if (!options.length) return this.setData({ view: emptyView('当前没有可以申报的积分项目', '返回', 'retry') });
      this.setData({ view: READY, options, myId: me.data.memberId });
    },
    onRule(e: { currentTarget: { dataset: { code: string } } }) {
      const code = e.currentTarget.dataset.code;
      this.setData({ selected: code, selectedRule: this.data.options.find((o) => o.code === code) ?? null, error: '' });
    },
    onNote(e: { detail: { value: string } }) {
      this.setData({ note: e.detail.value });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const rule = this.data.selectedRule;
      const note = this.data.note.trim();
      if (!rule) return this.setData({ error: '请选择申报的积分项目' });
      if (!note) return this.setData({ error: '请填写申报说明：做了什么、什么时间、在哪里' });
      if (rule.photo && !this.data.photos.length) return this.setData({ error: '该项目需要上传照片作为佐证' });
      this.setData({ busy: true, error: '' });
      // asked inside the tap: WeChat only shows the prompt for a user gesture
      const subscribed = askToSubscribe(...ASK.claim);
      const up = await uploadMissing(this.data.photos, this.data.myId, (i, fileID) => this.setData({ [`photos[${i}].fileID`]: fileID }));
      if (!up.ok) return this.setData({ busy: false, error: up.message });
      await subscribed;
      const r = await submitClaim({
        ruleCode: rule.code,
        note,
        photos: up.fileIDs,
        requestId: this.data.requestId,
        ...(this.data.forMember.id ? { memberId: this.data.forMember.id } : {}),
      });
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: '已提交，等待审核', icon: 'success' });
      wx.redirectTo({ url: this.data.forMember.id ? '/pages/points/claims/index?box=reported' : '/pages/points/claims/index' });
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else if (this.data.view.status === 'empty') wx.navigateBack({ delta: 1 });
      else void this.load();
    },
  },
});
