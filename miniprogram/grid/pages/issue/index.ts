import type { IssueDetail } from '../../../../core/contracts/grid';
import { photoForm } from '../../../behaviors/photo-form';
import { getIssue, issueStep } from '../../../services/grid';
import { loadMe } from '../../../services/session';
import { askToSubscribe } from '../../../services/subscribe';
import { uploadMissing, type FormPhoto } from '../../../utils/photos';
import { BIND_URL, errorView, LOADING, READY, type ViewState } from '../../../utils/view-state';

type Step = 'accept' | 'return' | 'assign' | 'resolve' | 'verify' | 'reopen' | 'close' | 'escalate';
const LABELS: Record<Step, string> = { accept: '受理', return: '退回', assign: '交办', resolve: '提交处置结果', verify: '核实通过', reopen: '重新处置', close: '办结归档', escalate: '上报上一级' };
/** Steps that need a reason or a note typed first. */
const NEEDS_TEXT: Step[] = ['return', 'reopen', 'escalate', 'resolve'];
const KIND_LABELS: Record<string, string> = {
  report: '上报',
  accept: '受理',
  return: '退回',
  assign: '交办',
  resolve: '处置',
  verify: '核实',
  reopen: '重新处置',
  close: '办结',
  escalate: '上报上级',
  overdue: '超期',
};

type Line = { seq: number; title: string; note: string; at: string };

function when(isoText: string): string {
  const d = new Date(new Date(isoText).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * 事项详情: what was reported, where (a map point), the timeline (who, when, note), and the steps
 * the caller may take now (the server says which: `can`). Resolving takes a note and photos;
 * assigning takes a member id or a lower grid's id; returning, reopening and escalating a reason.
 */
Component({
  behaviors: [photoForm],
  data: {
    view: LOADING as ViewState,
    id: '',
    issue: null as IssueDetail | null,
    lines: [] as Line[],
    steps: [] as { step: Step; label: string }[],
    reportedAt: '',
    deadline: '',
    text: '',
    assignTo: 'member' as 'member' | 'org',
    target: '',
    photos: [] as FormPhoto[],
    busy: false,
    error: '',
    myId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async load() {
      this.setData({ view: LOADING });
      const [me, r] = await Promise.all([loadMe(), getIssue(this.data.id)]);
      if (!me.ok) return this.setData({ view: errorView(me) });
      if (!r.ok) return this.setData({ view: errorView(r) });
      this.show(r.data.issue);
      this.setData({ myId: me.data.memberId, view: READY });
    },
    show(issue: IssueDetail) {
      const steps = (Object.keys(LABELS) as Step[]).filter((s) => issue.can[s]).map((step) => ({ step, label: LABELS[step] }));
      const lines = issue.timeline.map((t) => ({ seq: t.seq, title: `${KIND_LABELS[t.kind] ?? t.kind} · ${t.actorName}${t.auto ? '（自动）' : ''}`, note: t.note, at: when(t.at) }));
      this.setData({ issue, steps, lines, reportedAt: when(issue.reportedAt), deadline: issue.deadlineAt ? when(issue.deadlineAt) : '', text: '', target: '', photos: [], error: '' });
    },
    onText(e: { detail: { value: string } }) {
      this.setData({ text: e.detail.value });
    },
    onTarget(e: { detail: { value: string } }) {
      this.setData({ target: e.detail.value });
    },
    onAssignTo(e: { currentTarget: { dataset: { to: 'member' | 'org' } } }) {
      this.setData({ assignTo: e.currentTarget.dataset.to });
    },
    onMap() {
      const i = this.data.issue;
      if (i) wx.openLocation({ latitude: i.location.latitude, longitude: i.location.longitude, name: i.categoryName, scale: 16 });
    },
    async onStep(e: { currentTarget: { dataset: { step: Step } } }) {
      if (this.data.busy) return;
      const step = e.currentTarget.dataset.step;
      const text = this.data.text.trim();
      if (NEEDS_TEXT.includes(step) && !text) return this.setData({ error: step === 'resolve' ? '请填写处置结果' : '请填写原因' });
      if (step === 'assign' && !this.data.target.trim()) return this.setData({ error: this.data.assignTo === 'member' ? '请填写经办人编号' : '请填写下级网格编号' });
      this.setData({ busy: true, error: '' });
      // whoever handles issues next waits on others: assignments, escalations to their level, results
      void askToSubscribe('gridAssigned', 'gridEscalated', 'gridResolved');
      let fields: Record<string, unknown>;
      if (step === 'return' || step === 'reopen' || step === 'escalate') fields = { reason: text };
      else if (step === 'assign')
        fields = this.data.assignTo === 'member' ? { to: 'member', memberId: this.data.target.trim(), note: text } : { to: 'org', orgId: this.data.target.trim(), note: text };
      else if (step === 'resolve') {
        const up = await uploadMissing(this.data.photos, this.data.myId, (i, fileID) => this.setData({ [`photos[${i}].fileID`]: fileID }));
        if (!up.ok) return this.setData({ busy: false, error: up.message });
        fields = { note: text, photos: up.fileIDs };
      } else fields = { note: text };
      const r = await issueStep(step, this.data.id, fields);
      this.setData({ busy: false });
      if (!r.ok) {
        if (r.code === 'NOT_BOUND') return wx.navigateTo({ url: BIND_URL });
        return this.setData({ error: r.message });
      }
      wx.showToast({ title: '已' + LABELS[step], icon: 'success' });
      this.show(r.data.issue);
    },
    onStateAction() {
      if (this.data.view.action === 'bind') wx.navigateTo({ url: BIND_URL });
      else void this.load();
    },
  },
});
